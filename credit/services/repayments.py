"""Repayments: what a farmer owes is recovered from the DO proceeds (domain.md 4 and 5) or paid
directly. Order, the same on every path: in-kind advances first (the mill's own goods, recovered
at harvest), then loans oldest first, each loan's interest before its principal.

``deductions_for_do`` answers the DO settlement (partners registers it as a deduction provider);
``post_do_repayments`` runs when the DO is issued and records which DO each repayment came from.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from credit import calculations as calc
from credit.models import (
    ApplicationStatus,
    CreditApplication,
    Repayment,
    RepaymentAllocation,
    RepaymentSource,
)
from credit.permissions import CreditAction, require
from credit.selectors import Debt, debts_of, debts_of_farmers
from harvest.models import DeliveryOrder
from partners.models import Farmer, Season
from tebu_site.formatting import format_rupiah
from tebu_site.services import create_in_bulk, require_visible, save_with_history

ZERO = Decimal(0)


def _label(debt: Debt, part: str, on_date: date) -> str:
    if debt.advance is not None:
        return _("Recovery of %(what)s (%(season)s)") % {
            "what": debt.advance.get_kind_display().lower(),
            "season": debt.advance.season.name,
        }
    application = debt.application
    if part == "interest":
        return _("%(product)s %(number)s: interest to %(day)s") % {
            "product": application.product.get_kind_display().split(" (")[0],
            "number": application.number,
            "day": on_date.strftime("%d-%m-%Y"),
        }
    return _("%(product)s %(number)s: principal") % {
        "product": application.product.get_kind_display().split(" (")[0],
        "number": application.number,
    }


def _plan(
    farmer: Farmer, amount: Decimal, on_date: date
) -> tuple[list[Debt], calc.AllocationResult]:
    debts = debts_of(farmer, on_date)
    return debts, _allocate(debts, amount)


def _allocate(debts: list[Debt], amount: Decimal) -> calc.AllocationResult:
    dues = [
        calc.Due(key=index, interest=d.interest_due, principal=d.principal_due)
        for index, d in enumerate(debts)
    ]
    return calc.allocate(max(amount, ZERO), dues)


def deductions_for_do(
    *, farmer: Farmer, season: Season, available_amount: Decimal, on_date: date
) -> list[tuple[str, Decimal]]:
    """The DO's credit deduction lines (label, amount): in-kind advances, then each loan's
    interest to ``on_date`` and principal, oldest loan first, up to ``available_amount`` (what
    the DO leaves the farmer before credit). Empty when nothing is owed or nothing available."""
    return _deduction_lines(debts_of(farmer, on_date), available_amount, on_date)


def deductions_for_farmers(*, farmer_ids, on_date: date):
    """``deductions_for_do`` for a batch settlement (issue 18): every farmer's debts read at
    once, then a callable with deductions_for_do's arguments that answers from them. Valid while
    the batch runs: drafting DOs records no repayment, so the debts do not change under it."""
    read_on = on_date
    debts = debts_of_farmers(farmer_ids, read_on)

    def deductions(*, farmer, season, available_amount, on_date):
        if on_date != read_on or farmer.pk not in debts:  # not what was read: read it now
            return deductions_for_do(
                farmer=farmer, season=season, available_amount=available_amount, on_date=on_date
            )
        return _deduction_lines(debts[farmer.pk], available_amount, on_date)

    return deductions


def _deduction_lines(
    debts: list[Debt], available_amount: Decimal, on_date: date
) -> list[tuple[str, Decimal]]:
    result = _allocate(debts, available_amount)
    lines: list[tuple[str, Decimal]] = []
    for allocation in result.allocations:
        debt = debts[allocation.key]
        if allocation.interest > 0:
            lines.append((_label(debt, "interest", on_date), calc.money(allocation.interest)))
        if allocation.principal > 0:
            lines.append((_label(debt, "principal", on_date), calc.money(allocation.principal)))
    return lines


def _store(
    *,
    farmer: Farmer,
    season: Season,
    paid_on: date,
    amount: Decimal,
    by,
    source: str,
    delivery_order: DeliveryOrder | None = None,
    reference: str = "",
    note: str = "",
) -> Repayment:
    """Allocate ``amount`` as of ``paid_on`` and record the repayment with its allocations; the
    loans that are paid off become repaid."""
    from credit.services.workflow import follow_money

    debts, result = _plan(farmer, amount, paid_on)
    repayment = Repayment(
        farmer=farmer,
        season=season,
        paid_on=paid_on,
        amount=calc.money(result.allocated),
        source=source,
        delivery_order=delivery_order,
        reference=reference,
        note=note,
        recorded_by=by,
    )
    save_with_history(repayment, by)
    for allocation in result.allocations:
        debt = debts[allocation.key]
        part = RepaymentAllocation(
            repayment=repayment,
            application=debt.application,
            in_kind_advance=debt.advance,
            interest=calc.money(allocation.interest),
            principal=calc.money(allocation.principal),
        )
        save_with_history(part, by)
    touched = {debts[a.key].application.pk for a in result.allocations if debts[a.key].application}
    for application in CreditApplication.objects.select_for_update().filter(pk__in=touched):
        follow_money(application, by, paid_on)
    return repayment


def total_owed(farmer: Farmer, on_date: date) -> Decimal:
    return _owed(debts_of(farmer, on_date))


def _owed(debts: list[Debt]) -> Decimal:
    return sum((calc.money(d.interest_due) + d.principal_due for d in debts), ZERO)


def _beyond_owed(total: Decimal, owed: Decimal) -> str:
    """The repayment's note when the DO's credit lines exceed the debt (only what was owed is
    posted)."""
    if total <= owed:
        return ""
    return _("%(extra)s deducted beyond what was owed.") % {"extra": format_rupiah(total - owed, 2)}


@transaction.atomic
def record_repayment(
    *,
    by,
    farmer: Farmer,
    season: Season,
    paid_on: date,
    amount: Decimal,
    reference: str = "",
    note: str = "",
) -> Repayment:
    """A repayment paid directly (not through a DO), allocated like a DO deduction."""
    require(by, CreditAction.RECORD_REPAYMENT)
    require_visible(by, farmer)
    # Lock the farmer's loans so two repayments recorded at once cannot both pay the same debt.
    list(CreditApplication.objects.select_for_update().filter(farmer=farmer))
    errors: dict[str, list[str]] = {}
    if paid_on is None:
        errors["paid_on"] = [_("Give the date it was paid.")]
    elif paid_on > timezone.localdate():
        errors["paid_on"] = [_("The date cannot be in the future.")]
    if season.mill_id != farmer.mill_id:
        errors["season"] = [_("The season belongs to another mill.")]
    if amount is None or amount <= 0:
        errors["amount"] = [_("Give the amount paid (more than 0).")]
    elif paid_on is not None and not errors:
        owed = total_owed(farmer, paid_on)
        if owed <= 0:
            errors["amount"] = [_("This farmer owes nothing.")]
        elif amount > owed:
            errors["amount"] = [
                _("%(amount)s is more than the %(owed)s this farmer owes.")
                % {"amount": format_rupiah(amount, 2), "owed": format_rupiah(owed, 2)}
            ]
    if errors:
        raise ValidationError(errors)
    return _store(
        farmer=farmer,
        season=season,
        paid_on=paid_on,
        amount=amount,
        by=by,
        source=RepaymentSource.MANUAL,
        reference=(reference or "").strip(),
        note=(note or "").strip(),
    )


def post_do_repayments(*, delivery_order: DeliveryOrder, by) -> Repayment | None:
    """When a DO is issued: its credit deductions become a repayment dated the issue day,
    allocated in the usual order (what a TMA tranche paid of the DO's cutting and haulage is
    recorded by credit.services.tma). Runs once per DO (a second call returns the first
    repayment). The issue itself was authorised; no further role check here."""
    existing = Repayment.objects.filter(delivery_order=delivery_order).first()
    if existing is not None:
        return existing
    total = _credit_total(delivery_order.inputs)
    if total <= 0:
        return None
    farmer = delivery_order.farmer
    list(CreditApplication.objects.select_for_update().filter(farmer=farmer))
    on = timezone.localdate(delivery_order.issued_at)
    owed = total_owed(farmer, on)
    if owed <= 0:
        return None
    note = _beyond_owed(total, owed)
    return _store(
        farmer=farmer,
        season=delivery_order.season,
        paid_on=on,
        amount=min(total, owed),
        by=by,
        source=RepaymentSource.DELIVERY_ORDER,
        delivery_order=delivery_order,
        reference=delivery_order.number,
        note=note,
    )


def post_many_do_repayments(*, delivery_orders, by) -> None:
    """``post_do_repayments`` for many issued DOs of distinct farmers (a batch's issue, issue 18),
    in a number of queries that does not grow with them: the farmers' loans locked and their
    debts read at once (``debts_of_farmers``), the repayments and allocations written in bulk.
    The rows are those post_do_repayments writes DO after DO: no DO changes another farmer's
    debts. DOs of one farmer are posted one by one, as his second depends on his first."""
    orders = [order for order in delivery_orders if _credit_total(order.inputs) > 0]
    posted = set(
        Repayment.objects.filter(delivery_order__in=orders).values_list(
            "delivery_order_id", flat=True
        )
    )
    orders = [order for order in orders if order.pk not in posted]
    if len({order.farmer_id for order in orders}) < len(orders):
        for order in orders:
            post_do_repayments(delivery_order=order, by=by)
        return
    if not orders:
        return
    # Lock the farmers' loans so that a repayment recorded meanwhile cannot pay the same debt.
    list(
        CreditApplication.objects.select_for_update()
        .filter(farmer_id__in=[order.farmer_id for order in orders])
        .values_list("pk", flat=True)
    )
    days: dict[date, list[int]] = {}
    for order in orders:
        days.setdefault(timezone.localdate(order.issued_at), []).append(order.farmer_id)
    debts = {on: debts_of_farmers(farmer_ids, on) for on, farmer_ids in days.items()}
    repayments, allocations, moving = [], [], {}
    for order in orders:
        on = timezone.localdate(order.issued_at)
        planned = _planned_repayment(order, debts[on][order.farmer_id], on, by)
        if planned is None:
            continue
        repayment, parts, may_move = planned
        repayments.append(repayment)
        allocations += parts
        moving.update(dict.fromkeys(may_move, on))
    create_in_bulk(repayments, by)
    create_in_bulk(allocations, by)  # each takes its repayment's new key (bulk_create does)
    from credit.services.workflow import follow_money

    for application in CreditApplication.objects.filter(pk__in=list(moving)).order_by("pk"):
        follow_money(application, by, moving[application.pk])


def _planned_repayment(order: DeliveryOrder, debts: list[Debt], on: date, by):
    """What _store would write for this DO's deductions: the repayment, its allocations, and the
    loans it may leave with nothing owing (follow_money moves only those)."""
    total = _credit_total(order.inputs)
    owed = _owed(debts)
    if owed <= 0:
        return None
    note = _beyond_owed(total, owed)
    result = _allocate(debts, min(total, owed))
    repayment = Repayment(
        farmer_id=order.farmer_id,
        season_id=order.season_id,
        paid_on=on,
        amount=calc.money(result.allocated),
        source=RepaymentSource.DELIVERY_ORDER,
        delivery_order=order,
        reference=order.number,
        note=note,
        recorded_by=by,
    )
    parts, may_move = [], set()
    for allocation in result.allocations:
        debt = debts[allocation.key]
        parts.append(
            RepaymentAllocation(
                repayment=repayment,
                application=debt.application,
                in_kind_advance=debt.advance,
                interest=calc.money(allocation.interest),
                principal=calc.money(allocation.principal),
            )
        )
        application = debt.application
        # An active loan with principal still owed stays active: follow_money would not move it.
        if application is not None and (
            application.status not in (ApplicationStatus.ACTIVE, ApplicationStatus.IN_DEFAULT)
            or debt.principal_due - calc.money(allocation.principal) <= 0
        ):
            may_move.add(application.pk)
    return repayment, parts, may_move


def _credit_total(inputs: dict) -> Decimal:
    return sum((Decimal(e["amount"]) for e in inputs.get("credit_deductions", [])), ZERO)


def follow_do_adjustment(
    *, delivery_order: DeliveryOrder, by, inputs_before: dict, inputs_after: dict
) -> Repayment | None:
    """An issued DO's credit lines were changed by an adjustment. A DO posts one repayment: if it
    has none yet (the farmer owed nothing at issue), the new lines are posted now. If it has one,
    already allocated to interest and principal, changing it would rewrite the loan's history,
    for which there is no correction flow yet; the change is refused with the reason (the
    adjustment rolls back) and the difference is recorded by the credit officer as a manual
    repayment or a refund."""
    if _credit_total(inputs_after) == _credit_total(inputs_before):
        return None
    if not Repayment.objects.filter(delivery_order=delivery_order).exists():
        return post_do_repayments(delivery_order=delivery_order, by=by)
    raise ValidationError(
        {
            "credit_deductions": [
                _(
                    "The credit deduction of %(number)s is already recorded as a repayment of "
                    "the farmer's loan and cannot be changed here. Ask the credit officer to "
                    "record the difference as a repayment or a refund."
                )
                % {"number": delivery_order.number}
            ]
        }
    )
