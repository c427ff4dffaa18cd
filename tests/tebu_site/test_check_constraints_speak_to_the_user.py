"""A CHECK that model validation reaches (a form, a service's full_clean) shows its own sentence,
translatable, never Django's "Constraint “name” is violated" with the database's name in it."""

from django.apps import apps
from django.conf import settings
from django.db import models


def test_every_check_constraint_has_a_message_of_its_own():
    unnamed = [
        f"{model._meta.label}.{constraint.name}"
        for label in settings.PROJECT_APPS
        for model in apps.get_app_config(label).get_models()
        for constraint in model._meta.constraints
        if isinstance(constraint, models.CheckConstraint)
        and constraint.violation_error_message == constraint.default_violation_error_message
    ]
    assert unnamed == []


def test_a_range_message_speaks_the_readers_language_and_keeps_the_migrations_english():
    """The message is formatted when read: the label and the sentence follow the active
    language, and makemigrations (translations deactivated) writes the English one, so a
    translated label never changes the schema."""
    from django.utils import translation

    from partners.models import Farmer

    (constraint,) = [
        c for c in Farmer._meta.constraints if c.name == "partners_farmer_household_size_range"
    ]
    with translation.override("en"):
        english = constraint.get_violation_error_message()
    with translation.override("id"):
        indonesian = constraint.get_violation_error_message()
    assert english == "Household size is outside its range."
    assert indonesian.endswith("di luar batas yang diizinkan.")
    assert "Household size" not in indonesian

    migration_text = "".join(
        path.read_text() for path in (settings.BASE_DIR / "partners" / "migrations").glob("0*.py")
    )
    assert "violation_error_message='Household size is outside its range.'" in migration_text


def test_every_check_constraint_message_renders_in_both_languages():
    """CheckConstraint formats its message with "%": a bare "%" in a label or a sentence
    ("100 %.") would raise instead of telling the user what is wrong."""
    from django.utils import translation

    broken = []
    for label in settings.PROJECT_APPS:
        for model in apps.get_app_config(label).get_models():
            for constraint in model._meta.constraints:
                if not isinstance(constraint, models.CheckConstraint):
                    continue
                for language in ("id", "en"):
                    with translation.override(language):
                        try:
                            constraint.get_violation_error_message()
                        except (ValueError, TypeError, KeyError) as error:
                            where = f"{model._meta.label}.{constraint.name} ({language})"
                            broken.append(f"{where}: {error}")
    assert broken == []
