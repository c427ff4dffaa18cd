"""What a settlement takes and gives, as immutable values: one farmer's deliveries for a DO period
(``DeliveryInput``), the steps from cane to rupiah (``SettlementLine``), deductions, warnings and
the settled DO (``Settlement``); and the half-up rounding used where a figure is stored or shown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from harvest.calculations.errors import SettlementInputError, decimal_to_str, to_decimal
from harvest.calculations.quality import Load
from harvest.calculations.schemes import (
    RENDEMEN_MAX,
    SETTING_MAX,
    ZERO,
    SettlementWarning,
    check_at_most,
    check_not_negative,
)
from harvest.calculations.streams import StreamFeed


def quantize_money(value: Decimal) -> Decimal:
    """Rupiah to 2 decimals, half up: for the edge where money is stored or shown."""
    return to_decimal(value, "value").quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def quantize_kw(value: Decimal) -> Decimal:
    """Quintals to 3 decimals (0.1 kg), half up, as the DOs print them."""
    return to_decimal(value, "value").quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def deduction_entries(
    entries: Sequence[tuple[str, Any]], name: str
) -> tuple[tuple[str, Decimal], ...]:
    result = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, Sequence) or isinstance(entry, str) or len(entry) != 2:
            raise SettlementInputError(
                "invalid_shape", f"{name}[{index}] must be a (label, amount) pair", field=name
            )
        label, amount = entry
        if not isinstance(label, str) or not label.strip():
            raise SettlementInputError(
                "missing_setting", f"{name}[{index}] needs a label", field=name, index=index
            )
        amount = to_decimal(amount, f"{name}[{index}]")
        check_not_negative(amount, f"{name}[{index}]")
        result.append((label, amount))
    return tuple(result)


@dataclass(frozen=True)
class TmaCredit:
    """Money already paid to the mill for this farmer's cutting and haulage (a loan's TMA
    tranche, domain.md 5 "Never charge TMA twice") and not yet used: ``available`` Rupiah of it.
    ``source`` is opaque here; whoever records the use (the credit app) reads it back."""

    source: str
    label: str
    available: Decimal

    def __post_init__(self) -> None:
        for name in ("source", "label"):
            if not isinstance(getattr(self, name), str) or not getattr(self, name).strip():
                raise SettlementInputError(
                    "missing_setting", f"a TMA credit needs a {name}", field="tma_credits"
                )
        available = to_decimal(self.available, "tma_credits.available")
        check_not_negative(available, "tma_credits.available")
        object.__setattr__(self, "available", available)


@dataclass(frozen=True)
class TmaUse:
    """How much of one TMA credit paid this DO's cutting and haulage, and what it has left."""

    source: str
    label: str
    available: Decimal
    applied: Decimal

    @property
    def left(self) -> Decimal:
        return self.available - self.applied

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "label": self.label,
            "available": decimal_to_str(self.available),
            "applied": decimal_to_str(self.applied),
            "left": decimal_to_str(self.left),
        }


