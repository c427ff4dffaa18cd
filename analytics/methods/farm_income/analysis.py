"""The analysis of one farm: ``farm_income`` computes costs, revenue, income and profit, the R/C
ratio, the break-even point (with the weight-unit conversion it may need) and the productivity of
labour, capital and land each beside its comparison (local wage, interest rate, land rent), per
farm and per ha, and returns them as a ``FarmIncomeResult``. These figures stay together because
they are computed in one pass in one Decimal context and the feasibility and productivity formulas
read the income and cost totals directly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from typing import Any

from analytics.methods.farm_income.comparisons import Benchmarks, Comparison, compare
from analytics.methods.farm_income.costs import CostLine
from analytics.methods.farm_income.parsing import _CTX, _HUNDRED, _fmt, _invalid, _sum, _where
from analytics.methods.farm_income.records import FarmRecord
from analytics.methods.farm_income.revenue import RevenueLine

#: Weight units the BEP may be converted between, in kg (kw = kuintal = 100 kg).
UNIT_IN_KG = {
    "kg": Decimal(1),
    "kw": Decimal(100),
    "ku": Decimal(100),
    "kuintal": Decimal(100),
    "ton": Decimal(1000),
    "t": Decimal(1000),
}


@dataclass(frozen=True)
class Productivity:
    """Returns to the farmer's own resources (domain.md section 7).

    labour: Rp per HKO of family labour, None without family labour HKO (compare with the wage);
    capital_percent: % of explicit cost, None when explicit cost is 0 (compare with interest);
    land: Rp per ha, None without area (compare with the local land rent).
    """

    labour: Decimal | None
    capital_percent: Decimal | None
    land: Decimal | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "labour": _fmt(self.labour),
            "capital_percent": _fmt(self.capital_percent),
            "land": _fmt(self.land),
        }


PER_HA_FIELDS = (
    "fixed_cost",
    "variable_cost",
    "explicit_cost",
    "implicit_cost",
    "total_cost",
    "total_revenue",
    "income",
    "profit",
)


@dataclass(frozen=True)
class FarmIncomeResult:
    name: str | None
    fixed_cost: Decimal
    variable_cost: Decimal
    explicit_cost: Decimal
    implicit_cost: Decimal
    total_cost: Decimal
    total_revenue: Decimal
    income: Decimal
    profit: Decimal
    rc_ratio: Decimal
    feasible_by_rc: bool
    revenues: list[RevenueLine]
    main_product_revenue: Decimal
    production_units: Decimal
    bep_unit: str
    vc_per_unit: Decimal
    price_per_unit: Decimal
    bep_units: Decimal | None
    bep_rupiah: Decimal | None
    feasible_by_bep: bool
    bep_reason: str | None
    productivity: Productivity
    area_ha: Decimal | None
    per_ha: dict[str, Decimal] | None = None
    # The implicit costs the productivity formulas subtract, and the family labour in HKO.
    own_land_rent: Decimal = Decimal(0)
    family_labour_value: Decimal = Decimal(0)
    own_capital_interest: Decimal = Decimal(0)
    family_labour_hko: Decimal | None = None
    # The labour return divided by the family-labour *value* in Rp, as the PT SMS study does: a
    # ratio (Rp per Rp), never Rp per HKO; kept so that a reader can see where its figure came from.
    labour_per_family_labour_rupiah: Decimal | None = None
    comparisons: list[Comparison] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        money = {name: _fmt(getattr(self, name)) for name in PER_HA_FIELDS}
        return {
            "name": self.name,
            **money,
            "rc_ratio": _fmt(self.rc_ratio),
            "feasible_by_rc": self.feasible_by_rc,
            "revenues": [line.to_dict() for line in self.revenues],
            "main_product_revenue": _fmt(self.main_product_revenue),
            "vc_per_unit": _fmt(self.vc_per_unit),
            "price_per_unit": _fmt(self.price_per_unit),
            "production_units": _fmt(self.production_units),
            "bep_unit": self.bep_unit,
            "bep_units": _fmt(self.bep_units),
            "bep_rupiah": _fmt(self.bep_rupiah),
            "feasible_by_bep": self.feasible_by_bep,
            "bep_reason": self.bep_reason,
            "productivity": self.productivity.to_dict(),
            "own_land_rent": _fmt(self.own_land_rent),
            "family_labour_value": _fmt(self.family_labour_value),
            "own_capital_interest": _fmt(self.own_capital_interest),
            "family_labour_hko": _fmt(self.family_labour_hko),
            "labour_per_family_labour_rupiah": _fmt(self.labour_per_family_labour_rupiah),
            "comparisons": [comparison.to_dict() for comparison in self.comparisons],
            "area_ha": _fmt(self.area_ha),
            "per_ha": None
            if self.per_ha is None
            else {key: _fmt(value) for key, value in self.per_ha.items()},
        }


def _sum_category(lines: Iterable[CostLine], category: str) -> Decimal:
    return _sum(line.amount for line in lines if line.category == category)


def _production(farm: FarmRecord, main: RevenueLine) -> tuple[Decimal, str]:
    """Main-product production in the BEP unit (converting weight units when they differ)."""
    unit = main.unit
    target = farm.bep_unit
    if target is None or target.lower() == unit.lower():
        return main.quantity, unit
    if unit.lower() not in UNIT_IN_KG or target.lower() not in UNIT_IN_KG:
        raise _invalid(
            f"cannot convert the main product's unit {unit!r} to bep_unit {target!r}",
            column="bep_unit",
            value=target,
            unit=unit,
            allowed=sorted(UNIT_IN_KG),
            farm=farm.name,
        )
    return main.quantity * UNIT_IN_KG[unit.lower()] / UNIT_IN_KG[target.lower()], target


def farm_income(farm: FarmRecord, benchmarks: Benchmarks | None = None) -> FarmIncomeResult:
    """Income, profit, R/C, break-even, productivity and per-ha figures of one farm.

    ``benchmarks`` are the run's comparison values, used where the farm has none of its own."""
    where = {"farm": farm.name}
    for section, lines, fixed in (
        ("fixed_costs", farm.fixed_costs, True),
        ("variable_costs", farm.variable_costs, False),
    ):
        for i, line in enumerate(lines):
            if line.fixed is not fixed:
                raise _invalid(
                    f"{section}[{i}] {line.item!r} has fixed={line.fixed}{_where(where)}",
                    column="fixed",
                    section=section,
                    line=i,
                    **where,
                )
    mains = [line for line in farm.revenues if line.main_product]
    if len(mains) != 1:
        raise _invalid(
            f"exactly one revenue line must be the main product, found {len(mains)}{_where(where)}",
            column="main_product",
            count=len(mains),
            **where,
        )
    main = mains[0]
    for name in ("quantity", "price"):
        if getattr(main, name) <= 0:
            raise _invalid(
                f"the main product's {name} must be more than 0 for the break-even point, "
                f"got {getattr(main, name)}{_where(where)}",
                column=name,
                value=str(getattr(main, name)),
                **where,
            )

    with localcontext(_CTX):
        costs = [*farm.fixed_costs, *farm.variable_costs]
        fixed_cost = _sum(line.amount for line in farm.fixed_costs)
        variable_cost = _sum(line.amount for line in farm.variable_costs)
        explicit_cost = _sum(line.amount for line in costs if line.kind == "explicit")
        implicit_cost = _sum(line.amount for line in costs if line.kind == "implicit")
        total_cost = fixed_cost + variable_cost
        if total_cost <= 0:
            raise _invalid(
                f"total cost is 0, R/C cannot be computed{_where(where)}",
                column="total_cost",
                **where,
            )
        total_revenue = _sum(line.amount for line in farm.revenues)
        income = total_revenue - explicit_cost
        profit = total_revenue - total_cost
        rc_ratio = total_revenue / total_cost

        main_revenue = main.amount
        production, bep_unit = _production(farm, main)
        vc_per_unit = variable_cost / production
        price_per_unit = main_revenue / production
        margin = main_revenue - variable_cost  # = (P - VC per unit) x production
        if margin > 0:
            # Algebraically FC / (P - VCu) and FC / (1 - VCu / P), without rounded intermediates.
            bep_units = fixed_cost * production / margin
            bep_rupiah = fixed_cost * main_revenue / margin
            feasible_by_bep = production > bep_units and main_revenue > bep_rupiah
            bep_reason = None
        else:
            bep_units = bep_rupiah = None
            feasible_by_bep = False
            bep_reason = (
                f"price per unit {price_per_unit} is not above variable cost per unit "
                f"{vc_per_unit}: the main product does not cover its variable cost, so there "
                "is no break-even point"
            )

        own_land_rent = _sum_category(costs, "own_land_rent")
        family_labour = _sum_category(costs, "family_labour")
        own_capital_interest = _sum_category(costs, "own_capital_interest")
        hko = farm.family_labour_hko
        labour_return = income - own_land_rent - own_capital_interest
        productivity = Productivity(
            labour=labour_return / hko if hko else None,
            capital_percent=(income - own_land_rent - family_labour) / explicit_cost * _HUNDRED
            if explicit_cost > 0
            else None,
            land=(income - family_labour - own_capital_interest) / farm.area_ha
            if farm.area_ha
            else None,
        )
        figures = {
            "fixed_cost": fixed_cost,
            "variable_cost": variable_cost,
            "explicit_cost": explicit_cost,
            "implicit_cost": implicit_cost,
            "total_cost": total_cost,
            "total_revenue": total_revenue,
            "income": income,
            "profit": profit,
        }
        per_ha = (
            {key: value / farm.area_ha for key, value in figures.items()} if farm.area_ha else None
        )
        study_labour = labour_return / family_labour if family_labour > 0 else None
        comparisons = compare(
            {
                "labour": productivity.labour,
                "capital": productivity.capital_percent,
                "land": productivity.land,
            },
            farm.benchmarks,
            benchmarks,
        )

    return FarmIncomeResult(
        name=farm.name,
        **figures,
        rc_ratio=rc_ratio,
        feasible_by_rc=rc_ratio > 1,
        revenues=list(farm.revenues),
        main_product_revenue=main_revenue,
        production_units=production,
        bep_unit=bep_unit,
        vc_per_unit=vc_per_unit,
        price_per_unit=price_per_unit,
        bep_units=bep_units,
        bep_rupiah=bep_rupiah,
        feasible_by_bep=feasible_by_bep,
        bep_reason=bep_reason,
        productivity=productivity,
        area_ha=farm.area_ha,
        per_ha=per_ha,
        own_land_rent=own_land_rent,
        family_labour_value=family_labour,
        own_capital_interest=own_capital_interest,
        family_labour_hko=hko,
        labour_per_family_labour_rupiah=study_labour,
        comparisons=comparisons,
    )
