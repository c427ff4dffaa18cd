"""Farm income and feasibility analysis (usahatani), domain.md section 7.

Per farm (farmer x season) from its cost and revenue lines:

* fixed / variable cost, explicit / implicit cost, total cost = FC + VC = explicit + implicit;
* total revenue TR = sum of quantity x price over the revenue lines;
* income (pendapatan) = TR - explicit cost; profit (keuntungan) = TR - total cost;
* R/C = TR / total cost, feasible when > 1;
* break-even point on the main product: BEP(units) = FC / (P - VC per unit) and
  BEP(Rp) = FC / (1 - VC per unit / P), with P = main-product revenue / production and
  VC per unit = total VC / production (all variable cost is charged to the main product);
* productivity of labour, capital and land;
* every money figure per ha when the area is known.

Decisions worth knowing:

* Money and quantities are ``Decimal`` throughout; totals are always computed from the lines (a
  typed total is never trusted). Ratios (R/C, BEP, per-unit and per-ha figures) are unrounded
  ``Decimal`` quotients at 34 significant digits; rounding is for display only.
* BEP feasibility compares production with BEP(units) and the **main-product revenue** (not TR)
  with BEP(Rp): BEP(Rp) is the main-product revenue at which that revenue covers FC + VC, so
  comparing it with TR would credit by-products (molasses) twice. For the reference case both
  comparisons pass either way. With this choice the two tests are one statement (BEP(Rp) =
  P x BEP(units) and main revenue = P x production); both are kept as domain.md words them.
* When P <= VC per unit the BEP is undefined: ``bep_units`` and ``bep_rupiah`` are ``None``,
  ``feasible_by_bep`` is ``False`` and ``bep_reason`` says why.
* ``bep_unit`` lets the BEP be expressed in another weight unit than the main revenue line
  (the reference records cane in kw but computes BEP in kg; 1 kw = 100 kg).
* The implicit categories (own_land_rent, family_labour, own_capital_interest) must have kind
  ``implicit``; otherwise the productivity formulas would subtract a cost twice.

No Django here: inputs are dicts or dataclasses, outputs are dataclasses with ``to_dict()``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Context, Decimal, InvalidOperation, localcontext
from typing import Any

from analytics.methods.errors import AnalysisInputError

__all__ = [
    "COST_CATEGORIES",
    "EXPLICIT_CATEGORIES",
    "IMPLICIT_CATEGORIES",
    "UNIT_IN_KG",
    "CostLine",
    "FarmIncomeResult",
    "FarmRecord",
    "GroupSummary",
    "Productivity",
    "RevenueLine",
    "farm_from_dict",
    "farm_income",
    "group_summary",
    "straight_line_depreciation",
]

KINDS = ("explicit", "implicit")

EXPLICIT_CATEGORIES = frozenset(
    {
        "land_rent",
        "land_tax",
        "depreciation",
        "seed",
        "fertiliser",
        "pesticide",
        "hired_labour",
        "irrigation",
        "harvest_haul",
        "sacks",
        "other",
    }
)
#: Categories that are never paid in cash; the productivity formulas use them by name.
IMPLICIT_CATEGORIES = frozenset({"own_land_rent", "family_labour", "own_capital_interest"})
COST_CATEGORIES = EXPLICIT_CATEGORIES | IMPLICIT_CATEGORIES

#: Weight units the BEP may be converted between, in kg (kw = kuintal = 100 kg).
UNIT_IN_KG = {
    "kg": Decimal(1),
    "kw": Decimal(100),
    "ku": Decimal(100),
    "kuintal": Decimal(100),
    "ton": Decimal(1000),
    "t": Decimal(1000),
}

# Own context so the results do not depend on whatever the caller set globally.
_CTX = Context(prec=34, rounding=ROUND_HALF_EVEN)
_ZERO = Decimal(0)
_HUNDRED = Decimal(100)


# --------------------------------------------------------------------------- parsing helpers


def _to_decimal(value: Any, column: str, **where: Any) -> Decimal:
    """A finite Decimal from a Decimal, int, numeric string (or float, via its shortest repr)."""
    if isinstance(value, bool):
        raise AnalysisInputError(
            "non_numeric",
            f"{column} must be a number, got {value!r}{_where(where)}",
            column=column,
            value=value,
            **where,
        )
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int | float | str):
        try:
            result = Decimal(str(value).strip())
        except InvalidOperation:
            result = None
    else:
        result = None
    if result is None or not result.is_finite():
        raise AnalysisInputError(
            "non_numeric",
            f"{column} must be a number, got {value!r}{_where(where)}",
            column=column,
            value=str(value),
            **where,
        )
    return result


def _where(where: Mapping[str, Any]) -> str:
    parts = []
    if where.get("index") is not None:
        parts.append(f"farm {where['index']}")
    if where.get("section") is not None:
        parts.append(f"{where['section']}[{where.get('line')}]")
    if where.get("farm") is not None:
        parts.append(f"farm {where['farm']!r}")
    return f" ({', '.join(parts)})" if parts else ""


def _invalid(message: str, **params: Any) -> AnalysisInputError:
    return AnalysisInputError("invalid_value", message, **params)


def _require_non_negative(value: Decimal, column: str, **where: Any) -> Decimal:
    if value < 0:
        raise _invalid(
            f"{column} must not be negative, got {value}{_where(where)}",
            column=column,
            value=str(value),
            **where,
        )
    return value


def _to_bool(value: Any, column: str, **where: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"true", "1", "yes", "ya"}:
        return True
    if isinstance(value, str) and value.strip().lower() in {"false", "0", "no", "tidak"}:
        return False
    raise _invalid(
        f"{column} must be true or false, got {value!r}{_where(where)}",
        column=column,
        value=str(value),
        **where,
    )


def _fmt(value: Decimal | None) -> str | None:
    """Plain (never scientific) string of an unrounded Decimal, or None."""
    return None if value is None else format(value, "f")


# --------------------------------------------------------------------------- input records


def straight_line_depreciation(price: Any, salvage: Any, life_years: Any) -> Decimal:
    """Yearly straight-line depreciation: (purchase price - salvage value) / life in years."""
    return _depreciation(price, salvage, life_years, {})


def _depreciation(price: Any, salvage: Any, life_years: Any, where: Mapping[str, Any]) -> Decimal:
    price = _to_decimal(price, "purchase_price", **where)
    _require_non_negative(price, "purchase_price", **where)
    salvage = _to_decimal(salvage, "salvage_value", **where)
    _require_non_negative(salvage, "salvage_value", **where)
    life = _to_decimal(life_years, "life_years", **where)
    if life <= 0:
        raise _invalid(
            f"life_years must be more than 0, got {life}{_where(where)}",
            column="life_years",
            value=str(life),
            **where,
        )
    if salvage > price:
        raise _invalid(
            f"salvage_value {salvage} is more than purchase_price {price}{_where(where)}",
            column="salvage_value",
            value=str(salvage),
            purchase_price=str(price),
            **where,
        )
    with localcontext(_CTX):
        return (price - salvage) / life


@dataclass(frozen=True)
class CostLine:
    """One cost line. ``amount`` is the season's cost in Rp (strings are accepted and parsed)."""

    item: str
    amount: Decimal
    kind: str  # "explicit" | "implicit"
    category: str
    fixed: bool

    def __post_init__(self) -> None:
        where = {"item": self.item}
        amount = _to_decimal(self.amount, "amount", **where)
        object.__setattr__(self, "amount", amount)
        _check_cost_fields(amount, self.kind, self.category, where)