@dataclass(frozen=True)
class DeliveryInput:
    """One farmer's deliveries for a DO period.

    ``natura_consumed_kw`` is the natura the household keeps (1–2 kw); the rest is sold.
    ``tma_by_mill``: the mill's crews cut, loaded and hauled, so their fees are deducted.
    Deductions are (label, amount in Rp) pairs. ``tma_credits`` is money already paid to the mill
    for the cutting and haulage (``TmaCredit``); it pays those fees before the DO does.
    ``stream_values`` (multi_stream schemes only) is the
    total value of each stream the farmer shares in, e.g. {"sugar_sales": ...}, when typed;
    ``stream_feeds`` (``StreamFeed``) when the scheme feeds them from weighings and recorded
    sales, and ``stream_corrections`` the audited corrections of fed values by hand.
    ``auction_price_per_kw`` is the recorded auction price of the period, for a scheme that
    computes profit sharing from it. ``loads`` are the deliveries one by one, with their quality
    check, for a scheme that pays each load by its quality.
    """

    name: str
    area_ha: Decimal
    cane_kw: Decimal
    rendemen_percent: Decimal
    natura_consumed_kw: Decimal = ZERO
    tma_by_mill: bool = False
    credit_deductions: Sequence[tuple[str, Decimal]] = ()
    other_deductions: Sequence[tuple[str, Decimal]] = ()
    # What an earlier season close paid above the final figures, taken back (season label, Rp).
    carried_debits: Sequence[tuple[str, Decimal]] = ()
    stream_values: Mapping[str, Decimal] | None = None
    tma_credits: Sequence[TmaCredit] = ()
    auction_price_per_kw: Decimal | None = None
    loads: Sequence[Load] = ()
    stream_feeds: Sequence[StreamFeed] | None = None
    stream_corrections: Mapping[str, Decimal] | None = None
    # The mill's cane-weighted rendemen over the DO's period, for relative quality payment.
    mill_average_rendemen_percent: Decimal | None = None

    def __post_init__(self) -> None:
        if self.mill_average_rendemen_percent is not None:
            name = "mill_average_rendemen_percent"
            average = to_decimal(self.mill_average_rendemen_percent, name)
            if not ZERO <= average <= RENDEMEN_MAX:
                raise SettlementInputError(
                    "rendemen_out_of_range",
                    f"the mill's average rendemen {average} is outside 0..{RENDEMEN_MAX} %",
                    rendemen=average,
                    minimum=ZERO,
                    maximum=RENDEMEN_MAX,
                )
            object.__setattr__(self, "mill_average_rendemen_percent", average)
        for name in ("area_ha", "cane_kw", "rendemen_percent", "natura_consumed_kw"):
            value = to_decimal(getattr(self, name), name)
            if name != "rendemen_percent":
                check_not_negative(value, name)
            object.__setattr__(self, name, value)
        if not ZERO <= self.rendemen_percent <= RENDEMEN_MAX:
            raise SettlementInputError(
                "rendemen_out_of_range",
                f"rendemen {self.rendemen_percent} is outside 0..{RENDEMEN_MAX} %",
                rendemen=self.rendemen_percent,
                minimum=ZERO,
                maximum=RENDEMEN_MAX,
            )
        if not isinstance(self.tma_by_mill, bool):
            raise SettlementInputError(
                "invalid_shape", "tma_by_mill must be true or false", field="tma_by_mill"
            )
        for name in ("carried_debits", "credit_deductions", "other_deductions"):
            object.__setattr__(self, name, deduction_entries(getattr(self, name), name))
        if not all(isinstance(credit, TmaCredit) for credit in self.tma_credits):
            raise SettlementInputError(
                "invalid_shape", "tma_credits must be TmaCredit values", field="tma_credits"
            )
        object.__setattr__(self, "tma_credits", tuple(self.tma_credits))
        if self.stream_values is not None:
            if not isinstance(self.stream_values, Mapping):
                raise SettlementInputError(
                    "invalid_shape",
                    "stream_values must map stream names to values",
                    field="stream_values",
                )
            values = {}
            for stream, value in self.stream_values.items():
                values[stream] = to_decimal(value, f"stream_values.{stream}")
                check_not_negative(values[stream], f"stream_values.{stream}")
            object.__setattr__(self, "stream_values", values)
        if self.auction_price_per_kw is not None:
            price = to_decimal(self.auction_price_per_kw, "auction_price_per_kw")
            check_not_negative(price, "auction_price_per_kw")
            check_at_most(price, SETTING_MAX, "auction_price_per_kw")
            object.__setattr__(self, "auction_price_per_kw", price)
        for name, kind in (("loads", Load), ("stream_feeds", StreamFeed)):
            given = getattr(self, name)
            if given is None:
                continue
            if not all(isinstance(entry, kind) for entry in given):
                raise SettlementInputError(
                    "invalid_shape", f"{name} must be {kind.__name__} values", field=name
                )
            object.__setattr__(self, name, tuple(given))
        if self.stream_corrections is not None:
            corrections = {}
            for stream, value in dict(self.stream_corrections).items():
                corrections[stream] = to_decimal(value, f"stream_corrections.{stream}")
                check_not_negative(corrections[stream], f"stream_corrections.{stream}")
            object.__setattr__(self, "stream_corrections", corrections)


