"""Rendemen (sugar yield, % of cane weight) from the first-expressed-juice readings (domain.md 5).

Every intermediate value is kept on the result, because farmers' top complaint is that they see only
the final number and not how it was computed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from harvest.calculations.errors import SettlementInputError, decimal_to_str, to_decimal

POL_CONSTANT = Decimal("0.26")
NON_SUGAR_WEIGHT = Decimal("0.4")
RENDEMEN_MIN = Decimal("0")
RENDEMEN_MAX = Decimal("20")
# The readings compute_rendemen takes, in the order a lab sheet lists them.
READING_FIELDS = (
    "brix_reading",
    "temperature_correction",
    "pol_reading",
    "specific_gravity",
    "dilution_factor",
    "extraction_factor",
)


@dataclass(frozen=True)
class RendemenComputation:
    """The readings, each derived step and the rendemen, all exact Decimals."""

    brix_reading: Decimal
    temperature_correction: Decimal
    pol_reading: Decimal
    specific_gravity: Decimal
    dilution_factor: Decimal
    extraction_factor: Decimal
    percent_brix: Decimal
    percent_pol: Decimal
    juice_value: Decimal  # nilai nira (NN)
    rendemen: Decimal

    def to_dict(self) -> dict[str, str]:
        """JSON-ready, Decimals as plain unrounded strings."""
        return {name: decimal_to_str(getattr(self, name)) for name in self.__dataclass_fields__}


def compute_rendemen(
    *,
    brix_reading: Decimal,
    temperature_correction: Decimal,
    pol_reading: Decimal,
    specific_gravity: Decimal,
    dilution_factor: Decimal,
    extraction_factor: Decimal,
) -> RendemenComputation:
    """Rendemen by the NPP method of domain.md 5.

    %brix = brix reading + temperature correction
    %pol  = 0.26 × pol reading × dilution factor / specific gravity (BJ)
    NN    = %pol − 0.4 × (%brix − %pol)
    rendemen = NN × extraction factor (faktor perah)
    """
    brix = to_decimal(brix_reading, "brix_reading")
    correction = to_decimal(temperature_correction, "temperature_correction")
    pol = to_decimal(pol_reading, "pol_reading")
    gravity = to_decimal(specific_gravity, "specific_gravity")
    dilution = to_decimal(dilution_factor, "dilution_factor")
    extraction = to_decimal(extraction_factor, "extraction_factor")

    for field, value in (("brix_reading", brix), ("pol_reading", pol)):
        if value < 0:
            raise SettlementInputError(
                "negative_value", f"{field} must not be negative", field=field, value=value
            )
    for field, value in (
        ("specific_gravity", gravity),
        ("dilution_factor", dilution),
        ("extraction_factor", extraction),
    ):
        if value <= 0:
            raise SettlementInputError(
                "not_positive", f"{field} must be greater than 0", field=field, value=value
            )

    percent_brix = brix + correction
    percent_pol = POL_CONSTANT * pol * dilution / gravity
    # Sucrose is part of the dissolved solids, so pol above brix means a misread or mistyped value.
    if percent_pol > percent_brix:
        raise SettlementInputError(
            "pol_exceeds_brix",
            f"% pol {percent_pol} exceeds % brix {percent_brix}",
            percent_pol=percent_pol,
            percent_brix=percent_brix,
        )
    juice_value = percent_pol - NON_SUGAR_WEIGHT * (percent_brix - percent_pol)
    rendemen = juice_value * extraction
    if not RENDEMEN_MIN <= rendemen <= RENDEMEN_MAX:
        raise SettlementInputError(
            "rendemen_out_of_range",
            f"rendemen {rendemen} is outside {RENDEMEN_MIN}..{RENDEMEN_MAX} %",
            rendemen=rendemen,
            minimum=RENDEMEN_MIN,
            maximum=RENDEMEN_MAX,
        )
    return RendemenComputation(
        brix_reading=brix,
        temperature_correction=correction,
        pol_reading=pol,
        specific_gravity=gravity,
        dilution_factor=dilution,
        extraction_factor=extraction,
        percent_brix=percent_brix,
        percent_pol=percent_pol,
        juice_value=juice_value,
        rendemen=rendemen,
    )
