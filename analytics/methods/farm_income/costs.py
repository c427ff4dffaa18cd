"""Cost lines of a farm: the explicit and implicit cost categories, straight-line depreciation,
the ``CostLine`` record and the parsing of a cost line from the reference ``inputs`` shape. Held
apart because the cost rules (kinds, categories, implicit categories that must be implicit,
depreciation) are checked on every line as it is read, before any income formula runs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import Any

from analytics.methods.farm_income.parsing import (
    _CTX,
    _invalid,
    _require_non_negative,
    _required,
    _to_decimal,
    _where,
)

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
