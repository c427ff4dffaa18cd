"""Rendemen from the NPP readings (domain.md 5), checked against arithmetic worked by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from harvest.calculations.errors import SettlementInputError
from harvest.calculations.rendemen import compute_rendemen

D = Decimal

# Worked by hand:
#   % brix = 18.45 + 0.35                       = 18.80
#   % pol  = 0.26 × 62.10 × 1 / 1.08 = 16.146 / 1.08 = 14.95
#   NN     = 14.95 − 0.4 × (18.80 − 14.95) = 14.95 − 0.4 × 3.85 = 14.95 − 1.54 = 13.41
#   rendemen = 13.41 × 0.55                     = 7.3755
READINGS = {
    "brix_reading": D("18.45"),
    "temperature_correction": D("0.35"),
    "pol_reading": D("62.10"),
    "specific_gravity": D("1.08"),
    "dilution_factor": D("1"),
    "extraction_factor": D("0.55"),
}


def test_rendemen_from_readings_matches_hand_computation():
    result = compute_rendemen(**READINGS)

    assert result.percent_brix == D("18.80")
    assert result.percent_pol == D("14.95")
    assert result.juice_value == D("13.41")
    assert result.rendemen == D("7.3755")


def test_readings_are_kept_beside_the_steps():
    result = compute_rendemen(**READINGS)

    assert result.brix_reading == D("18.45")
    assert result.temperature_correction == D("0.35")
    assert result.pol_reading == D("62.10")
    assert result.specific_gravity == D("1.08")
    assert result.dilution_factor == D("1")
    assert result.extraction_factor == D("0.55")


def test_dilution_factor_multiplies_pol():
    # A sample diluted 1:2 reads half the pol: 0.26 × 31.05 × 2 / 1.08 = 16.146 / 1.08 = 14.95.
    result = compute_rendemen(**{**READINGS, "pol_reading": D("31.05"), "dilution_factor": D("2")})

    assert result.percent_pol == D("14.95")
    assert result.rendemen == D("7.3755")


def test_negative_temperature_correction_lowers_brix():
    # % brix = 18.45 − 0.20 = 18.25; NN = 14.95 − 0.4 × 3.30 = 13.63; rendemen = 13.63 × 0.55
    # = 7.4965 (less non-sugar, so a higher yield).
    result = compute_rendemen(**{**READINGS, "temperature_correction": D("-0.20")})

    assert result.percent_brix == D("18.25")
    assert result.juice_value == D("13.63")
    assert result.rendemen == D("7.4965")


def test_numeric_strings_are_read_exactly():
    result = compute_rendemen(**{key: str(value) for key, value in READINGS.items()})

    assert result.rendemen == D("7.3755")


def test_to_dict_gives_every_step_as_a_string():
    data = compute_rendemen(**READINGS).to_dict()

    # Plain strings without exponent or trailing zeros: 18.45 + 0.35 = 18.80 → "18.8".
    assert data["percent_brix"] == "18.8"
    assert data["percent_pol"] == "14.95"
    assert data["juice_value"] == "13.41"
    assert data["rendemen"] == "7.3755"
    assert data["pol_reading"] == "62.1"


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"specific_gravity": D("0")}, "not_positive"),
        ({"specific_gravity": D("-1.08")}, "not_positive"),
        ({"dilution_factor": D("0")}, "not_positive"),
        ({"extraction_factor": D("0")}, "not_positive"),
        ({"brix_reading": D("-1")}, "negative_value"),
        ({"pol_reading": D("-62.10")}, "negative_value"),
        ({"pol_reading": 62.10}, "not_decimal"),
        ({"brix_reading": "abc"}, "not_decimal"),
        ({"brix_reading": D("NaN")}, "not_finite"),
        # % pol = 0.26 × 90 / 1.08 = 21.67 > % brix 18.80: impossible juice.
        ({"pol_reading": D("90")}, "pol_exceeds_brix"),
        # NN 13.41 × 2 = 26.82 % > 20 %.
        ({"extraction_factor": D("2")}, "rendemen_out_of_range"),
        # % brix 20, % pol = 0.26 × 20 / 1.04 = 5; NN = 5 − 0.4 × 15 = −1 → negative rendemen.
        (
            {
                "brix_reading": D("20"),
                "temperature_correction": D("0"),
                "pol_reading": D("20"),
                "specific_gravity": D("1.04"),
            },
            "rendemen_out_of_range",
        ),
    ],
)
def test_invalid_readings_are_refused_with_a_code(changes, code):
    with pytest.raises(SettlementInputError) as caught:
        compute_rendemen(**{**READINGS, **changes})

    assert caught.value.code == code
    assert isinstance(caught.value, ValueError)


def test_pol_equal_to_brix_is_accepted():
    # Purity 100 %: % brix = 14.60 + 0.35 = 14.95 = % pol, so NN = 14.95 − 0.4 × 0 = 14.95;
    # with extraction factor 1 the rendemen is 14.95.
    result = compute_rendemen(
        **{**READINGS, "brix_reading": D("14.60"), "extraction_factor": D("1")}
    )

    assert result.percent_brix == D("14.95")
    assert result.juice_value == D("14.95")
    assert result.rendemen == D("14.95")
