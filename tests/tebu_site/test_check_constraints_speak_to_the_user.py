"""A CHECK that model validation reaches (a form, a service's full_clean) shows its own sentence,
translatable, never Django's "Constraint “name” is violated" with the database's name in it."""

from django.apps import apps
from django.db import models

# Their models are being changed on other branches (the stored-number ranges of issue 13, the
# credit tranche plans); the lead adds their messages when merging, then empties this set.
NOT_YET = {"harvest", "credit"}
PROJECT_APPS = [
    "tebu_site",
    "partners",
    "harvest",
    "surveys",
    "analytics",
    "notices",
    "complaints",
    "compliance",
    "credit",
]


def test_every_check_constraint_has_a_message_of_its_own():
    unnamed = [
        f"{model._meta.label}.{constraint.name}"
        for label in PROJECT_APPS
        if label not in NOT_YET
        for model in apps.get_app_config(label).get_models()
        for constraint in model._meta.constraints
        if isinstance(constraint, models.CheckConstraint)
        and constraint.violation_error_message == constraint.default_violation_error_message
    ]
    assert unnamed == []
