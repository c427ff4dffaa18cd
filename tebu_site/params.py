"""One way to read a value from a URL or a POST that has no form of its own (issue 13).

Anything can arrive in a query string: ``abc`` for an id, ``NaN`` or ``1e999999`` for an amount,
``9999-12-31`` for a date (a week after it does not exist), a superscript ``²`` that
``isdigit()`` accepts and ``int()`` refuses, a NUL byte PostgreSQL will not store. A page with a
filter has a small ``forms.Form`` (or a django-filter FilterSet) and shows the form's error; the
few values a view reads directly (a farmer to preselect, a mill to show, a page's "start") go
through the readers here. Each reader cleans the value with a Django form field, so the rules are
the forms' own, and answers the default for a missing or bad value: it never raises.

``read()`` takes several fields at once and also returns the errors, for a page that wants to say
what it ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _

from tebu_site.fields import MONEY

# The largest primary key the database can hold (BigAutoField); a larger number is no id.
MAX_ID = 2**63 - 1
# Dates a mill's pages can mean: a week or a year either side still exists in Python's calendar.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)
TEXT_MAX_LENGTH = 200
# The largest amount a money column holds (tebu_site.fields.MONEY: 16 digits, 2 decimals).
MONEY_MAX = Decimal(10) ** (MONEY["max_digits"] - MONEY["decimal_places"]) - Decimal("0.01")


class WindowDateField(forms.DateField):
    """A date between ``earliest`` and ``latest`` (both included)."""

    def __init__(self, *, earliest: date = EARLIEST_DATE, latest: date = LATEST_DATE, **kwargs):
        self.earliest, self.latest = earliest, latest
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value is not None and not (self.earliest <= value <= self.latest):
            raise ValidationError(
                _("Enter a date between %(earliest)s and %(latest)s."),
                code="date_window",
                params={"earliest": self.earliest.isoformat(), "latest": self.latest.isoformat()},
            )


def id_field(**kwargs) -> forms.IntegerField:
    """A primary key: a whole number from 1 to the largest the database holds."""
    return forms.IntegerField(min_value=1, max_value=MAX_ID, required=False, **kwargs)


def int_field(*, min_value: int = 1, max_value: int, **kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        min_value=min_value, max_value=max_value, required=kwargs.pop("required", False), **kwargs
    )


def decimal_field(
    *,
    max_value: Decimal,
    min_value: Decimal = Decimal(0),
    decimal_places: int = 2,
    **kwargs,
) -> forms.DecimalField:
    """A bounded number: Django refuses NaN and infinities; the digit limit refuses 1e999999
    before any arithmetic sees it."""
    digits = len(str(int(abs(max_value)))) + decimal_places
    return forms.DecimalField(
        min_value=min_value,
        max_value=max_value,
        max_digits=digits,
        decimal_places=decimal_places,
        required=kwargs.pop("required", False),
        **kwargs,
    )


def date_field(**kwargs) -> WindowDateField:
    return WindowDateField(required=kwargs.pop("required", False), **kwargs)


def choice_field(choices, **kwargs) -> forms.ChoiceField:
    """``choices`` as Django's (value, label) pairs or plain values."""
    pairs = [c if isinstance(c, (tuple, list)) else (c, c) for c in choices]
    return forms.ChoiceField(choices=pairs, required=kwargs.pop("required", False), **kwargs)


def text_field(*, max_length: int = TEXT_MAX_LENGTH, **kwargs) -> forms.CharField:
    """Text up to ``max_length``; Django's CharField refuses a NUL character."""
    return forms.CharField(max_length=max_length, required=kwargs.pop("required", False), **kwargs)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, refusing an id that is no whole number within the database's range before
    it reaches an ``id IN (...)`` query: SQLite cannot even bind 10**23 (OverflowError, a 500),
    and Django guards only ``=`` and ``<``/``>`` lookups against it, not ``IN``."""

    def _check_values(self, value):
        key = self.to_field_name or "pk"
        if key == "pk" and isinstance(self.queryset.model._meta.pk, models.IntegerField):
            for pk in value:
                if not is_id(pk):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super()._check_values(value)


class IdFilter(django_filters.NumberFilter):
    """A django-filter on a foreign key's id (``farmer_id``): a whole number within the database's
    range, where django-filter's NumberFilter takes any decimal (``1.5``, ``1e999999``)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


def is_id(value) -> bool:
    """Whether ``value`` can be a primary key: ASCII digits (``²`` is a digit to ``isdigit``),
    1 to MAX_ID."""
    text = str(value).strip()
    return text.isascii() and text.isdigit() and 1 <= int(text) <= MAX_ID


@dataclass
class Params:
    """The cleaned values (the default where a value was missing or bad) and what was bad."""

    values: dict[str, Any]
    errors: dict[str, list[str]] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        return self.values[name]


def read(data, *, defaults: dict[str, Any] | None = None, **fields: forms.Field) -> Params:
    """Clean ``fields`` (name -> form field) from ``data`` (a QueryDict or a dict)."""
    defaults = defaults or {}
    form = type("ParamsForm", (forms.Form,), dict(fields))(data)
    form.is_valid()
    values = {}
    for name in fields:
        value = form.cleaned_data.get(name) if name not in form.errors else None
        values[name] = defaults.get(name) if value in (None, "") else value
    return Params(values=values, errors={k: list(v) for k, v in form.errors.items()})


def read_one(data, name: str, form_field: forms.Field, default: Any = None) -> Any:
    """One value, cleaned by ``form_field``; ``default`` when missing or bad."""
    return read(data, defaults={name: default}, **{name: form_field})[name]


def read_id(data, name: str) -> int | None:
    return read_one(data, name, id_field())


def read_int(data, name: str, *, min_value: int = 1, max_value: int, default=None) -> int | None:
    return read_one(data, name, int_field(min_value=min_value, max_value=max_value), default)


def read_decimal(
    data,
    name: str,
    *,
    max_value: Decimal,
    min_value: Decimal = Decimal(0),
    decimal_places: int = 2,
    default=None,
) -> Decimal | None:
    form_field = decimal_field(
        max_value=max_value, min_value=min_value, decimal_places=decimal_places
    )
    return read_one(data, name, form_field, default)


def read_money(data, name: str, *, default=None) -> Decimal | None:
    """Rupiah from 0 to what a money column holds, 2 decimals at most."""
    return read_decimal(data, name, max_value=MONEY_MAX, default=default)


def read_date(
    data,
    name: str,
    *,
    default: date | None = None,
    earliest: date = EARLIEST_DATE,
    latest: date = LATEST_DATE,
) -> date | None:
    return read_one(data, name, date_field(earliest=earliest, latest=latest), default)


def read_choice(data, name: str, choices, default: str = "") -> str:
    return read_one(data, name, choice_field(choices), default)


def read_text(data, name: str, *, max_length: int = TEXT_MAX_LENGTH, default: str = "") -> str:
    return read_one(data, name, text_field(max_length=max_length), default)


def read_object(data, name: str, queryset: QuerySet) -> Model | None:
    """The object of ``queryset`` (already scoped to the user) whose id is ``data[name]``, or
    None: a bad id, an unknown one and one the user may not see all read as none."""
    pk = read_id(data, name)
    return None if pk is None else queryset.filter(pk=pk).first()
