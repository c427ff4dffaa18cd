"""Stored numbers with a declared range: one declaration on the model field, enforced everywhere.

``minimum`` and ``maximum`` on a ranged field become the field's validators (so ModelForms, DRF
ModelSerializers and ``full_clean`` refuse a value out of range with the field's own message) and
the column's database CHECK (so nothing, not even a bulk update, can store one). Django has no
option that derives a CHECK from validators; ``db_check`` is the hook its own positive integer
fields use, and migrations alter the CHECK when a bound changes.

``validate_stored_numbers`` runs every numeric field's validators before any save of a project
model (connected in TebuSiteConfig.ready), so a service that forgot to validate still cannot write
a number its column cannot hold: the user gets a field error, never a 500 or a page that breaks
for others.
"""

from __future__ import annotations

import math
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from tebu_site.formatting import format_rupiah

# Rupiah columns are DecimalField(16, 2): the column holds up to 10^14. A real amount is far below:
# a whole season of one mill is a few hundred billion rupiah. The ceiling is a setting so that a
# mill can raise it without a migration; the database keeps only the column's own limit.
MONEY = {"max_digits": 16, "decimal_places": 2}


def _sql_literal(value) -> str:
    return format(Decimal(value), "f") if isinstance(value, Decimal) else repr(value)


class RangeMixin:
    def __init__(self, *args, minimum=None, maximum=None, **kwargs):
        self.minimum, self.maximum = minimum, maximum
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.minimum is not None:
            kwargs["minimum"] = self.minimum
        if self.maximum is not None:
            kwargs["maximum"] = self.maximum
        return name, path, args, kwargs

    @cached_property
    def validators(self):
        bounds = []
        if self.minimum is not None:
            bounds.append(MinValueValidator(self.minimum))
        if self.maximum is not None:
            bounds.append(MaxValueValidator(self.maximum))
        return [*super().validators, *bounds]

    def db_check(self, connection):
        checks = [check] if (check := super().db_check(connection)) else []
        column = connection.ops.quote_name(self.column)
        if self.minimum is not None:
            checks.append(f"{column} >= {_sql_literal(self.minimum)}")
        if self.maximum is not None:
            checks.append(f"{column} <= {_sql_literal(self.maximum)}")
        return " AND ".join(f"({check})" for check in checks) if checks else None

    def formfield(self, **kwargs):
        # The form field shows the bounds to the browser (min/max attributes) and checks them.
        if self.minimum is not None:
            kwargs.setdefault("min_value", self.minimum)
        if self.maximum is not None:
            kwargs.setdefault("max_value", self.maximum)
        return super().formfield(**kwargs)


class RangedDecimalField(RangeMixin, models.DecimalField):
    pass


class RangedIntegerField(RangeMixin, models.IntegerField):
    pass


class RangedPositiveSmallIntegerField(RangeMixin, models.PositiveSmallIntegerField):
    pass


class RangedPositiveIntegerField(RangeMixin, models.PositiveIntegerField):
    pass


class RangedFloatField(RangeMixin, models.FloatField):
    pass


@deconstructible
class PlausibleAmountValidator:
    """An amount in Rupiah no real partnership reaches (settings.TEBU_AMOUNT_CEILING)."""

    code = "implausible_amount"

    def __call__(self, value) -> None:
        ceiling = settings.TEBU_AMOUNT_CEILING
        if value is not None and abs(value) > ceiling:
            raise ValidationError(
                _("%(value)s is more than any real amount (the limit is %(limit)s). Check it."),
                code=self.code,
                params={"value": format_rupiah(value), "limit": format_rupiah(ceiling)},
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, PlausibleAmountValidator)


class MoneyField(RangedDecimalField):
    """Rupiah, 2 decimals, 0 or more unless ``minimum`` says otherwise, below the plausibility
    ceiling."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", MONEY["max_digits"])
        kwargs.setdefault("decimal_places", MONEY["decimal_places"])
        kwargs.setdefault("minimum", Decimal(0))
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        # 0 is the default minimum; a money field that may be negative says so explicitly.
        if self.minimum is None:
            kwargs["minimum"] = None
        elif self.minimum == 0:
            kwargs.pop("minimum")
        return name, path, args, kwargs

    @cached_property
    def validators(self):
        return [*super().validators, PlausibleAmountValidator()]


NUMERIC_FIELDS = (models.DecimalField, models.IntegerField, models.FloatField)


def validate_stored_numbers(instance: models.Model) -> None:
    """Run the validators of every numeric field of ``instance``; raise one ValidationError naming
    each field out of range (no query: foreign keys and uniqueness are left to their own checks)."""
    errors: dict[str, list] = {}
    for field in instance._meta.concrete_fields:
        if not isinstance(field, NUMERIC_FIELDS) or field.primary_key or field.is_relation:
            continue
        value = getattr(instance, field.attname)
        if value is None:
            continue
        try:
            value = field.to_python(value)
            if isinstance(value, float) and not math.isfinite(value):
                raise ValidationError(_("Give a finite number."), code="invalid")
            field.run_validators(value)
        except ValidationError as error:
            errors[field.name] = error.error_list
    if errors:
        raise ValidationError(errors)
