"""Revenue lines of a farm: the ``RevenueLine`` record (quantity x price, one line marked as
the main product) and its parsing from the reference ``inputs`` shape. Separate from costs so that
each kind of line, with its own fields and checks, is read in one small place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import Any

from analytics.methods.farm_income.parsing import (
    _CTX,
    _fmt,
    _invalid,
    _require_non_negative,
    _required,
    _to_bool,
    _to_decimal,
    _where,
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
