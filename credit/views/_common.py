"""What the credit pages share: who may open the staff pages, and the farmer of a login."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from credit.models import PIPELINE_STEPS, ApplicationStatus, Payee
from credit.permissions import allowed_credit_actions
from credit.services.approvals import application_chain_state
from tebu_site.models import Role

# Staff whose work credit is; QC, weighbridge clerks and analysts have no credit pages.
CREDIT_STAFF_ROLES = (Role.MANAGER, Role.CREDIT_OFFICER, Role.FIELD_STAFF)


def credit_staff_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.has_role(*CREDIT_STAFF_ROLES):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def can(request) -> set[str]:
    return allowed_credit_actions(request.user)


def next_steps(status: str) -> list[str]:
    """The workflow steps still ahead, to show the farmer and staff where the road goes."""
    if status not in PIPELINE_STEPS:
        return []
    ahead = PIPELINE_STEPS[PIPELINE_STEPS.index(status) + 1 :]
    return [ApplicationStatus(step).label for step in ahead]


def ledger_context(ledger) -> dict:
    """What the ledger template needs beyond credit.selectors.ledger_for: the steps ahead of each
    application, each repayment's total, and whether any money went to the mill (explained)."""
    has_withheld = False
    if ledger is not None:
        for loan in ledger.loans:
            loan.next_steps = next_steps(loan.application.status)
            loan.chain = application_chain_state(loan.application)
            for entry in loan.repayments:
                entry.total = entry.interest + entry.principal
            has_withheld = has_withheld or any(
                e.disbursement.payee == Payee.MILL for e in loan.tranches
            )
    return {"ledger": ledger, "has_withheld": has_withheld}