@dataclass(frozen=True)
class SettlementLine:
    """One step from cane to rupiah: ``quantity`` [unit] × ``rate`` = ``amount`` [amount_unit].

    A line that states a given figure has only a quantity; a total has only an amount. The UI
    words the step from ``code`` (and shows ``label``: a tier's range, a credit's name, a stream).
    """

    code: str
    quantity: Decimal | None
    unit: str | None
    rate: Decimal | None = None
    amount: Decimal | None = None
    amount_unit: str | None = None
    label: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "label": self.label,
            "quantity": decimal_to_str(self.quantity),
            "unit": self.unit,
            "rate": decimal_to_str(self.rate),
            "amount": decimal_to_str(self.amount),
            "amount_unit": self.amount_unit,
        }


def total_line(code: str, amount: Decimal, unit: str = "Rp") -> SettlementLine:
    return SettlementLine(code, None, None, amount=amount, amount_unit=unit)


@dataclass(frozen=True)
class Deduction:
    """A deduction from the proceeds; codes: sacks, cutting, haulage, tma_paid (negative: the
    part of cutting and haulage a TMA credit paid), credit, other."""

    code: str
    label: str
    quantity: Decimal | None
    unit: str | None
    rate: Decimal | None
    amount: Decimal

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "label": self.label,
            "quantity": decimal_to_str(self.quantity),
            "unit": self.unit,
            "rate": decimal_to_str(self.rate),
            "amount": decimal_to_str(self.amount),
        }


@dataclass(frozen=True)
class Settlement:
    """The computed DO: sugar, proceeds, deductions and what is payable, all unrounded."""

    name: str
    kind: str
    cane_kw: Decimal
    rendemen_percent: Decimal
    hablur_kw: Decimal
    farmer_sugar_kw: Decimal
    mill_sugar_kw: Decimal
    auctioned_sugar_kw: Decimal
    natura_kw: Decimal
    natura_consumed_kw: Decimal
    natura_sold_kw: Decimal
    molasses_kg: Decimal
    revenue_sugar: Decimal
    revenue_molasses: Decimal
    revenue_natura: Decimal
    revenue_profit_sharing: Decimal
    revenue_cane: Decimal
    revenue_streams: Mapping[str, Decimal]
    agreed_revenue: Decimal | None
    price_shortfall: Decimal
    total_revenue: Decimal
    deductions: tuple[Deduction, ...]
    total_deductions: Decimal
    net: Decimal
    payable: Decimal
    carried_debt: Decimal
    warnings: tuple[SettlementWarning, ...]
    lines: tuple[SettlementLine, ...]
    # Cutting and haulage charged before any TMA credit, and how each credit paid them.
    tma_charges: Decimal = ZERO
    tma_uses: tuple[TmaUse, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready; Decimals as plain unrounded strings."""
        result: dict[str, Any] = {}
        for item in fields(self):
            value = getattr(self, item.name)
            if item.name in ("deductions", "warnings", "lines", "tma_uses"):
                result[item.name] = [entry.to_dict() for entry in value]
            elif item.name == "revenue_streams":
                result[item.name] = {
                    stream: decimal_to_str(amount) for stream, amount in value.items()
                }
            elif isinstance(value, Decimal) or value is None:
                result[item.name] = decimal_to_str(value)
            else:
                result[item.name] = value
        return result
