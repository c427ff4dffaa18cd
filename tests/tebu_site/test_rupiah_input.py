"""Rupiah typed the way a DO prints it (issue 14.10): "Rp 15.000.000", "15.000.000" and
"15000000" are one amount, shown back with thousand dots; and every decimal input of every form
takes "7,5" and "7.5" alike, because the model fields hand out the comma-aware form fields."""

import ast
from decimal import Decimal
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.utils import translation

from tebu_site.fields import MoneyField, RangedDecimalField
from tebu_site.forms import DecimalCommaField, RupiahField, normalise_rupiah


class AmountForm(forms.Form):
    amount = RupiahField(min_value=Decimal("1"))


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("15000000", "15000000"),
        ("15.000.000", "15000000"),
        ("Rp 15.000.000", "15000000"),
        ("Rp15.000.000", "15000000"),
        ("15,000,000", "15000000"),
        ("15 000 000", "15000000"),
        ("1.234.567,50", "1234567.50"),
        ("1,234,567.50", "1234567.50"),
        ("1234567,5", "1234567.5"),
        ("1234567.50", "1234567.50"),
        ("7.500", "7500"),
    ],
)
@pytest.mark.parametrize("language", ["id", "en"])
def test_an_amount_is_read_with_or_without_rp_and_thousand_separators(language, typed, amount):
    with translation.override(language):
        form = AmountForm({"amount": typed})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == Decimal(amount)


@pytest.mark.parametrize("typed", ["1.50.000", "15.000,000.5", "lima juta", "1.2.3", "Rp"])
def test_an_amount_whose_grouping_cannot_be_read_is_refused_in_words(typed):
    with translation.override("id"):
        form = AmountForm({"amount": typed})
        assert not form.is_valid()
        assert form.errors["amount"][0]


def test_normalising_never_guesses_a_badly_grouped_amount():
    assert normalise_rupiah("1.50.000") == "1.50.000"
    assert normalise_rupiah("-Rp 2.000") == "-2000"


@pytest.mark.parametrize("language", ["id", "en"])
def test_an_amount_is_shown_back_with_the_dots_the_do_prints(language):
    with translation.override(language):
        whole = str(AmountForm(initial={"amount": Decimal("66300000.00")})["amount"])
        with_sen = str(AmountForm(initial={"amount": Decimal("1234.5")})["amount"])
    assert 'value="66.300.000"' in whole
    assert 'value="1.234,50"' in with_sen
    assert 'inputmode="numeric"' in whole and "data-rupiah" in whole
    assert 'type="text"' in whole


def test_a_wrong_amount_is_shown_back_as_typed():
    form = AmountForm({"amount": "lima juta"})
    assert 'value="lima juta"' in str(form["amount"])


def test_every_stored_decimal_gets_a_comma_aware_field_and_money_a_rupiah_field():
    checked = 0
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, MoneyField):
                assert isinstance(field.formfield(), RupiahField), field
                checked += 1
            elif isinstance(field, RangedDecimalField):
                assert isinstance(field.formfield(), DecimalCommaField), field
                checked += 1
    assert checked > 50  # every app's decimals, not a few


def _project_form_modules():
    root = Path(settings.BASE_DIR)
    for app in ("analytics", "complaints", "compliance", "credit", "harvest", "notices"):
        yield from (root / app).glob("forms*.py")
    yield from (root / "partners").glob("forms*.py")
    yield from (root / "surveys").glob("forms*.py")


def test_no_form_declares_a_plain_decimal_or_number_input():
    """A plain forms.DecimalField reads "7,5" as 75 on an Indonesian page (type=number drops the
    comma), so forms declare the comma-aware fields; this finds one that slips back."""
    offenders = []
    modules = list(_project_form_modules())
    assert len(modules) >= 8
    for path in modules:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and node.attr in ("DecimalField", "NumberInput"):
                offenders.append(f"{path.name}:{node.lineno} {node.attr}")
    assert offenders == []
