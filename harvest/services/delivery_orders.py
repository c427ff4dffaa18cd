"""A DO after settlement: issue, audited adjustments, re-settlement after a weighing or rendemen
correction, and payments (domain.md 5). An issued DO changes only through a DoAdjustment; the
net payable is never negative (the rest is carried as debt); payments never exceed what is owed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from harvest.calculations.errors import decimal_to_str
from harvest.models import (
    AdjustmentKind,
    DeliveryOrder,
    DoAdjustment,
    DoPayment,
    DoStatus,
    HarvestPolicy,
    PaymentMethod,
    Weighing,
)
from harvest.permissions import HarvestAction, require
from harvest.services import late_payment
from harvest.services import notices as farmer_notices
from harvest.services.carried_debits import cap_to_outstanding, record_recoveries
from harvest.services.settlement import editable_draft, recompute, settlement_inputs
from harvest.signals import do_adjusted, do_issued, do_paid_below_contract, do_payment_recorded
from notices.services import notify
from tebu_site.formatting import format_rupiah, round_half_up
from tebu_site.services import require_visible, save_with_history

ZERO = Decimal(0)


def paid_total(do: DeliveryOrder) -> Decimal:
    return do.payments.aggregate(total=Sum("amount"))["total"] or ZERO


def _refresh_status(
    do: DeliveryOrder, now: datetime | None = None, paid: Decimal | None = None
) -> None:
    paid = paid_total(do) if paid is None else paid
    if paid >= do.payable:
        if do.status != DoStatus.PAID:
            do.paid_at = now or timezone.now()
        do.status = DoStatus.PAID
    else:
        do.status = DoStatus.PARTLY_PAID if paid > 0 else DoStatus.ISSUED
        do.paid_at = None


@transaction.atomic
def issue_do(*, do: DeliveryOrder, by) -> DeliveryOrder:
    """Issue a draft: it is settled once more from the deliveries as they are now, dated, and
    from then on changes only through an audited adjustment."""
    do = editable_draft(do, by, HarvestAction.SETTLE)
    # A debit from a season close is taken only as far as it is still owed at the issue.
    cap_to_outstanding(do)
    recompute(do, by, save=False)
    stamp_issued(do, by, now=timezone.now(), policy=HarvestPolicy.for_mill(do.mill))
    save_with_history(do, by)
    record_recoveries([do], by)
    do_issued.send(sender=DeliveryOrder, delivery_order=do, by=by)
    farmer_notices.do_issued(do)
    if do.price_shortfall > 0:
        transaction.on_commit(
            lambda: do_paid_below_contract.send(sender=DeliveryOrder, delivery_order=do)
        )
    return do


def stamp_issued(
    do: DeliveryOrder, by, *, now: datetime, policy: HarvestPolicy, paid: Decimal | None = None
) -> None:
    """Date a settled draft as issued (``paid``: what its payments add up to, if already read)."""
    do.issued_at = now
    do.issued_by = by
    do.expected_payment_on = timezone.localdate(now) + timedelta(days=policy.do_payment_days)
    # The contract's rate when the DO is issued: a later change of terms does not reach back.
    do.late_rate_percent = policy.late_payment_rate_percent
    _refresh_status(do, now, paid)


def _snapshot(do: DeliveryOrder) -> dict[str, Any]:
    """The figures an adjustment shows before and after (JSON)."""
    fields = (
        "cane_kw",
        "rendemen_percent",
        "hablur_kw",
        "farmer_sugar_kw",
        "auctioned_sugar_kw",
        "natura_kw",
        "natura_sold_kw",
        "molasses_kg",
        "total_revenue",
        "total_deductions",
        "net",
        "payable",
        "carried_debt",
    )
    snapshot = {name: decimal_to_str(getattr(do, name)) for name in fields}
    snapshot["inputs"] = do.inputs
    return snapshot


@transaction.atomic
def adjust_do(
    *,
    do: DeliveryOrder,
    by,
    reason: str,
    kind: str = AdjustmentKind.OTHER,
    natura_consumed_kw: Decimal | None = None,
    credit_deductions: Sequence[Any] | None = None,
    other_deductions: Sequence[Any] | None = None,
    stream_values: Mapping[str, Decimal] | None = None,
    stream_corrections: Mapping[str, Any] | None = None,
    required: bool = True,
) -> DoAdjustment | None:
    """Change an issued DO: new inputs and/or the deliveries' corrected weights and rendemen are
    settled again, and the change is recorded with who, when, why and the figures before and after.

    With ``required`` False (automatic re-settlement after a correction) a change that leaves the
    figures as they were records nothing and returns None.
    """
    require(by, HarvestAction.ADJUST_DO)
    require_visible(by, do)
    do = DeliveryOrder.objects.select_for_update().select_related("scheme", "mill").get(pk=do.pk)
    if do.is_draft:
        raise ValidationError(_("A draft is changed directly, not by an adjustment."))
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Give the reason for the adjustment.")]})
    before = _snapshot(do)
    payable_before = do.payable
    inputs_before = dict(do.inputs)
    do.inputs = settlement_inputs(
        natura_consumed_kw=natura_consumed_kw,
        credit_deductions=credit_deductions,
        other_deductions=other_deductions,
        stream_values=stream_values,
        base=do.inputs,
        stream_corrections=stream_corrections,
    )
    recompute(do, by, save=False)
    after = _snapshot(do)
    if after == before:
        if required:
            raise ValidationError(_("Nothing changes: the DO's figures stay the same."))
        return None
    _refresh_status(do)
    save_with_history(do, by)
    do_adjusted.send(
        sender=DeliveryOrder,
        delivery_order=do,
        by=by,
        inputs_before=inputs_before,
        inputs_after=do.inputs,
    )
    return DoAdjustment.objects.create(
        delivery_order=do,
        kind=kind,
        reason=reason.strip(),
        by=by,
        before=before,
        after=after,
        payable_before=payable_before,
        payable_after=do.payable,
    )


def resettle_after_change(*, weighings: Sequence[Weighing], by, reason: str, kind: str) -> None:
    """After a weight or rendemen correction: drafts are settled again; issued DOs get an
    audited adjustment (recorded as done by whoever made the correction)."""
    do_ids = {w.delivery_order_id for w in weighings if w.delivery_order_id}
    for do in DeliveryOrder.objects.filter(pk__in=do_ids).select_related("scheme", "mill"):
        if do.is_draft:
            recompute(do, by)
        else:
            # The correction itself was authorised (QC); the DO follows it automatically.
            _adjust_without_role_check(do=do, by=by, reason=reason, kind=kind)


def _adjust_without_role_check(*, do: DeliveryOrder, by, reason: str, kind: str) -> None:
    before = _snapshot(do)
    payable_before = do.payable
    inputs_before = dict(do.inputs)
    recompute(do, by, save=False)
    after = _snapshot(do)
    if after == before:
        return
    _refresh_status(do)
    save_with_history(do, by)
    # A corrected weight changes the cutting and haulage, so what a TMA tranche paid of them.
    do_adjusted.send(
        sender=DeliveryOrder,
        delivery_order=do,
        by=by,
        inputs_before=inputs_before,
        inputs_after=do.inputs,
    )
    DoAdjustment.objects.create(
        delivery_order=do,
        kind=kind,
        reason=reason,
        by=by,
        before=before,
        after=after,
        payable_before=payable_before,
        payable_after=do.payable,
    )


@transaction.atomic
def record_payment(
    *,
    do: DeliveryOrder,
    by,
    paid_on: date,
    amount: Decimal,
    method: str,
    reference: str = "",
) -> DoPayment:
    """One payment (an instalment or the whole) of an issued DO; never more than is owed."""
    require(by, HarvestAction.RECORD_PAYMENT)
    require_visible(by, do)
    do = DeliveryOrder.objects.select_for_update().get(pk=do.pk)
    errors: dict[str, list[str]] = {}
    if do.is_draft:
        raise ValidationError(_("Issue the DO before recording payments."))
    outstanding = do.payable - paid_total(do)
    if amount is None or amount <= 0:
        errors["amount"] = [_("Give the amount paid (more than 0).")]
    elif amount > outstanding:
        errors["amount"] = [
            _("%(amount)s is more than the %(outstanding)s still owed on this DO.")
            % {"amount": format_rupiah(amount), "outstanding": format_rupiah(outstanding)}
        ]
    if paid_on > timezone.localdate():
        errors["paid_on"] = [_("The payment date cannot be in the future.")]
    elif paid_on < timezone.localdate(do.issued_at):
        errors["paid_on"] = [_("The payment date is before the DO was issued.")]
    if method not in PaymentMethod.values:
        errors["method"] = [_("Choose how it was paid.")]
    if errors:
        raise ValidationError(errors)
    payment = DoPayment(
        delivery_order=do,
        paid_on=paid_on,
        amount=round_half_up(amount, 2),
        method=method,
        reference=(reference or "").strip(),
        recorded_by=by,
    )
    save_with_history(payment, by)
    _refresh_status(do)
    late_payment.count_on(do)
    save_with_history(do, by)
    do_payment_recorded.send(sender=DeliveryOrder, delivery_order=do, payment=payment)
    farmer_notices.do_payment_recorded(do, payment, paid_total(do))
    return payment


@transaction.atomic
def promise_payment(*, do: DeliveryOrder, by, on: date, reason: str) -> DeliveryOrder:
    """A new payment date for an unpaid DO, with the reason the farmer reads; audited with the
    DO's history and told to the farmer. It does not stop the late-payment compensation, which
    runs from the contract's date."""
    require(by, HarvestAction.RECORD_PAYMENT)
    require_visible(by, do)
    do = DeliveryOrder.objects.select_for_update().get(pk=do.pk)
    if do.is_draft or do.status == DoStatus.PAID:
        raise ValidationError(_("Only an issued DO that is not fully paid gets a new date."))
    errors: dict[str, list[str]] = {}
    if on is None or on < timezone.localdate():
        errors["on"] = [_("The new date cannot be in the past.")]
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = [_("Say why the DO is paid later: the farmer reads it.")]
    if errors:
        raise ValidationError(errors)
    do.promised_payment_on, do.promise_reason, do.promised_by = on, reason, by
    save_with_history(do, by)
    notify(
        "do_payment_promised",
        {"order": do, "on": on, "reason": reason},
        farmer=do.farmer,
        related=do,
        dedupe_key=f"do:{do.pk}:promised:{on.isoformat()}",
        link=reverse("my-do", args=[do.pk]),
    )
    return do
