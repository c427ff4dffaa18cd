"""The partnership's cards on the farmer's home: the DO waiting longest, or the latest one."""

from __future__ import annotations

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Sum
from django.utils import timezone

from harvest import selectors as reads
from harvest.models import DoStatus
from harvest.selectors import UNPAID, overdue_filter
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
    today = timezone.localdate()
    # paid_amount is itself a Sum over payments on this queryset; Django aggregates over it
    # through a subquery, so each DO's outstanding amount is counted once.
    unpaid = reads.do_register(user).filter(status__in=UNPAID)
    outstanding = ExpressionWrapper(
        F("payable") - F("paid_amount"), output_field=DecimalField(max_digits=16, decimal_places=2)
    )
    figures = unpaid.annotate(outstanding=outstanding).aggregate(
        count=Count("id", distinct=True),
        overdue=Count("id", filter=overdue_filter(today=today), distinct=True),
        owed=Sum("outstanding"),
    )
    return HomeCard("harvest/partials/staff_do_card.html", figures, order=10)