def _check_cost_fields(amount: Decimal, kind: Any, category: Any, where: Mapping[str, Any]):
    _require_non_negative(amount, "amount", **where)
    if kind not in KINDS:
        raise _invalid(
            f"kind must be one of {', '.join(KINDS)}, got {kind!r}{_where(where)}",
            column="kind",
            value=str(kind),
            allowed=list(KINDS),
            **where,
        )
    if not isinstance(category, str) or category not in COST_CATEGORIES:
        raise _invalid(
            f"unknown cost category {category!r}{_where(where)}",
            column="category",
            value=str(category),
            allowed=sorted(COST_CATEGORIES),
            **where,
        )
    if category in IMPLICIT_CATEGORIES and kind != "implicit":
        raise _invalid(
            f"category {category!r} is an implicit cost but kind is {kind!r}{_where(where)}",
            column="kind",
            value=str(kind),
            category=category,
            **where,
        )


@dataclass(frozen=True)
class RevenueLine:
    """One revenue line: quantity x price (strings are accepted and parsed)."""

    item: str
    quantity: Decimal
    unit: str
    price: Decimal
    main_product: bool

    def __post_init__(self) -> None:
        for name in ("quantity", "price"):
            value = _to_decimal(getattr(self, name), name, item=self.item)
            _require_non_negative(value, name, item=self.item)
            object.__setattr__(self, name, value)

    @property
    def amount(self) -> Decimal:
        with localcontext(_CTX):
            return self.quantity * self.price

    def to_dict(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "quantity": _fmt(self.quantity),
            "unit": self.unit,
            "price": _fmt(self.price),
            "amount": _fmt(self.amount),
            "main_product": self.main_product,
        }


