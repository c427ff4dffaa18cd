"""One farm (farmer x season) as the method takes it: the ``FarmRecord`` of cost and revenue
lines with its optional area, family labour, BEP unit and comparison values (local wage, interest
rate, land rent), and ``farm_from_dict``, which reads the reference ``inputs`` shape into it.
Kept apart from the computation so that the input format can grow (new optional fields) without
touching the formulas.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from analytics.methods.errors import AnalysisInputError
from analytics.methods.farm_income.comparisons import Benchmarks, benchmarks_from_dict
from analytics.methods.farm_income.costs import CostLine, _cost_from_dict
from analytics.methods.farm_income.parsing import _invalid, _to_decimal
from analytics.methods.farm_income.revenue import RevenueLine, _revenue_from_dict


@dataclass(frozen=True)
class FarmRecord:
    """One farm (farmer x season). ``bep_unit`` None means BEP in the main product's own unit;
    ``benchmarks`` are the farm's own comparison values (each None when not recorded)."""

    name: str | None
    fixed_costs: list[CostLine]
    variable_costs: list[CostLine]
    revenues: list[RevenueLine]
    area_ha: Decimal | None = None
    family_labour_hko: Decimal | None = None
    bep_unit: str | None = None
    benchmarks: Benchmarks = Benchmarks()


def _optional_positive(d: Mapping[str, Any], key: str, *, index: int, allow_zero: bool):
    value = d.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number = _to_decimal(value, key, index=index)
    if number < 0 or (number == 0 and not allow_zero):
        bound = "0 or more" if allow_zero else "more than 0"
        raise _invalid(
            f"{key} must be {bound}, got {number} (farm {index})",
            column=key,
            value=str(number),
            index=index,
        )
    return number


def farm_from_dict(d: Mapping[str, Any], *, index: int = 0) -> FarmRecord:
    """Parse the reference ``inputs`` shape into a FarmRecord.

    Required: ``fixed_costs``, ``variable_costs`` (lists, may be empty) and ``revenues``; each
    cost line needs item, amount, kind, category (a ``depreciation`` line may give
    ``purchase_price``, ``life_years`` and optional ``salvage_value`` instead of ``amount``);
    each revenue line needs item, quantity, unit, price, main_product. Optional: name, area_ha,
    family_labour_hko, bep_unit and the comparison values local_wage_per_hko (Rp per HKO),
    interest_rate_percent and land_rent_per_ha (Rp per ha). Unknown keys (e.g. ``bep_note``) are
    ignored.
    """
    if not isinstance(d, Mapping):
        raise _invalid(f"farm {index} must be an object", column="farm", index=index)
    sections: dict[str, list[Any]] = {}
    for section in ("fixed_costs", "variable_costs", "revenues"):
        if section not in d or d[section] is None:
            raise AnalysisInputError(
                "missing_column",
                f"missing field {section!r} (farm {index})",
                column=section,
                index=index,
            )
        if isinstance(d[section], str | bytes | Mapping) or not isinstance(d[section], Iterable):
            raise _invalid(f"{section} must be a list (farm {index})", column=section, index=index)
        sections[section] = list(d[section])
    fixed = [
        _cost_from_dict(c, fixed=True, index=index, section="fixed_costs", line=i)
        for i, c in enumerate(sections["fixed_costs"])
    ]
    variable = [
        _cost_from_dict(c, fixed=False, index=index, section="variable_costs", line=i)
        for i, c in enumerate(sections["variable_costs"])
    ]
    revenues = [
        _revenue_from_dict(r, index=index, line=i) for i, r in enumerate(sections["revenues"])
    ]
    name = d.get("name")
    bep_unit = d.get("bep_unit")
    return FarmRecord(
        name=None if name is None else str(name),
        fixed_costs=fixed,
        variable_costs=variable,
        revenues=revenues,
        area_ha=_optional_positive(d, "area_ha", index=index, allow_zero=False),
        family_labour_hko=_optional_positive(d, "family_labour_hko", index=index, allow_zero=True),
        bep_unit=None if bep_unit in (None, "") else str(bep_unit).strip(),
        benchmarks=benchmarks_from_dict(d, index=index),
    )
