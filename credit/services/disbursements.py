"""Tranches: planned at approval from the product's template, then recorded as paid (date,
amount, reference). A tranche paid to the mill for cutting and haulage is withheld from the
farmer until DOs charge the cutting and haulage, which it then pays (credit.services.tma)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from credit import calculations as calc
from credit.models import ApplicationStatus, CreditApplication, Disbursement, Payee, TranchePurpose
from credit.permissions import CreditAction, require
from credit.selectors_plans import tranche_plan_for
from credit.services.notices import tell_farmer
from credit.services.plans import shortfall_message
from tebu_site.formatting import format_rupiah
from tebu_site.services import require_visible, save_with_history

ZERO = Decimal(0)
PAYABLE_STATUSES = (ApplicationStatus.APPROVED, ApplicationStatus.DISBURSING)


def plan_tranches(*, application: CreditApplication, by) -> list[Disbursement]:
    """Planned tranches from the template, adding up to the approved amount (see
    calc.tranche_plan: plant cane without its own split takes the ratoon split scaled); one
    tranche of the whole amount to the farmer when the product has no template. Refused with the
    amount missing when the template plans less than was approved. Called by approve_application.
    """
    approved = application.approved_amount
    template, plan = tranche_plan_for(application, approved)
    if plan is not None and plan.shortfall > 0:
        raise ValidationError(
            {
                "amount": [
                    shortfall_message(product=application.product, plan=plan, approved=approved)
                ]
            }
        )
    amounts = plan.amounts if plan is not None else ()
    planned = []
    base = application.approved_on or timezone.localdate()
    for index, (line, amount) in enumerate(zip(template, amounts, strict=True), start=1):
        if amount <= 0:
            continue
        planned.append(
            Disbursement(
                application=application,
                order=index,
                purpose=line.purpose,
                payee=line.payee,
                planned_on=(
                    base + timedelta(days=line.days_after_approval)
                    if line.days_after_approval is not None
                    else None
                ),
                planned_amount=amount,
            )
        )
    if not planned:
        planned = [
            Disbursement(
                application=application,
                order=1,
                purpose=TranchePurpose.CULTIVATION,
                payee=Payee.FARMER,
                planned_on=base,
                planned_amount=approved,
            )
        ]
    for tranche in planned:
        save_with_history(tranche, by)
    return planned


@transaction.atomic
def add_tranche(
    *,
    application: CreditApplication,
    by,
    purpose: str,
    payee: str,
    planned_amount: Decimal,
    planned_on: date | None = None,
) -> Disbursement:
    """A tranche beyond the template (the plan may change with the bank); the plan may never
    exceed the approved amount."""
    require(by, CreditAction.DISBURSE)
    require_visible(by, application)
    application = CreditApplication.objects.select_for_update().get(pk=application.pk)
    if application.status not in PAYABLE_STATUSES:
        raise ValidationError(_("Tranches are planned for an approved loan being paid out."))
    planned_total = sum(t.planned_amount for t in application.disbursements.all())
    errors: dict[str, list[str]] = {}
    if purpose not in TranchePurpose.values:
        errors["purpose"] = [_("Choose the purpose.")]
    if payee not in Payee.values:
        errors["payee"] = [_("Choose who is paid.")]
    if planned_amount is None or planned_amount <= 0:
        errors["planned_amount"] = [_("Give the amount (more than 0).")]
    elif planned_total + planned_amount > application.approved_amount:
        errors["planned_amount"] = [
            _("The tranches would add up to more than the approved %(amount)s.")
            % {"amount": format_rupiah(application.approved_amount)}
        ]
    if errors:
        raise ValidationError(errors)
    order = (application.disbursements.aggregate(last=Max("order"))["last"] or 0) + 1
    tranche = Disbursement(
        application=application,
        order=order,
        purpose=purpose,
        payee=payee,
        planned_on=planned_on,
        planned_amount=calc.money(planned_amount),
    )
    save_with_history(tranche, by)
    return tranche


@transaction.atomic
# Atomic: it locks the application and the tranche (select_for_update needs a transaction on
# PostgreSQL), and the payment, the loan's step and whatever answers the save move together.
@transaction.atomic
def record_tranche_paid(
    *,
    disbursement: Disbursement,
    by,
    paid_on: date,
    amount: Decimal | None = None,
    reference: str = "",
) -> Disbursement:
    """The bank or fund paid the tranche (the planned amount unless another is given); the
    farmer is told. The loan becomes disbursing, then active when every tranche is paid."""
    from credit.services.workflow import follow_money

    require(by, CreditAction.DISBURSE)
    require_visible(by, disbursement)
    application = (
        CreditApplication.objects.select_for_update(of=("self",))
        .select_related("product", "farmer")
        .get(pk=disbursement.application_id)
    )
    disbursement = Disbursement.objects.select_for_update().get(pk=disbursement.pk)
    amount = disbursement.planned_amount if amount is None else amount
    errors: dict[str, list[str]] = {}
    if disbursement.is_paid:
        raise ValidationError(_("This tranche is already recorded as paid."))
    if application.status not in PAYABLE_STATUSES:
        raise ValidationError(
            _("The loan is %(status)s: no tranche can be paid.")
            % {"status": application.get_status_display()}
        )
    if amount <= 0:
        errors["amount"] = [_("Give the amount paid (more than 0).")]
    else:
        paid_before = sum(
            (t.amount for t in application.disbursements.exclude(pk=disbursement.pk) if t.is_paid),
            ZERO,
        )
        if paid_before + amount > application.approved_amount:
            errors["amount"] = [
                _("The tranches paid would add up to more than the approved %(amount)s.")
                % {"amount": format_rupiah(application.approved_amount)}
            ]
    if paid_on is None:
        errors["paid_on"] = [_("Give the date it was paid.")]
    elif paid_on > timezone.localdate():
        errors["paid_on"] = [_("The date cannot be in the future.")]
    elif application.approved_on and paid_on < application.approved_on:
        errors["paid_on"] = [_("The date is before the approval.")]
    if errors:
        raise ValidationError(errors)
    disbursement.paid_on = paid_on
    disbursement.amount = calc.money(amount)
    disbursement.reference = (reference or "").strip()
    disbursement.recorded_by = by
    save_with_history(disbursement, by)
    follow_money(application, by, paid_on)
    tell_farmer("credit_tranche_paid", application, disbursement=disbursement)
    return disbursement
