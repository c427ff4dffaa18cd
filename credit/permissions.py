"""Who may do what with credit (domain.md sections 2 and 4).

Seeing is decided by tebu_site.access.scope_for; this decides doing. Administrators may do
everything; farmers only read their own applications and ledger. Field staff (KKW) take the
application and its documents in the field; the credit officer checks documents and records the
bank's or cooperative's verification and decision, the tranches and repayments; a manager may do
all of that and alone sets products, declares a loan in default and records an exception to a
product's application windows.
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from tebu_site.models import Role


class CreditAction(StrEnum):
    EDIT_PRODUCT = "edit_product"
    EDIT_APPLICATION = "edit_application"
    SUBMIT = "submit"
    UPLOAD_DOCUMENT = "upload_credit_document"
    CHECK_DOCUMENT = "check_credit_document"
    MARK_DOCUMENTS_COMPLETE = "mark_documents_complete"
    RECORD_INTERVIEW = "record_interview"
    RECORD_PLOT_VISIT = "record_plot_visit"
    VERIFY = "verify"
    APPROVE = "approve_credit"
    REJECT = "reject_credit"
    DISBURSE = "disburse"
    RECORD_REPAYMENT = "record_repayment"
    RECORD_IN_KIND = "record_in_kind"
    DECLARE_DEFAULT = "declare_default"
    RECORD_WINDOW_EXCEPTION = "record_window_exception"


_FIELD = {Role.FIELD_STAFF, Role.CREDIT_OFFICER, Role.MANAGER}
_OFFICE = {Role.CREDIT_OFFICER, Role.MANAGER}

ROLES_FOR: dict[CreditAction, set[str]] = {
    CreditAction.EDIT_PRODUCT: {Role.MANAGER},
    CreditAction.EDIT_APPLICATION: _FIELD,
    CreditAction.SUBMIT: _FIELD,
    CreditAction.UPLOAD_DOCUMENT: _FIELD,
    CreditAction.CHECK_DOCUMENT: _OFFICE,
    CreditAction.MARK_DOCUMENTS_COMPLETE: _OFFICE,
    CreditAction.RECORD_INTERVIEW: _FIELD,
    CreditAction.RECORD_PLOT_VISIT: _FIELD,
    CreditAction.VERIFY: _OFFICE,
    CreditAction.APPROVE: _OFFICE,
    CreditAction.REJECT: _OFFICE,
    CreditAction.DISBURSE: _OFFICE,
    CreditAction.RECORD_REPAYMENT: _OFFICE,
    CreditAction.RECORD_IN_KIND: _FIELD,
    CreditAction.DECLARE_DEFAULT: {Role.MANAGER},
    CreditAction.RECORD_WINDOW_EXCEPTION: {Role.MANAGER},
}


def may(user, action: CreditAction) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.has_role(*ROLES_FOR[action])


def require(user, action: CreditAction) -> None:
    if not may(user, action):
        raise PermissionDenied(_("Your role may not do this."))


def allowed_credit_actions(user) -> set[str]:
    """For templates: {% if 'approve_credit' in can %}."""
    return {str(action) for action in CreditAction if may(user, action)}
