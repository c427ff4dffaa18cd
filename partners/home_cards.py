"""The partnership's cards on the farmer's home: the DO waiting longest, or the latest one."""

from __future__ import annotations

from partners import selectors_harvest as reads
from partners.models import DoStatus
from tebu_site.home_cards import HomeCard


def latest_do_card(user) -> HomeCard | None:
    orders = reads.farmer_do_list(user).exclude(status=DoStatus.DRAFT)
    # An unpaid DO matters more to the farmer than a newer paid one.
    order = orders.filter(paid_at__isnull=True).order_by("issued_at", "id").first() or (
        orders.first()
    )
    if order is None:
        return None
    outstanding = max(order.payable - order.paid_amount, 0)
    return HomeCard(
        "partners/partials/home_do_card.html",
        {"order": order, "outstanding": outstanding},
        order=10,
    )
