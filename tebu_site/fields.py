"""Stored numbers with a declared range: one declaration on the model field, enforced everywhere.

``minimum`` and ``maximum`` on a ranged field become the field's validators (so ModelForms, DRF
ModelSerializers and ``full_clean`` refuse a value out of range with the field's own message) and
a CheckConstraint on its model (so nothing, not even a bulk update, can store one). Django has no
option that derives a constraint from validators; the field adds it to its model's Meta when the
class is built, and makemigrations writes it like any declared constraint. (``db_check``, the
hook Django's positive integer fields use, is not altered by migrations on PostgreSQL.)

``validate_stored_numbers`` runs every numeric field's validators before any save of a project
model (connected in TebuSiteConfig.ready), so a service that forgot to validate still cannot write
a number its column cannot hold: the user gets a field error, never a 500 or a page that breaks
for others.
"""

from __future__ import annotations

import hashlib
import math
from contextlib import suppress
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.apps import apps as global_apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property, lazy
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from tebu_site.formatting import format_rupiah

# Rupiah columns are DecimalField(16, 2): the column holds up to 10^14. A real amount is far below:
# a whole season of one mill is a few hundred billion rupiah. The ceiling is a setting so that a
# mill can raise it without a migration; the database keeps only the column's own limit.
MONEY = {"max_digits": 16, "decimal_places": 2}
# Stored uploads: far above every upload limit of the forms (documents, evidence, photos).
FILE_SIZE_MAX_BYTES = 100 * 1024 * 1024


def _outside_range(verbose_name) -> str:
    # "%" is doubled: CheckConstraint formats its message again with the constraint's name.
    field = str(capfirst(verbose_name)).replace("%", "%%")
    return str(_("%(field)s is outside its range.")) % {"field": field}


# Formatted when read, in the reader's language. Formatting at import would freeze whichever
# language was active then into the constraint, and so into the migrations: a translated field
# label would change the schema. makemigrations runs with translations deactivated, so the
# migrations hold the English message and stay the same whatever the catalogue says.
_range_message = lazy(_outside_range, str)


def _constraint_name(cls, field_name: str) -> str:
    # PostgreSQL cuts identifiers at 63 characters; a long name keeps a hash so two stay distinct.
    name = f"{cls._meta.app_label}_{cls.__name__.lower()}_{field_name}_range"
    if len(name) <= 63:
        return name
    return f"{name[:54]}_{hashlib.sha1(name.encode()).hexdigest()[:8]}"  # noqa: S324 - a name


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

    def contribute_to_class(self, cls, name, *args, **kwargs):
        super().contribute_to_class(cls, name, *args, **kwargs)
        if cls._meta.abstract or cls._meta.proxy or (self.minimum is None and self.maximum is None):
            return
        if cls._meta.apps is not global_apps:
            return  # a model rendered from migrations: its constraints come from the migrations
        constraint = self._range_constraint(cls)
        # A new list: Meta.constraints may be shared with a parent's Meta. Setting original_attrs
        # is what makes makemigrations see the constraint (ModelState.from_model reads it).
        cls._meta.constraints = [*cls._meta.constraints, constraint]
        cls._meta.original_attrs["constraints"] = cls._meta.constraints

    def _range_constraint(self, cls) -> models.CheckConstraint:
        condition = models.Q()
        if self.minimum is not None:
            condition &= models.Q(**{f"{self.name}__gte": self.minimum})
        if self.maximum is not None:
            condition &= models.Q(**{f"{self.name}__lte": self.maximum})
        if self.null:
            condition |= models.Q(**{f"{self.name}__isnull": True})
        return models.CheckConstraint(
            condition=condition,
            name=_constraint_name(cls, self.name),
            violation_error_message=_range_message(self.verbose_name),
        )

    def formfield(self, **kwargs):
        # The form field shows the bounds to the browser (min/max attributes) and checks them.
        if self.minimum is not None:
            kwargs.setdefault("min_value", self.minimum)
        if self.maximum is not None:
            kwargs.setdefault("max_value", self.maximum)
        return super().formfield(**kwargs)


class RangedDecimalField(RangeMixin, models.DecimalField):
    def formfield(self, **kwargs):
        # Every form (ModelForms and the admin) takes "7,5" and "7.5" alike.
        from tebu_site.forms import DecimalCommaField

        kwargs.setdefault("form_class", DecimalCommaField)
        return super().formfield(**kwargs)


class RangedIntegerField(RangeMixin, models.IntegerField):
    pass


class RangedPositiveSmallIntegerField(RangeMixin, models.PositiveSmallIntegerField):
    pass


class RangedPositiveIntegerField(RangeMixin, models.PositiveIntegerField):
    pass


class RangedPositiveBigIntegerField(RangeMixin, models.PositiveBigIntegerField):
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

    def formfield(self, **kwargs):
        from tebu_site.forms import RupiahField  # forms import auth models: not at model import

        kwargs.setdefault("form_class", RupiahField)
        return super().formfield(**kwargs)


NUMERIC_FIELDS = (models.DecimalField, models.IntegerField, models.FloatField)


def validate_stored_numbers(instance: models.Model) -> None:
    """Run the validators of every numeric field of ``instance``; raise one ValidationError naming
    each field out of range (no query: foreign keys and uniqueness are left to their own checks)."""
    errors: dict[str, list] = {}
    for field in instance._meta.concrete_fields:
        # A field that stores numbers inside a structure (a DO's packed lines) checks its own.
        check = getattr(field, "check_stored_numbers", None)
        if check is not None:
            try:
                check(instance)
            except ValidationError as error:
                errors[field.name] = error.error_list
            continue
        if not isinstance(field, NUMERIC_FIELDS) or field.primary_key or field.is_relation:
            continue
        value = getattr(instance, field.attname)
        if value is None:
            continue
        try:
            value = field.to_python(value)
            places = getattr(field, "decimal_places", None)
            if isinstance(value, Decimal) and value.is_finite() and places is not None:
                # The column keeps decimal_places: round half-up here, where the number is
                # stored (the database would round half-even), then check what is kept.
                with suppress(InvalidOperation):  # too many digits: the validator says so
                    value = value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
                    setattr(instance, field.attname, value)
            if isinstance(value, float) and not math.isfinite(value):
                raise ValidationError(_("Give a finite number."), code="invalid")
            field.run_validators(value)
        except ValidationError as error:
            errors[field.name] = error.error_list
    if errors:
        raise ValidationError(errors)
