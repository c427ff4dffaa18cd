"""Every stored number has a range, declared once on its field (tebu_site.fields): the field's
validators refuse it on every save with the field's own message, and the database refuses it
even where Python is skipped (bulk writes, SQL)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from rest_framework.test import APIClient

from harvest.models import HarvestPolicy
from partners.models import Mill
from tebu_site.fields import (
    NUMERIC_FIELDS,
    MoneyField,
    PlausibleAmountValidator,
    validate_stored_numbers,
)
from tebu_site.models import Role
from tests.factories import MillFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_save_out_of_range_names_the_field_and_writes_nothing():
    mill = MillFactory()
    policy = HarvestPolicy(mill=mill, spta_valid_hours=10_000, max_gross_kg=Decimal("1e20"))
    with pytest.raises(ValidationError) as caught:
        policy.save()
    assert set(caught.value.message_dict) == {"spta_valid_hours", "max_gross_kg"}
    assert not HarvestPolicy.objects.exists()


def test_the_database_refuses_what_python_skips():
    mill = MillFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        HarvestPolicy.objects.bulk_create([HarvestPolicy(mill=mill, spta_valid_hours=10_000)])
    HarvestPolicy.objects.create(mill=mill)
    with pytest.raises(IntegrityError), transaction.atomic():
        HarvestPolicy.objects.filter(mill=mill).update(quota_tolerance_percent=101)


def test_a_nullable_number_may_stay_empty():
    mill = MillFactory(daily_capacity_tonnes=None)
    assert Mill.objects.get(pk=mill.pk).daily_capacity_tonnes is None
    mill.daily_capacity_tonnes = Decimal("-1")
    with pytest.raises(ValidationError) as caught:
        mill.save()
    assert "daily_capacity_tonnes" in caught.value.message_dict


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), Decimal("1e30")])
def test_non_finite_and_oversized_decimals_are_refused(value):
    mill = MillFactory()
    mill.daily_capacity_tonnes = value
    with pytest.raises(ValidationError):
        validate_stored_numbers(mill)


def test_the_plausibility_ceiling_is_a_setting(settings):
    settings.TEBU_AMOUNT_CEILING = Decimal("1000")
    PlausibleAmountValidator()(Decimal("1000"))
    with pytest.raises(ValidationError, match="Rp 1.000"):
        PlausibleAmountValidator()(Decimal("1000.01"))


def test_money_may_be_negative_only_where_the_field_says_so():
    assert MoneyField().minimum == 0
    assert MoneyField(minimum=None).minimum is None
    assert MoneyField(minimum=None).deconstruct()[3]["minimum"] is None


def test_an_out_of_range_value_reaching_the_api_is_a_400_not_a_500():
    # The model's own check speaks through the API's one error shape.
    manager = UserFactory(role=Role.ADMINISTRATOR, is_superuser=True)
    client = APIClient()
    client.force_authenticate(manager)
    response = client.post(
        "/api/settlement-schemes/",
        {"name": "x", "parameters": {"kind": "price_per_kg", "contract_price_per_kg": "1e400"}},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"detail", "errors"}


def test_extra_decimals_are_rounded_half_up_where_they_are_stored():
    mill = MillFactory(daily_capacity_tonnes=Decimal("6500.125"))  # the column keeps 2 places
    assert mill.daily_capacity_tonnes == Decimal("6500.13")
    assert Mill.objects.get(pk=mill.pk).daily_capacity_tonnes == Decimal("6500.13")


def _fields_named_in(condition) -> set[str]:
    names = set()
    for child in condition.children:
        if isinstance(child, tuple):
            names.add(child[0].split("__")[0])
        else:
            names |= _fields_named_in(child)
    return names


def _unranged_numbers() -> list[str]:
    """Numeric columns of our models without a declared range: a range is a MoneyField (column
    digits, plausibility ceiling), a closed set of choices, or a minimum and a maximum validator
    with a CHECK constraint on the column."""
    from django.apps import apps
    from django.conf import settings
    from django.core.validators import MaxValueValidator, MinValueValidator
    from django.db import models

    missing = []
    for app_label in settings.PROJECT_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if model.__name__.startswith("Historical"):
                continue  # django-simple-history copies the columns it audits
            checked = set()
            for constraint in model._meta.constraints:
                if isinstance(constraint, models.CheckConstraint):
                    checked |= _fields_named_in(constraint.condition)
            for field in model._meta.concrete_fields:
                if not isinstance(field, NUMERIC_FIELDS) or field.primary_key or field.is_relation:
                    continue
                if field.choices or isinstance(field, MoneyField):
                    continue
                kinds = {type(v) for v in field.validators}
                bounded = MinValueValidator in kinds and MaxValueValidator in kinds
                if not (bounded and field.name in checked):
                    missing.append(f"{model._meta.label}.{field.name}")
    return missing


def test_every_stored_number_of_ours_has_a_range():
    assert _unranged_numbers() == []
