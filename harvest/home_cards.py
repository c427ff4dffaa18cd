"""The partnership's cards on the home pages. The farmer's answers "what am I still owed, and is
any of it late?": every unpaid DO counted, the oldest first; the latest DO once all are paid."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from harvest import selectors as reads
from harvest.models import UNPAID_STATUSES, DoStatus, SptaStatus, Weighing
from harvest.services import late_payment
from harvest.services.summaries import ensure_summaries
from partners import selectors
from tebu_site.access import scope_for
from tebu_site.home_cards import HomeCard
from tebu_site.models import Role

# Roles whose work the DO payment state is: they settle, pay or answer for DOs.
DO_CARD_ROLES = {Role.ADMINISTRATOR, Role.MANAGER, Role.FIELD_STAFF, Role.CREDIT_OFFICER}


def latest_do_card(user) -> HomeCard | None:
    orders = reads.farmer_do_list(user).exclude(status=DoStatus.DRAFT)
    # A farmer's unpaid DOs are a handful (one per delivery period): one query reads them all,
    # so the total owed counts every one of them, not only the oldest.
    unpaid = list(orders.filter(status__in=UNPAID_STATUSES).order_by("issued_at", "id"))
    if not unpaid:
        latest = orders.first()
        if latest is None:
            return None
        return HomeCard("harvest/partials/home_do_card.html", {"order": latest}, order=10)
    today = timezone.localdate()
    overdue = [order for order in unpaid if order.days_overdue(today)]
    oldest = unpaid[0]
    paid = (
        late_payment.payments_by_order(order.pk for order in overdue)
        if any(order.late_rate_percent for order in overdue)
        else {}
    )
    compensations = [
        late_payment.compensation_of(order, today=today, payments=paid.get(order.pk, []))
        for order in overdue
    ]
    return HomeCard(
        "harvest/partials/home_do_card.html",
        {
            "order": oldest,
            "unpaid_count": len(unpaid),
            "outstanding": sum((_still_owed(order) for order in unpaid), Decimal(0)),
            "oldest_outstanding": _still_owed(oldest),
            "overdue_count": len(overdue),
            "most_days_overdue": max((o.days_overdue(today) for o in overdue), default=0),
            # What the mill owes him for paying late, to the day (issue 16).
            "late_compensation": sum((c.amount for c in compensations if c), Decimal(0)),
        },
        order=10,
    )


def _still_owed(order) -> Decimal:
    return max(order.payable - order.paid_amount, Decimal(0))


def unpaid_dos_card(user) -> HomeCard | None:
    if user.role not in DO_CARD_ROLES and not user.is_superuser:
        return None
    # Totals from the maintained summaries, never summed over a mill's DOs per request.
    ensure_summaries(selectors.mills_visible_to(user).values_list("pk", flat=True))
    return HomeCard("harvest/partials/staff_do_card.html", reads.do_totals(user), order=10)


# How many of a queue's first entries the card lists; the page behind it has the rest.
QUEUE_SHOWN = 5


def weighbridge_queue_card(user) -> HomeCard | None:
    """The weighbridge clerk's day: the SPTAs valid now and not yet weighed (the trucks to
    expect), the oldest cutting first, and the loads weighed since midnight."""
    if user.role != Role.WEIGHBRIDGE_CLERK:
        return None
    now = timezone.now()
    waiting = reads.sptas_visible_to(user).filter(
        status=SptaStatus.ISSUED, cutting_date__lte=timezone.localdate(now), expires_at__gte=now
    )
    return HomeCard(
        "harvest/partials/home_weighbridge_card.html",
        {
            "waiting_count": waiting.count(),
            "waiting": list(waiting.order_by("cutting_date", "issued_at", "id")[:QUEUE_SHOWN]),
            "weighed_today": scope_for(
                user, Weighing.objects.filter(weighed_at__gte=_midnight(now))
            ).count(),
        },
        order=5,
    )


def lab_queue_card(user) -> HomeCard | None:
    """The lab's day: accepted loads still without a rendemen, the longest waiting first (a
    sample left waiting loses sugar, and the farmer waits for his DO)."""
    if user.role != Role.QC:
        return None
    waiting = scope_for(
        user,
        Weighing.objects.filter(rejected=False, rendemen_analysis__isnull=True).select_related(
            "spta__farmer"
        ),
    )
    oldest = list(waiting.order_by("weighed_at", "id")[:QUEUE_SHOWN])
    hours = (timezone.now() - oldest[0].weighed_at).total_seconds() / 3600 if oldest else None
    return HomeCard(
        "harvest/partials/home_lab_card.html",
        {"waiting_count": waiting.count(), "waiting": oldest, "oldest_hours": hours},
        order=5,
    )


def _midnight(now):
    local = timezone.localtime(now)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)
