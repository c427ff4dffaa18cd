"""Figures of a group of farms (e.g. partners vs non-partners): ``group_summary`` gives each
per-ha figure, the R/C ratio and the three productivities both as the mean of the farms' values
(as the studies report them) and pooled over the group (domain.md section 7). Separate from the
one-farm analysis because it only reads finished ``FarmIncomeResult`` rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import Any

from analytics.methods.errors import AnalysisInputError
from analytics.methods.farm_income.analysis import FarmIncomeResult
from analytics.methods.farm_income.parsing import _CTX, _fmt, _sum

GROUP_FIELDS = (
    "explicit_cost",
    "implicit_cost",
    "total_cost",
    "total_revenue",
    "income",
    "profit",
)
PRODUCTIVITY_FIELDS = ("labour_productivity", "capital_productivity_percent", "land_productivity")


@dataclass(frozen=True)
class GroupFigure:
    """A group figure two ways: mean of the per-farm values (as the studies report) and pooled."""

    mean: Decimal
    pooled: Decimal

    def to_dict(self) -> dict[str, str | None]:
        return {"mean": _fmt(self.mean), "pooled": _fmt(self.pooled)}


@dataclass(frozen=True)
class GroupSummary:
    """Per-ha figures of a group of farms (e.g. partners vs non-partners).

    ``<x>_per_ha.mean`` is the mean of the farms' per-ha values; ``<x>_per_ha.pooled`` is
    sum(x) / sum(area). ``rc_ratio.mean`` is the mean of the farms' R/C, ``rc_ratio.pooled`` is
    sum(TR) / sum(TC). The productivities likewise: the mean of the farms' values beside the
    group's sum of returns over its sum of HKO, explicit cost or area; None when a farm of the
    group has no value (no family labour HKO, no explicit cost).
    """

    group_name: str | None
    n: int
    total_area_ha: Decimal
    explicit_cost_per_ha: GroupFigure
    implicit_cost_per_ha: GroupFigure
    total_cost_per_ha: GroupFigure
    total_revenue_per_ha: GroupFigure
    income_per_ha: GroupFigure
    profit_per_ha: GroupFigure
    rc_ratio: GroupFigure
    labour_productivity: GroupFigure | None = None
    capital_productivity_percent: GroupFigure | None = None
    land_productivity: GroupFigure | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "group": self.group_name,
            "n": self.n,
            "total_area_ha": _fmt(self.total_area_ha),
            **{
                f"{name}_per_ha": getattr(self, f"{name}_per_ha").to_dict() for name in GROUP_FIELDS
            },
            "rc_ratio": self.rc_ratio.to_dict(),
            **{
                name: None if getattr(self, name) is None else getattr(self, name).to_dict()
                for name in PRODUCTIVITY_FIELDS
            },
        }


def group_summary(results: list[FarmIncomeResult], group_name: str | None) -> GroupSummary:
    """Mean-of-per-ha and pooled per-ha figures of a group; every farm needs its area."""
    results = list(results)
    if not results:
        raise AnalysisInputError(
            "empty_input", f"group {group_name!r} has no farms", group=group_name
        )
    for i, result in enumerate(results):
        if result.area_ha is None or result.per_ha is None:
            raise AnalysisInputError(
                "missing_column",
                f"farm {i} ({result.name!r}) of group {group_name!r} has no area_ha; "
                "per-ha group figures need every farm's area",
                column="area_ha",
                index=i,
                farm=result.name,
                group=group_name,
            )
    with localcontext(_CTX):
        n = Decimal(len(results))
        area = _sum(r.area_ha for r in results)  # type: ignore[misc]
        figures = {
            name: GroupFigure(
                mean=_sum(r.per_ha[name] for r in results) / n,  # type: ignore[index]
                pooled=_sum(getattr(r, name) for r in results) / area,
            )
            for name in GROUP_FIELDS
        }
        rc = GroupFigure(
            mean=_sum(r.rc_ratio for r in results) / n,
            pooled=_sum(r.total_revenue for r in results) / _sum(r.total_cost for r in results),
        )
        productivity = _productivity_figures(results, n, area)
    return GroupSummary(
        group_name=group_name,
        n=len(results),
        total_area_ha=area,
        **{f"{name}_per_ha": figures[name] for name in GROUP_FIELDS},
        rc_ratio=rc,
        **productivity,
    )


def _productivity_figures(
    results: list[FarmIncomeResult], n: Decimal, area: Decimal
) -> dict[str, GroupFigure | None]:
    """Mean of the farms' productivities and the pooled return over the pooled resource (the
    numerators are the formulas of domain.md section 7, summed over the farms)."""
    labour = None
    if all(r.productivity.labour is not None for r in results):
        labour = GroupFigure(
            mean=_sum(r.productivity.labour for r in results) / n,  # type: ignore[misc]
            pooled=_sum(r.income - r.own_land_rent - r.own_capital_interest for r in results)
            / _sum(r.family_labour_hko for r in results),  # type: ignore[misc]
        )
    capital = None
    if all(r.productivity.capital_percent is not None for r in results):
        capital = GroupFigure(
            mean=_sum(r.productivity.capital_percent for r in results) / n,  # type: ignore[misc]
            pooled=_sum(r.income - r.own_land_rent - r.family_labour_value for r in results)
            / _sum(r.explicit_cost for r in results)
            * 100,
        )
    land = GroupFigure(
        mean=_sum(r.productivity.land for r in results) / n,  # type: ignore[misc]
        pooled=_sum(r.income - r.family_labour_value - r.own_capital_interest for r in results)
        / area,
    )
    return {
        "labour_productivity": labour,
        "capital_productivity_percent": capital,
        "land_productivity": land,
    }
