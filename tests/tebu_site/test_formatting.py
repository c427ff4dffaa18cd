from decimal import Decimal

import pytest
from django.template import Context, Template

from tebu_site.formatting import format_number, format_rupiah, round_half_up


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1234567, "Rp 1.234.567"),
        (Decimal("1234567.50"), "Rp 1.234.568"),  # half-up, not banker's rounding
        (Decimal("2.5"), "Rp 3"),
        (0, "Rp 0"),
        (Decimal("-1500"), "-Rp 1.500"),
        (None, "–"),
    ],
)
def test_rupiah(value, expected):
    assert format_rupiah(value) == expected


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Decimal("1234.565"), 2, "1.234,57"),
        (2.675, 2, "2,68"),  # float 2.675 is 2.67499..., the printed value rounds up
        (Decimal("0.125"), 2, "0,13"),
        (Decimal("1234567.891"), 0, "1.234.568"),
        (Decimal("-0.5"), 0, "-1"),
    ],
)
def test_number_uses_indonesian_separators_and_half_up(value, places, expected):
    assert format_number(value, places) == expected


def test_round_half_up_returns_decimal():
    assert round_half_up(Decimal("84.355"), 2) == Decimal("84.36")


def test_template_filters():
    template = Template(
        "{% load tebu %}{{ money|rupiah }}|{{ cane|kw }}|{{ area|ha }}"
        "|{{ r|persen }}|{{ x|angka:1 }}"
    )
    rendered = template.render(
        Context(
            {
                "money": Decimal("110704032.4"),
                "cane": Decimal("2291"),
                "area": Decimal("2.7"),
                "r": Decimal("6.465"),
                "x": None,
            }
        )
    )
    assert rendered == "Rp 110.704.032|2.291,00 kw|2,7000 ha|6,47 %|–"
