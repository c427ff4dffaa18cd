"""The partnership scorecard's arithmetic (issue 8 point 5). Plain Python, no Django: inputs are
lists of numbers, outputs dataclasses of Decimals; the page and the export round for display.

Percentiles use linear interpolation between closest ranks, numpy's default ("linear", Hyndman
and Fan type 7): sort the n values x[0] ≤ … ≤ x[n−1]; for the p-th percentile take
h = (n − 1) × p / 100, then P = x[⌊h⌋] + (h − ⌊h⌋) × (x[⌊h⌋ + 1] − x[⌊h⌋]).
So for days [3, 10, 20, 40, 70]: median h = 2 → 20; 90th h = 3.6 → 40 + 0.6 × 30 = 58.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

HUNDRED = Decimal(100)

PERCENTILE_METHOD = (
    "linear interpolation between closest ranks (numpy's default, Hyndman–Fan type 7): "
    "h = (n − 1) × p / 100, P = x[⌊h⌋] + (h − ⌊h⌋) × (x[⌊h⌋+1] − x[⌊h⌋])"
)


def percentile(values: Sequence, p) -> Decimal | None:
    """The p-th percentile (0–100) of ``values`` by linear interpolation; None when empty."""
    if not values:
        return None
    p = Decimal(str(p))
    if not Decimal(0) <= p <= HUNDRED:
        raise ValueError("p must be between 0 and 100")
    ordered = sorted(Decimal(str(v)) for v in values)
    h = (len(ordered) - 1) * p / HUNDRED
    low = int(h)  # floor: h is never negative
    fraction = h - low
    if low + 1 >= len(ordered):
        return ordered[-1]
    return ordered[low] + fraction * (ordered[low + 1] - ordered[low])


def share_percent(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    """part / whole × 100, None when there is nothing to divide."""
    if not whole:
        return None
    return Decimal(part) * HUNDRED / Decimal(whole)


@dataclass(frozen=True)
class PaymentDelay:
    """Days from DO issue to full payment, over the DOs paid in full, and the share of DOs paid
    within the threshold among those whose outcome is known: paid, or unpaid past the
    threshold already (a DO still unpaid but younger than the threshold is not counted yet)."""

    threshold_days: int
    paid_count: int
    median_days: Decimal | None
    p90_days: Decimal | None
    paid_within: int
    decided: int
    share_within_percent: Decimal | None
    unpaid_count: int
    unpaid_over_threshold: int
    longest_unpaid_days: int | None


def payment_delay(
    paid_days: Sequence[int], unpaid_days: Sequence[int], threshold_days: int
) -> PaymentDelay:
    paid_within = sum(1 for d in paid_days if d <= threshold_days)
    over = sum(1 for d in unpaid_days if d > threshold_days)
    decided = len(paid_days) + over
    return PaymentDelay(
        threshold_days=threshold_days,
        paid_count=len(paid_days),
        median_days=percentile(paid_days, 50),
        p90_days=percentile(paid_days, 90),
        paid_within=paid_within,
        decided=decided,
        share_within_percent=share_percent(paid_within, decided),
        unpaid_count=len(unpaid_days),
        unpaid_over_threshold=over,
        longest_unpaid_days=max(unpaid_days) if unpaid_days else None,
    )


@dataclass(frozen=True)
class FarmerValue:
    """What the farmer got per kw of cane on issued DOs (proceeds before deductions, and the net
    after them) against what a non-partner farmer got for a kw of cane that season."""

    cane_kw: Decimal
    proceeds_per_kw: Decimal | None
    net_per_kw: Decimal | None
    non_partner_per_kw: Decimal | None
    difference_per_kw: Decimal | None
    ratio_percent: Decimal | None


def farmer_value(
    *, proceeds: Decimal, net: Decimal, cane_kw: Decimal, non_partner_per_kw: Decimal | None
) -> FarmerValue:
    per_kw = proceeds / cane_kw if cane_kw else None
    net_per_kw = net / cane_kw if cane_kw else None
    difference = (
        per_kw - non_partner_per_kw
        if per_kw is not None and non_partner_per_kw is not None
        else None
    )
    ratio = (
        per_kw * HUNDRED / non_partner_per_kw if per_kw is not None and non_partner_per_kw else None
    )
    return FarmerValue(
        cane_kw=cane_kw,
        proceeds_per_kw=per_kw,
        net_per_kw=net_per_kw,
        non_partner_per_kw=non_partner_per_kw,
        difference_per_kw=difference,
        ratio_percent=ratio,
    )


def _nth(counts: Sequence[tuple[Decimal, int]], index: int) -> Decimal:
    """The value at ``index`` of the sorted values that ``counts`` (value, count) stand for."""
    seen = 0
    for value, count in counts:
        seen += count
        if index < seen:
            return value
    return counts[-1][0]


def percentile_of_counts(counts: dict, p) -> Decimal | None:
    """``percentile`` of the values a histogram {value: how many} stands for, without expanding
    it: the same formula, the same result."""
    ordered = sorted((Decimal(str(v)), int(n)) for v, n in counts.items() if int(n) > 0)
    total = sum(n for _v, n in ordered)
    if not total:
        return None
    p = Decimal(str(p))
    if not Decimal(0) <= p <= HUNDRED:
        raise ValueError("p must be between 0 and 100")
    h = (total - 1) * p / HUNDRED
    low = int(h)
    fraction = h - low
    lower = _nth(ordered, low)
    if low + 1 >= total:
        return lower
    return lower + fraction * (_nth(ordered, low + 1) - lower)


def payment_delay_of_counts(
    paid_days: dict[int, int], unpaid_days: dict[int, int], threshold_days: int
) -> PaymentDelay:
    """``payment_delay`` from histograms {days: how many DOs}."""
    paid_count = sum(paid_days.values())
    unpaid_count = sum(unpaid_days.values())
    paid_within = sum(n for d, n in paid_days.items() if d <= threshold_days)
    over = sum(n for d, n in unpaid_days.items() if d > threshold_days)
    decided = paid_count + over
    return PaymentDelay(
        threshold_days=threshold_days,
        paid_count=paid_count,
        median_days=percentile_of_counts(paid_days, 50),
        p90_days=percentile_of_counts(paid_days, 90),
        paid_within=paid_within,
        decided=decided,
        share_within_percent=share_percent(paid_within, decided),
        unpaid_count=unpaid_count,
        unpaid_over_threshold=over,
        longest_unpaid_days=max((d for d, n in unpaid_days.items() if n), default=None),
    )
