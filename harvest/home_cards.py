"""The partnership's cards on the farmer's home: the DO waiting longest, or the latest one."""

from __future__ import annotations

from harvest import selectors as reads
from harvest.models import DoStatus
from harvest.services.summaries import ensure_summaries
from partners import selectors
from tebu_site.home_cards import HomeCard
from tebu_site.models import Role

# Roles whose work the DO payment state is: they settle, pay or answer for DOs.
DO_CARD_ROLES = {Role.ADMINISTRATOR, Role.MANAGER, Role.FIELD_STAFF, Role.CREDIT_OFFICER}


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
        "harvest/partials/home_do_card.html",
        {"order": order, "outstanding": outstanding},
        order=10,
    )


def unpaid_dos_card(user) -> HomeCard | None:
    if user.role not in DO_CARD_ROLES and not user.is_superuser:
        return None
    # Totals from the maintained summaries, never summed over a mill's DOs per request.
    ensure_summaries(selectors.mills_visible_to(user).values_list("pk", flat=True))
    return HomeCard("harvest/partials/staff_do_card.html", reads.do_totals(user), order=10)
