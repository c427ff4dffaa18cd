"""Late-payment compensation of a DO (issue 16): from the day after its due date, what is still
owed earns the contract's yearly rate, day by day, until it is paid. Pure: no Django.

    compensation = Σ over the days late of  outstanding that day × rate / 100 / 365

A payment made on day d counts from day d: the day a farmer is paid he is no longer owed it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal(0)
DAYS_IN_YEAR = Decimal(365)  # the convention of India's cane price orders and of bank KUR


@dataclass(frozen=True)
class LateStretch:
    """Days during which the same amount was owed past the due date."""

    start: date  # first day late in this stretch
    days: int
    owed: Decimal
    amount: Decimal  # unrounded


@dataclass(frozen=True)
class LateCompensation:
    due_on: date
    annual_rate_percent: Decimal
    days_late: int  # from the due date to full payment, or to the day counted
    stretches: tuple[LateStretch, ...]

    @property
    def amount(self) -> Decimal:
        """Rounded half-up to the sen, as every stored amount."""
        total = sum((stretch.amount for stretch in self.stretches), ZERO)
        return total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def late_compensation(
    *,
    payable: Decimal,
    due_on: date | None,
    payments: Iterable[tuple[date, Decimal]],
    annual_rate_percent: Decimal,
    as_of: date,
) -> LateCompensation | None:
    """What the mill owes for paying late, counted up to ``as_of`` (or to the full payment).
    None when the DO has no due date or the contract sets no rate."""
    if due_on is None or not annual_rate_percent or annual_rate_percent <= 0:
        return None
    daily = annual_rate_percent / Decimal(100) / DAYS_IN_YEAR
    owed = payable
    # Payments on or before the due date only lower what is owed when lateness starts.
    later: dict[date, Decimal] = {}
    for paid_on, amount in payments:
        if paid_on <= due_on:
            owed -= amount
        else:
            later[paid_on] = later.get(paid_on, ZERO) + amount
    stretches: list[LateStretch] = []
    day = due_on  # lateness counts the days after the due date
    last_day = due_on
    for paid_on in sorted(later):
        if owed <= 0 or day >= as_of:
            break
        end = min(paid_on, as_of)
        days = (end - day).days
        if days > 0:
            stretches.append(_stretch(day, days, owed, daily))
            last_day = end
        day = end
        owed -= later[paid_on]
    if owed > 0 and day < as_of:
        days = (as_of - day).days
        stretches.append(_stretch(day, days, owed, daily))
        last_day = as_of
    return LateCompensation(
        due_on=due_on,
        annual_rate_percent=annual_rate_percent,
        days_late=(last_day - due_on).days,
        stretches=tuple(stretches),
    )


def _stretch(after: date, days: int, owed: Decimal, daily: Decimal) -> LateStretch:
    start = date.fromordinal(after.toordinal() + 1)
    return LateStretch(start=start, days=days, owed=owed, amount=owed * daily * days)
