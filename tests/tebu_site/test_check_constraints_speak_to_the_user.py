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
