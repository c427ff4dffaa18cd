"""The per-delivery quality check of a cane-by-weight scheme (domain.md 5b, PT SMS Dompu): cane
that meets the standards (age, stalk height and quality, variety purity, free of pests) is paid
the contract price (Rp 380/kg), any other load the lower price (Rp 250/kg), and the statement
names the standard it failed. Pure: no Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from harvest.calculations.errors import SettlementInputError, to_decimal
from harvest.calculations.schemes import HUNDRED, check_at_most, check_not_negative

# In the order the statement names them.
STANDARD_CODES = ("age", "stalk_height", "stalk_quality", "variety_purity", "pest_free")


@dataclass(frozen=True)
class QualityCheck:
    """What QC found on one load: cane age, stalk height, the stalks' quality, the share of the
    contracted variety, and whether it is free of pests."""

    age_months: Decimal
    stalk_height_cm: Decimal
    stalk_quality_ok: bool
    variety_purity_percent: Decimal
    pest_free: bool

    def __post_init__(self) -> None:
        for name, maximum in (
            ("age_months", Decimal(120)),
            ("stalk_height_cm", Decimal(1000)),
            ("variety_purity_percent", HUNDRED),
        ):
            value = to_decimal(getattr(self, name), name)
            check_not_negative(value, name)
            check_at_most(value, maximum, name)
            object.__setattr__(self, name, value)
        for name in ("stalk_quality_ok", "pest_free"):
            if not isinstance(getattr(self, name), bool):
                raise SettlementInputError(
                    "invalid_shape", f"{name} must be true or false", field=name
                )


def failed_standards(check: QualityCheck, standards: Mapping[str, Decimal]) -> tuple[str, ...]:
    """The codes of the standards ``check`` does not meet (STANDARD_CODES order); a numeric
    standard the scheme does not set is not checked, the two yes/no standards always are."""
    failed = []
    if check.age_months < standards.get("min_age_months", Decimal(0)):
        failed.append("age")
    if check.stalk_height_cm < standards.get("min_stalk_height_cm", Decimal(0)):
        failed.append("stalk_height")
    if not check.stalk_quality_ok:
        failed.append("stalk_quality")
    if check.variety_purity_percent < standards.get("min_variety_purity_percent", Decimal(0)):
        failed.append("variety_purity")
    if not check.pest_free:
        failed.append("pest_free")
    return tuple(failed)


@dataclass(frozen=True)
class Load:
    """One delivery of a DO: its name (the SPTA number), its net cane and its quality check."""

    name: str
    cane_kw: Decimal
    quality: QualityCheck | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise SettlementInputError("missing_setting", "a load needs a name", field="loads")
        cane = to_decimal(self.cane_kw, "loads.cane_kw")
        check_not_negative(cane, "loads.cane_kw")
        object.__setattr__(self, "cane_kw", cane)
        if self.quality is not None and not isinstance(self.quality, QualityCheck):
            raise SettlementInputError(
                "invalid_shape", "a load's quality must be a QualityCheck", field="loads"
            )
