"""The season close (issue 16): the DOs a farmer was paid on provisional figures, settled again
with the final rendemen and the final sugar and molasses prices, and what he is still due.

Pure, and the SAME settlement as the period DOs: the scheme's own parameters with the final
prices put in its price settings (``final_scheme``), and ``settle`` on each DO's own inputs
(cane, deductions, natura kept, TMA money, auction price) at the final rendemen. Each DO's due is
rounded the way a DO stores its figures (proceeds and deductions to the cent, half up, net from
the rounded totals, never below zero); the difference is due − paid.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from harvest.calculations.errors import SettlementInputError, decimal_to_str
from harvest.calculations.schemes import ZERO, SettlementScheme, scheme_from_dict
from harvest.calculations.settlement import settle
from harvest.calculations.values import DeliveryInput, quantize_money

# The setting that holds the sugar price in each kind a season close settles again.
SUGAR_PRICE_SETTING = {
    "rendemen_tier": "bridging_price_per_kw",
    "flat_value_share": "sugar_price_per_kw",
}


def final_scheme(
    parameters: Mapping[str, Any],
    *,
    sugar_price_per_kw: Decimal | None,
    molasses_price_per_kg: Decimal | None,
) -> SettlementScheme:
    """The scheme with the season's final prices in its own price settings (none given: its
    own prices); checked by the same code as any scheme."""
    values = dict(parameters)
    kind = values.get("kind", "rendemen_tier")
    if kind not in SUGAR_PRICE_SETTING:
        raise SettlementInputError(
            "not_applicable",
            f"a {kind} scheme does not pay by the rendemen and the sugar price",
            kind=kind,
        )
    if sugar_price_per_kw is not None:
        values[SUGAR_PRICE_SETTING[kind]] = decimal_to_str(sugar_price_per_kw)
    if molasses_price_per_kg is not None:
        values["molasses_price_per_kg"] = decimal_to_str(molasses_price_per_kg)
    return scheme_from_dict(values)


def weighted_rendemen(cane_kw: Decimal, sugar_points: Decimal) -> Decimal | None:
    """Σ cane × rendemen / Σ cane (domain.md 5: rendemen weighted by cane); None without cane."""
    return sugar_points / cane_kw if cane_kw else None


@dataclass(frozen=True)
class ProvisionalOrder:
    """One DO as issued: its number, its own settlement inputs (``delivery``, at the final
    rendemen already), the rendemen it was paid on and what it pays (its payable)."""

    number: str
    delivery: DeliveryInput
    provisional_rendemen: Decimal
    paid: Decimal


@dataclass(frozen=True)
class OrderDifference:
    number: str
    cane_kw: Decimal
    provisional_rendemen: Decimal
    final_rendemen: Decimal
    revenue: Decimal
    deductions: Decimal
    due: Decimal
    paid: Decimal

    @property
    def difference(self) -> Decimal:
        return self.due - self.paid

    def to_dict(self) -> dict[str, str]:
        return {
            "number": self.number,
            "cane_kw": decimal_to_str(self.cane_kw),
            "provisional_rendemen": decimal_to_str(self.provisional_rendemen),
            "final_rendemen": decimal_to_str(self.final_rendemen),
            "revenue": decimal_to_str(self.revenue),
            "deductions": decimal_to_str(self.deductions),
            "due": decimal_to_str(self.due),
            "paid": decimal_to_str(self.paid),
            "difference": decimal_to_str(self.difference),
        }


@dataclass(frozen=True)
class FarmerClose:
    orders: tuple[OrderDifference, ...]

    @property
    def paid(self) -> Decimal:
        return sum((order.paid for order in self.orders), ZERO)

    @property
    def due(self) -> Decimal:
        return sum((order.due for order in self.orders), ZERO)

    @property
    def difference(self) -> Decimal:
        return self.due - self.paid

    @property
    def final_payable(self) -> Decimal:
        """What the final DO pays (a positive difference)."""
        return max(self.difference, ZERO)

    @property
    def debit(self) -> Decimal:
        """What the farmer was paid beyond his due, carried to next season."""
        return max(-self.difference, ZERO)


def _settle_capping_natura(delivery: DeliveryInput, scheme: SettlementScheme):
    """A lower final rendemen may give less natura than the household kept: it keeps what there
    is (as the farmer's what-if does, harvest.statement)."""
    try:
        return settle(delivery, scheme)
    except SettlementInputError as error:
        if error.code != "natura_consumed_exceeds_natura":
            raise
        return settle(replace(delivery, natura_consumed_kw=error.params["natura_kw"]), scheme)


def order_difference(order: ProvisionalOrder, scheme: SettlementScheme) -> OrderDifference:
    result = _settle_capping_natura(order.delivery, scheme)
    revenue = quantize_money(result.total_revenue)
    deductions = quantize_money(result.total_deductions)
    return OrderDifference(
        number=order.number,
        cane_kw=order.delivery.cane_kw,
        provisional_rendemen=order.provisional_rendemen,
        final_rendemen=order.delivery.rendemen_percent,
        revenue=revenue,
        deductions=deductions,
        due=max(revenue - deductions, ZERO),
        paid=order.paid,
    )


def close_farmer(
    orders: Sequence[tuple[ProvisionalOrder, SettlementScheme]],
) -> FarmerClose:
    """A farmer's season: each DO's due at the final figures (under its own scheme's final form)
    beside what it paid."""
    return FarmerClose(tuple(order_difference(order, scheme) for order, scheme in orders))
