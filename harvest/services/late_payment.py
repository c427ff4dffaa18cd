"""Late-payment compensation (issue 16): the contract's yearly rate on what a DO still owes after
its payment date, counted day by day (harvest.calculations.late_payment) and paid by the mill.

The amount is kept on the DO so that lists and the scorecard sum a column: counted again at
every payment (saved with the DO's history) and each night for the unpaid DOs past their date.
The DO pages count it live, to the day.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from harvest.calculations.late_payment import LateCompensation, late_compensation
from harvest.models import UNPAID_STATUSES, DeliveryOrder, DoPayment, DoStatus
from harvest.permissions import HarvestAction, require
from tebu_site.farmer_pages import farmer_pages_changed
from tebu_site.services import require_visible, save_with_history

BATCH = 2000


def compensation_of(
    do: DeliveryOrder, *, today: date | None = None, payments=None
) -> LateCompensation | None:
    """Counted to ``today`` (the payments stop it once all is paid). None when the DO has no
    payment date or its contract no rate."""
    if do.is_draft or not do.late_rate_percent:
        return None
    if payments is None:
        payments = [(p.paid_on, p.amount) for p in do.payments.all()]
    return late_compensation(
        payable=do.payable,
        due_on=do.expected_payment_on,
        payments=payments,
        annual_rate_percent=do.late_rate_percent,
        as_of=today or timezone.localdate(),
    )


def payments_by_order(order_ids) -> dict[int, list[tuple[date, Decimal]]]:
    """(paid on, amount) of each DO's payments, in one query for many DOs."""
    paid: dict[int, list[tuple[date, Decimal]]] = defaultdict(list)
    for order_id, paid_on, amount in DoPayment.objects.filter(
        delivery_order__in=list(order_ids)
    ).values_list("delivery_order_id", "paid_on", "amount"):
        paid[order_id].append((paid_on, amount))
    return paid


def count_on(do: DeliveryOrder, *, today: date | None = None) -> None:
    """Set the stored amount on ``do`` (the caller saves it, with its history)."""
    today = today or timezone.localdate()
    result = compensation_of(do, today=today)
    do.late_compensation = result.amount if result else Decimal(0)
    do.late_compensation_as_of = today if result else None


def refresh_unpaid(*, mill_id: int | None = None, today: date | None = None) -> int:
    """Count again every unpaid DO past its date whose contract sets a rate: two queries a
    batch, whatever the number of DOs."""
    today = today or timezone.localdate()
    orders = DeliveryOrder.objects.filter(
        status__in=UNPAID_STATUSES, late_rate_percent__gt=0, expected_payment_on__lt=today
    ).only("id", "farmer_id", "status", "payable", "expected_payment_on", "late_rate_percent")
    if mill_id is not None:
        orders = orders.filter(mill_id=mill_id)
    changed = 0
    last = 0
    while True:
        batch = list(orders.filter(pk__gt=last).order_by("pk")[:BATCH])
        if not batch:
            return changed
        last = batch[-1].pk
        paid = payments_by_order(order.pk for order in batch)
        for order in batch:
            result = compensation_of(order, today=today, payments=paid[order.pk])
            order.late_compensation = result.amount if result else Decimal(0)
            order.late_compensation_as_of = today
        DeliveryOrder.objects.bulk_update(
            batch, ["late_compensation", "late_compensation_as_of"], batch_size=BATCH
        )
        farmer_pages_changed(order.farmer_id for order in batch)
        changed += len(batch)


@transaction.atomic
def record_compensation_paid(*, do: DeliveryOrder, by, paid_on: date) -> DeliveryOrder:
    """The mill paid the farmer the compensation of a DO paid late (its amount is final once
    the DO is paid)."""
    require(by, HarvestAction.RECORD_PAYMENT)
    require_visible(by, do)
    do = DeliveryOrder.objects.select_for_update().get(pk=do.pk)
    if do.status != DoStatus.PAID:
        raise ValidationError(
            _("The compensation is final once the DO is paid in full: record that first.")
        )
    if do.late_compensation_paid_on is not None:
        raise ValidationError(_("This compensation was already recorded as paid."))
    count_on(do)
    if do.late_compensation <= 0:
        raise ValidationError(_("This DO was paid on time: there is no compensation to pay."))
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": [_("The payment date cannot be in the future.")]})
    do.late_compensation_paid_on = paid_on
    do.late_compensation_paid_by = by
    save_with_history(do, by)
    return do
