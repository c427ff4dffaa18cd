"""DO totals per mill and region, kept current by a task (issue 18).

A change to a DO or a payment marks its mill changed when the transaction commits and asks a
worker to refresh that mill (harvest.tasks.refresh_do_summaries); a scheduled run every 30 seconds
refreshes any mill still marked, and every mill once a day (what is overdue moves with the date),
so a total is at most a minute behind. The refresh is two grouped queries over one mill's DOs.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from harvest.models import (
    UNPAID_STATUSES,
    DeliveryOrder,
    DoPayment,
    DoStatus,
    DoSummary,
    DoSummaryState,
)

ZERO = Decimal(0)


def mark_changed(mill_id: int) -> None:
    """After this transaction commits, mark the mill's totals stale and ask for a refresh. A batch
    of thousands of DOs registers one callback per mill, not one per DO."""
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        getattr(callback, "summary_mill_id", None) == mill_id
        for _, callback, _ in connection.run_on_commit
    ):
        return

    def changed() -> None:
        from harvest.tasks import refresh_do_summaries

        DoSummaryState.objects.update_or_create(
            mill_id=mill_id, defaults={"dirty": True, "changed_at": timezone.now()}
        )
        refresh_do_summaries.delay(mill_id=mill_id)

    changed.summary_mill_id = mill_id
    transaction.on_commit(changed)


@transaction.atomic
def refresh_mill(mill_id: int, *, today: date | None = None) -> list[DoSummary]:
    """Recompute one mill's totals per region and replace its rows."""
    today = today or timezone.localdate()
    # Marked clean first: a change committed while this runs marks it again.
    DoSummaryState.objects.update_or_create(mill_id=mill_id, defaults={"dirty": False})
    overdue = Q(status__in=UNPAID_STATUSES, expected_payment_on__lt=today)
    orders = (
        DeliveryOrder.objects.filter(mill_id=mill_id)
        .order_by()
        .values("farmer__region")
        .annotate(
            issued=Count("id", filter=~Q(status=DoStatus.DRAFT)),
            drafts=Count("id", filter=Q(status=DoStatus.DRAFT)),
            unpaid=Count("id", filter=Q(status__in=UNPAID_STATUSES)),
            overdue=Count("id", filter=overdue),
            unpaid_payable=Sum("payable", filter=Q(status__in=UNPAID_STATUSES)),
            overdue_payable=Sum("payable", filter=overdue),
        )
    )
    paid = defaultdict(lambda: (ZERO, ZERO))
    for row in (
        DoPayment.objects.filter(
            delivery_order__mill_id=mill_id, delivery_order__status__in=UNPAID_STATUSES
        )
        .order_by()
        .values("delivery_order__farmer__region")
        .annotate(
            unpaid=Sum("amount"),
            overdue=Sum("amount", filter=Q(delivery_order__expected_payment_on__lt=today)),
        )
    ):
        paid[row["delivery_order__farmer__region"]] = (
            row["unpaid"] or ZERO,
            row["overdue"] or ZERO,
        )
    now = timezone.now()
    summaries = [
        DoSummary(
            mill_id=mill_id,
            region_id=row["farmer__region"],
            issued_count=row["issued"],
            draft_count=row["drafts"],
            unpaid_count=row["unpaid"],
            overdue_count=row["overdue"],
            owed=max((row["unpaid_payable"] or ZERO) - paid[row["farmer__region"]][0], ZERO),
            overdue_owed=max(
                (row["overdue_payable"] or ZERO) - paid[row["farmer__region"]][1], ZERO
            ),
            as_of=today,
            refreshed_at=now,
        )
        for row in orders
    ]
    DoSummary.objects.filter(mill_id=mill_id).delete()
    return DoSummary.objects.bulk_create(summaries)


def refresh_stale(*, today: date | None = None) -> int:
    """Refresh the mills marked changed, and those whose totals are of an earlier day."""
    today = today or timezone.localdate()
    mills = set(DoSummaryState.objects.filter(dirty=True).values_list("mill_id", flat=True))
    mills |= set(DoSummary.objects.filter(as_of__lt=today).values_list("mill_id", flat=True))
    for mill_id in sorted(mills):
        refresh_mill(mill_id, today=today)
    return len(mills)


def ensure_summaries(mill_ids) -> None:
    """A mill whose totals were never computed (a new mill, a fresh database) gets them now, so a
    page never shows an empty total for want of the first scheduled run."""
    known = set(
        DoSummaryState.objects.filter(mill_id__in=mill_ids).values_list("mill_id", flat=True)
    )
    for mill_id in sorted(set(mill_ids) - known):
        refresh_mill(mill_id)


def on_delivery_order_saved(sender, instance, **kwargs) -> None:
    mark_changed(instance.mill_id)


def on_payment_saved(sender, instance, **kwargs) -> None:
    mark_changed(instance.delivery_order.mill_id)
