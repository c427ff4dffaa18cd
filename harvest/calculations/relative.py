"""Relative quality payment (issue 16): a scheme may pay each farmer's quality relative to the
mill's average in the period, as South Africa's RV system and Australia's relative CCS do. The
rendemen the sugar is shared on is then

    paid = mill average + share × (farmer's rendemen − mill average)

so a poor season, or the mill's own extraction, lowers everyone alike, and a farmer above the
average is paid above it. Pure: no Django.
"""

from __future__ import annotations

from decimal import Decimal

from harvest.calculations.errors import SettlementInputError
from harvest.calculations.schemes import SettlementScheme
from harvest.calculations.values import DeliveryInput, SettlementLine


def rendemen_paid_on(
    delivery: DeliveryInput, scheme: SettlementScheme
) -> tuple[Decimal, tuple[SettlementLine, ...]]:
    """The rendemen the DO's sugar is shared on, and the lines that show how (none when the
    scheme pays the farmer's own rendemen)."""
    own = delivery.rendemen_percent
    share = scheme.relative_quality_share
    if share is None:
        return own, ()
    average = delivery.mill_average_rendemen_percent
    if average is None:
        raise SettlementInputError(
            "missing_setting",
            "a scheme that pays quality relative to the mill needs the mill's average rendemen "
            "of the period",
            field="mill_average_rendemen_percent",
        )
    # Between the average and his own rendemen (share is 0..1): never outside 0..20 %.
    paid = average + share * (own - average)
    return paid, (
        SettlementLine("mill_average_rendemen", average, "%"),
        SettlementLine("rendemen_paid", own - average, "%", share, paid, "%"),
    )
