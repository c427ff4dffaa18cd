"""Figures of a group of farms (e.g. partners vs non-partners): ``group_summary`` gives each
per-ha figure and the R/C ratio both as the mean of the farms' values and pooled over the group.
Separate from the one-farm analysis because it only reads finished ``FarmIncomeResult`` rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import Any

from analytics.methods.errors import AnalysisInputError
from analytics.methods.farm_income.analysis import FarmIncomeResult
from analytics.methods.farm_income.parsing import _CTX, _fmt, _sum

GROUP_FIELDS = ("income", "profit", "total_revenue", "total_cost")


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
    sum(TR) / sum(TC).
    """

    group_name: str | None
    n: int
    total_area_ha: Decimal
    income_per_ha: GroupFigure
    profit_per_ha: GroupFigure
    total_revenue_per_ha: GroupFigure
    total_cost_per_ha: GroupFigure
    rc_ratio: GroupFigure

    def to_dict(self) -> dict[str, Any]:
        return {
            "group": self.group_name,
            "n": self.n,
            "total_area_ha": _fmt(self.total_area_ha),
            **{
                f"{name}_per_ha": getattr(self, f"{name}_per_ha").to_dict() for name in GROUP_FIELDS
            },
            "rc_ratio": self.rc_ratio.to_dict(),
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
    return GroupSummary(
        group_name=group_name,
        n=len(results),
        total_area_ha=area,
        income_per_ha=figures["income"],
        profit_per_ha=figures["profit"],
        total_revenue_per_ha=figures["total_revenue"],
        total_cost_per_ha=figures["total_cost"],
        rc_ratio=rc,
    )
