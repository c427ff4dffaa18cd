"""A decimal typed with the Indonesian comma is the number it reads as (issues 14.3 and 14.10):
"7,5" is 7.5 on every page, never 75, and a value the field cannot read is refused in words."""

from decimal import Decimal

import pytest
from django import forms
from django.utils import translation

from partners.geometry import GeometryError, parse_coordinates
from tebu_site.forms import DecimalCommaField


class RendemenForm(forms.Form):
    rendemen = DecimalCommaField(
        min_value=Decimal("0"), max_value=Decimal("20"), max_digits=5, decimal_places=2
    )


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize(
    ("typed", "number"),
    [("7,5", Decimal("7.5")), ("7.5", Decimal("7.5")), (" 7,53 ", Decimal("7.53")), ("8", 8)],
)
def test_a_comma_or_a_point_is_the_decimal_mark_in_either_language(language, typed, number):
    with translation.override(language):
        form = RendemenForm({"rendemen": typed})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["rendemen"] == Decimal(number)


@pytest.mark.parametrize("typed", ["7,5,1", "1.234,5", "tujuh", "75"])
def test_what_cannot_be_read_or_is_out_of_range_is_refused_with_a_message(typed):
    with translation.override("id"):
        form = RendemenForm({"rendemen": typed})
        assert not form.is_valid()
        assert form.errors["rendemen"][0]


def test_the_input_is_a_decimal_keypad_without_the_browsers_english_check():
    with translation.override("id"):
        html = str(RendemenForm(initial={"rendemen": Decimal("7.53")})["rendemen"])
    assert 'type="text"' in html and 'inputmode="decimal"' in html
    assert 'value="7,53"' in html  # the page's own way of writing it
    assert "min=" not in html and "step=" not in html


@pytest.mark.parametrize(
    "line",
    ["-8,2031 113,4506", "-8,2031; 113,4506", "-8,2031, 113,4506", "-8.2031, 113.4506"],
)
def test_a_typed_point_with_decimal_commas_is_read_as_written(line):
    shape = parse_coordinates(line)
    assert shape["type"] == "Point"
    assert shape["coordinates"] == pytest.approx([113.4506, -8.2031])


def test_a_point_whose_commas_cannot_be_told_apart_is_refused():
    with pytest.raises(GeometryError):
        parse_coordinates("-8,2031,113,4506")
