"""Where a shared revenue stream's value comes from (domain.md 5b, PT Gunung Madu: farmers share
in the harvest, in molasses sales and in sugar sales), so that no value is typed into a DO. Pure:
no Django.

- ``weighings``: the farmer's cane from the weighbridge × the scheme's price per kw of cane.
- ``sales``: the mill's recorded sales of the stream for the period × the farmer's part of that
  period's deliveries, by cane (molasses) or by hablur (sugar).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from harvest.calculations.errors import SettlementInputError, decimal_to_str, to_decimal
from harvest.calculations.schemes import ZERO, check_not_negative


@dataclass(frozen=True)
class StreamFeed:
    """One stream's value for this farmer: ``total`` [unit] × ``portion`` = ``value``.

    weighings: total = the farmer's cane (kw), portion = price per kw of cane.
    sales: total = the period's sales (Rp), portion = the farmer's part of the period (0..1).
    """

    stream: str
    source: str
    total: Decimal
    unit: str
    portion: Decimal
    basis: str = ""

    def __post_init__(self) -> None:
        for name in ("total", "portion"):
            value = to_decimal(getattr(self, name), f"stream_feeds.{name}")
            check_not_negative(value, f"stream_feeds.{name}")
            object.__setattr__(self, name, value)

    @property
    def value(self) -> Decimal:
        return self.total * self.portion

    def to_dict(self) -> dict[str, str]:
        return {
            "stream": self.stream,
            "source": self.source,
            "total": decimal_to_str(self.total),
            "unit": self.unit,
            "portion": decimal_to_str(self.portion),
            "basis": self.basis,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StreamFeed:
        return cls(
            stream=str(data["stream"]),
            source=str(data["source"]),
            total=Decimal(data["total"]),
            unit=str(data["unit"]),
            portion=Decimal(data["portion"]),
            basis=str(data.get("basis", "")),
        )


@dataclass(frozen=True)
class PeriodSales:
    """A stream's recorded sales for a period, and all the cane and hablur delivered in it (the
    farmer's own included)."""

    amount: Decimal
    cane_kw: Decimal
    hablur_kw: Decimal


def feed_streams(
    sources: Mapping[str, Mapping[str, Any]],
    *,
    cane_kw: Decimal,
    hablur_kw: Decimal,
    sales: Mapping[str, PeriodSales],
) -> tuple[StreamFeed, ...]:
    """Each stream's value for one farmer's DO: from his weighings, or his part of the period's
    recorded sales by cane or by hablur."""
    feeds = []
    missing = [
        stream
        for stream, source in sources.items()
        if source["from"] == "sales" and stream not in sales
    ]
    if missing:
        raise SettlementInputError(
            "sales_not_recorded",
            f"no sales recorded for the period of: {', '.join(missing)}",
            streams=missing,
        )
    for stream, source in sources.items():
        if source["from"] == "weighings":
            feeds.append(
                StreamFeed(stream, "weighings", cane_kw, "kw", source["price_per_kw_cane"])
            )
            continue
        period_sales = sales[stream]
        own, period = (
            (cane_kw, period_sales.cane_kw)
            if source["basis"] == "cane"
            else (hablur_kw, period_sales.hablur_kw)
        )
        if own > period:
            raise SettlementInputError(
                "invalid_shape",
                f"the farmer's {source['basis']} {own} is more than the period's {period}",
                field="stream_feeds",
            )
        portion = own / period if period > 0 else ZERO
        feeds.append(
            StreamFeed(stream, "sales", period_sales.amount, "Rp", portion, source["basis"])
        )
    return tuple(feeds)
