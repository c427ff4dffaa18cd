"""The application's workflow with its clock (domain.md section 4):

draft → submitted → documents complete → verified (bank/cooperative) → the product's approval
chain, whose last step is the decision → approved (amount) or rejected (reason) → disbursing →
active → repaid or in default. A step of the chain may send it back (credit.services.approvals).

Every move records who, when, from, to and a note (StatusChange); the status and its date are in
the audit history too. Disbursing, active and repaid follow from money recorded (the first
tranche paid, every tranche paid, nothing left owing), not from a button.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from credit import calculations as calc
from credit.models import (
    ApplicationApproval,
    ApplicationStatus,
    CollateralRule,
    CreditApplication,
    Disbursement,
    DocumentStatus,
    StatusChange,
)
from credit.permissions import CreditAction, require
from credit.selectors_plans import tranche_plan_for
from credit.services import windows
from credit.services.guarantees import guarantee_errors
from credit.services.notices import tell_farmer
from credit.services.plans import shortfall_message
from partners.models import Decision
from tebu_site.formatting import format_rupiah
from tebu_site.services import require_visible, save_with_history

S = ApplicationStatus

# Which move each role may make, from where.
MOVES: dict[str, tuple[tuple[str, ...], CreditAction]] = {
    S.SUBMITTED: ((S.DRAFT,), CreditAction.SUBMIT),
    S.DOCUMENTS_COMPLETE: ((S.SUBMITTED,), CreditAction.MARK_DOCUMENTS_COMPLETE),
    S.VERIFIED: ((S.DOCUMENTS_COMPLETE,), CreditAction.VERIFY),
    S.REJECTED: ((S.DRAFT, S.SUBMITTED, S.DOCUMENTS_COMPLETE, S.VERIFIED), CreditAction.REJECT),
    S.IN_DEFAULT: ((S.DISBURSING, S.ACTIVE), CreditAction.DECLARE_DEFAULT),
}


def _lock(application: CreditApplication) -> CreditApplication:
    return (
        CreditApplication.objects.select_for_update(of=("self",))
        .select_related("product", "farmer", "season")
        .get(pk=application.pk)
    )


def move(application: CreditApplication, to: str, by, note: str = "", at=None) -> None:
    """Record a move (no permission check: callers check). The one place a status changes."""
    at = at or timezone.now()
    StatusChange.objects.create(
        application=application,
        from_status=application.status,
        to_status=to,
        at=at,
        by=by,
        note=(note or "").strip(),
    )
    application.status = to
    application.status_changed_at = at
    save_with_history(application, by)


def _start(application: CreditApplication, to: str, by) -> CreditApplication:
    sources, action = MOVES[to]
    require(by, action)
    require_visible(by, application)
    application = _lock(application)
    if application.status not in sources:
        raise ValidationError(
            _("Application %(number)s is %(status)s; it cannot become %(to)s from there.")
            % {
                "number": application.number,
                "status": application.get_status_display(),
                "to": S(to).label,
            }
        )
    return application


@transaction.atomic
def submit_application(*, application: CreditApplication, by, note: str = "") -> CreditApplication:
    """Refused outside the product's application windows unless a manager recorded an exception
    for this application (or for the farmer, which it then uses)."""
    application = _start(application, S.SUBMITTED, by)
    errors: dict[str, list[str]] = {}
    refusal, exception = windows.check_window(
        product=application.product,
        farmer=application.farmer,
        on=timezone.localdate(),
        application=application,
    )
    if refusal:
        errors["product"] = [refusal]
    if not application.plot_lines.exists():
        errors["plots"] = [_("Choose at least one plot to finance.")]
    if application.requested_amount > application.ceiling_amount:
        errors["requested_amount"] = [
            _("%(requested)s is more than the ceiling of %(ceiling)s.")
            % {
                "requested": format_rupiah(application.requested_amount),
                "ceiling": format_rupiah(application.ceiling_amount),
            }
        ]
    if (
        application.product.requires_no_bank_loan_declaration
        and not application.declares_no_bank_loan
    ):
        errors["declares_no_bank_loan"] = [
            _("The applicant must declare that they have no unsettled bank loan.")
        ]
    if errors:
        raise ValidationError(errors)
    windows.use_exception(exception, application, by)
    move(application, S.SUBMITTED, by, note)
    tell_farmer("credit_submitted", application)
    return application


@transaction.atomic
def mark_documents_complete(
    *, application: CreditApplication, by, note: str = ""
) -> CreditApplication:
    """Every document on the checklist is verified (the cooperative's check for KUR)."""
    application = _start(application, S.DOCUMENTS_COMPLETE, by)
    waiting = [
        document.name
        for document in application.documents.all()
        if document.status != DocumentStatus.VERIFIED
    ]
    if waiting:
        raise ValidationError(
            {
                "documents": [
                    _("These documents are not verified yet: %(names)s.")
                    % {"names": ", ".join(waiting)}
                ]
            }
        )
    move(application, S.DOCUMENTS_COMPLETE, by, note)
    return application


@transaction.atomic
def verify_application(*, application: CreditApplication, by, note: str = "") -> CreditApplication:
    """The bank or cooperative verified the application (recorded by the credit office); the
    product's interview and plot visit must be on record first."""
    application = _start(application, S.VERIFIED, by)
    product = application.product
    errors: dict[str, list[str]] = {}
    if product.requires_interview and not (
        application.interview_on or application.interview_skipped
    ):
        errors["interview"] = [_("Record the interview (or why it is skipped) first.")]
    if product.requires_plot_visit and not application.plot_visit_on:
        errors["plot_visit"] = [_("Record the plot visit and its report first.")]
    if errors:
        raise ValidationError(errors)
    move(application, S.VERIFIED, by, note)
    return application


def collateral_total(application: CreditApplication) -> Decimal:
    return application.collateral_items.aggregate(total=Sum("value"))["total"] or Decimal(0)


@transaction.atomic
def approve_application(
    *,
    application: CreditApplication,
    by,
    amount: Decimal,
    approved_on: date | None = None,
    note: str = "",
) -> CreditApplication:
    """The creditworthiness decision, the last step of the product's approval chain (taken by
    another person holding its role or position, once every other step is taken): approved for
    ``amount`` (at most the ceiling, with the collateral the product requires); the tranches are
    planned from the product's template and must add up to ``amount`` (refused with the amount
    missing otherwise)."""
    from credit.selectors import ceiling_of_application
    from credit.services.approvals import lock_for_step
    from credit.services.disbursements import plan_tranches

    application, _state, step = lock_for_step(application, by, decision=True)
    approved_on = approved_on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    ceiling = ceiling_of_application(application)
    if amount is None or amount <= 0:
        errors["amount"] = [_("Give the approved amount (more than 0).")]
    elif amount > ceiling.amount:
        errors["amount"] = [
            _("%(amount)s is more than the ceiling of %(ceiling)s.")
            % {"amount": format_rupiah(amount), "ceiling": format_rupiah(ceiling.amount)}
        ]
    elif (
        application.product.collateral_rule == CollateralRule.REQUIRED
        and collateral_total(application) < amount
    ):
        errors["collateral"] = [
            _("The collateral (%(value)s) must cover the credit value (%(amount)s).")
            % {
                "value": format_rupiah(collateral_total(application)),
                "amount": format_rupiah(amount),
            }
        ]
    errors.update(guarantee_errors(application))
    if "amount" not in errors:
        # The plan must add up to the approved amount (domain.md 4): refused, never silent.
        _template, plan = tranche_plan_for(application, calc.money(amount))
        if plan is not None and plan.shortfall > 0:
            errors.setdefault("amount", []).append(
                shortfall_message(
                    product=application.product, plan=plan, approved=calc.money(amount)
                )
            )
    if approved_on > timezone.localdate():
        errors["approved_on"] = [_("The date cannot be in the future.")]
    if errors:
        raise ValidationError(errors)
    application.approved_amount = calc.money(amount)
    application.approved_on = approved_on
    ApplicationApproval.objects.create(
        application=application,
        step=step,
        decision=Decision.APPROVED,
        by=by,
        note=(note or "").strip() or format_rupiah(amount),
    )
    move(
        application,
        S.APPROVED,
        by,
        note or _("Approved: %(amount)s") % {"amount": format_rupiah(amount)},
    )
    plan_tranches(application=application, by=by)
    tell_farmer("credit_approved", application)
    return application


@transaction.atomic
def reject_application(*, application: CreditApplication, by, reason: str) -> CreditApplication:
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Give the reason for the rejection.")]})
    application = _start(application, S.REJECTED, by)
    application.rejection_reason = reason.strip()
    move(application, S.REJECTED, by, reason)
    tell_farmer("credit_rejected", application)
    return application


@transaction.atomic
def declare_default(*, application: CreditApplication, by, reason: str) -> CreditApplication:
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Give the reason.")]})
    application = _start(application, S.IN_DEFAULT, by)
    move(application, S.IN_DEFAULT, by, reason)
    return application


def follow_money(application: CreditApplication, by, on: date | None = None) -> None:
    """Move the loan as its money moves: the first tranche paid → disbursing, every tranche
    paid → active, nothing left owing → repaid. Callers hold the application's lock."""
    from credit.selectors import loan_position

    tranches = list(Disbursement.objects.filter(application=application))
    paid = [t for t in tranches if t.is_paid]
    note = _("Follows the money recorded.")
    if application.status == S.APPROVED and paid:
        move(application, S.DISBURSING, by, note)
    if application.status == S.DISBURSING and tranches and len(paid) == len(tranches):
        move(application, S.ACTIVE, by, note)
    if application.status in (S.ACTIVE, S.IN_DEFAULT):
        position = loan_position(application, on or timezone.localdate())
        if position.principal_outstanding == 0 and calc.money(position.interest_due) == 0:
            move(application, S.REPAID, by, note)