@dataclass(frozen=True)
class FarmRecord:
    """One farm (farmer x season). ``bep_unit`` None means BEP in the main product's own unit."""

    name: str | None
    fixed_costs: list[CostLine]
    variable_costs: list[CostLine]
    revenues: list[RevenueLine]
    area_ha: Decimal | None = None
    family_labour_hko: Decimal | None = None
    bep_unit: str | None = None


def _required(d: Mapping[str, Any], key: str, **where: Any) -> Any:
    if key not in d or d[key] is None or (isinstance(d[key], str) and not d[key].strip()):
        raise AnalysisInputError(
            "missing_column", f"missing field {key!r}{_where(where)}", column=key, **where
        )
    return d[key]


def _cost_from_dict(d: Any, *, fixed: bool, index: int, section: str, line: int) -> CostLine:
    where = {"index": index, "section": section, "line": line}
    if not isinstance(d, Mapping):
        raise _invalid(f"a cost line must be an object{_where(where)}", column=section, **where)
    item = str(_required(d, "item", **where))
    kind = _normalise(_required(d, "kind", **where))
    category = _normalise(_required(d, "category", **where))
    if d.get("amount") is None and category == "depreciation" and "purchase_price" in d:
        amount = _depreciation(
            _required(d, "purchase_price", **where),
            d.get("salvage_value") or 0,
            _required(d, "life_years", **where),
            where,
        )
    else:
        amount = _to_decimal(_required(d, "amount", **where), "amount", **where)
    _check_cost_fields(amount, kind, category, where)
    return CostLine(item, amount, kind, category, fixed)


def _normalise(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


def _revenue_from_dict(d: Any, *, index: int, line: int) -> RevenueLine:
    where = {"index": index, "section": "revenues", "line": line}
    if not isinstance(d, Mapping):
        raise _invalid(
            f"a revenue line must be an object{_where(where)}", column="revenues", **where
        )
    item = str(_required(d, "item", **where))
    values = {}
    for name in ("quantity", "price"):
        values[name] = _require_non_negative(
            _to_decimal(_required(d, name, **where), name, **where), name, **where
        )
    unit = str(_required(d, "unit", **where)).strip()
    main = _to_bool(_required(d, "main_product", **where), "main_product", **where)
    return RevenueLine(item, values["quantity"], unit, values["price"], main)


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
    family_labour_hko, bep_unit. Unknown keys (e.g. ``bep_note``) are ignored.
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
    )


# --------------------------------------------------------------------------- results


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
            "area_ha": _fmt(self.area_ha),
            "per_ha": None
            if self.per_ha is None
            else {key: _fmt(value) for key, value in self.per_ha.items()},
        }


def _sum(values: Iterable[Decimal]) -> Decimal:
    total = _ZERO
    for value in values:
        total += value
    return total


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


def farm_income(farm: FarmRecord) -> FarmIncomeResult:
    """Income, profit, R/C, break-even, productivity and per-ha figures of one farm."""
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
        productivity = Productivity(
            labour=(income - own_land_rent - own_capital_interest) / hko if hko else None,
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
    )


# --------------------------------------------------------------------------- groups

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
