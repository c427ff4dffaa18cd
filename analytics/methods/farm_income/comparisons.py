"""What the farmer's own resources would earn elsewhere, and whether the farm beats it.

domain.md section 7: each productivity is feasible when it is above its comparison: labour (Rp
per HKO of family labour) above the local daily wage, capital (% of explicit cost) above the
interest rate, land (Rp per ha) above the local land rent. The comparison values are inputs:
``Benchmarks`` of a farm (recorded with its season) and of a run (the analyst's values for every
farm without its own); a farm's own value wins because it is the more specific one (its place and
season), and each comparison says where its value came from.

The verdict is a code, not a sentence, so that the pages say it in the reader's language:
``above`` (feasible), ``equal`` and ``below`` (not feasible: the resource earns no more than
elsewhere), ``no_benchmark`` and ``no_value`` (no verdict; ``missing`` names what is missing).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from analytics.methods.farm_income.parsing import _fmt, _invalid, _to_decimal, _where

#: The comparison of each productivity: (measure, benchmark key, unit of both, what is missing
#: when the productivity cannot be computed).
MEASURES = (
    ("labour", "local_wage_per_hko", "Rp/HKO", "family_labour_hko"),
    ("capital", "interest_rate_percent", "%", "explicit_cost"),
    ("land", "land_rent_per_ha", "Rp/ha", "area_ha"),
)
BENCHMARK_KEYS = tuple(key for _measure, key, _unit, _missing in MEASURES)
#: Upper bounds that no real value reaches (a typo, not a wage): Rp per HKO, %, Rp per ha.
BENCHMARK_MAXIMUM = {
    "local_wage_per_hko": Decimal(10_000_000),
    "interest_rate_percent": Decimal(100),
    "land_rent_per_ha": Decimal(1_000_000_000),
}


@dataclass(frozen=True)
class Benchmarks:
    """The local daily wage (Rp per HKO), the interest rate (% for the season, which for cane is
    about a year) and the local land rent (Rp per ha for the season). None: not given."""

    local_wage_per_hko: Decimal | None = None
    interest_rate_percent: Decimal | None = None
    land_rent_per_ha: Decimal | None = None

    def to_dict(self) -> dict[str, str | None]:
        return {f.name: _fmt(getattr(self, f.name)) for f in fields(self)}


def benchmarks_from_dict(d: Mapping[str, Any] | None, **where: Any) -> Benchmarks:
    """Read the three comparison values from a farm or a run's parameters (absent or blank: None).

    Each must be 0 or more and below the bound no real value reaches."""
    if d is None:
        return Benchmarks()
    if not isinstance(d, Mapping):
        raise _invalid(f"the comparisons must be an object{_where(where)}", column="comparisons")
    values = {}
    for key in BENCHMARK_KEYS:
        raw = d.get(key)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            values[key] = None
            continue
        value = _to_decimal(raw, key, **where)
        if value < 0 or value > BENCHMARK_MAXIMUM[key]:
            raise _invalid(
                f"{key} must be from 0 to {BENCHMARK_MAXIMUM[key]}, got {value}{_where(where)}",
                column=key,
                value=str(value),
                **where,
            )
        values[key] = value
    return Benchmarks(**values)


@dataclass(frozen=True)
class Comparison:
    """One productivity beside what the resource would earn elsewhere, with the verdict."""

    measure: str  # "labour" | "capital" | "land"
    value: Decimal | None
    unit: str
    benchmark: str  # the Benchmarks field compared with
    benchmark_value: Decimal | None
    benchmark_source: str | None  # "farm" | "run" | None when not given
    feasible: bool | None  # None: no verdict (no value or no benchmark)
    reason: str  # "above" | "equal" | "below" | "no_value" | "no_benchmark"
    missing: str | None = None  # with "no_value": the input the productivity needs

    def to_dict(self) -> dict[str, Any]:
        return {
            "measure": self.measure,
            "value": _fmt(self.value),
            "unit": self.unit,
            "benchmark": self.benchmark,
            "benchmark_value": _fmt(self.benchmark_value),
            "benchmark_source": self.benchmark_source,
            "feasible": self.feasible,
            "reason": self.reason,
            "missing": self.missing,
        }


def compare(
    values: Mapping[str, Decimal | None], own: Benchmarks | None, run: Benchmarks | None
) -> list[Comparison]:
    """Each productivity in ``values`` (by measure) beside its benchmark, the farm's own first."""
    own, run = own or Benchmarks(), run or Benchmarks()
    comparisons = []
    for measure, key, unit, missing in MEASURES:
        value = values[measure]
        if getattr(own, key) is not None:
            benchmark, source = getattr(own, key), "farm"
        elif getattr(run, key) is not None:
            benchmark, source = getattr(run, key), "run"
        else:
            benchmark, source = None, None
        if value is None:
            feasible, reason = None, "no_value"
        elif benchmark is None:
            feasible, reason = None, "no_benchmark"
        elif value > benchmark:
            feasible, reason = True, "above"
        else:
            # Equal earns no more than the resource would elsewhere: not (yet) feasible, like an
            # R/C of exactly 1.
            feasible, reason = False, "equal" if value == benchmark else "below"
        comparisons.append(
            Comparison(
                measure=measure,
                value=value,
                unit=unit,
                benchmark=key,
                benchmark_value=benchmark,
                benchmark_source=source,
                feasible=feasible,
                reason=reason,
                missing=missing if reason == "no_value" else None,
            )
        )
    return comparisons
