"""Who may change what in the partner registry (domain.md section 2).

Seeing is decided by tebu_site.access.scope_for; this decides doing. Administrators may do
everything; farmers only read their own records. The registration steps follow the e-Farming
procedure: the KKW (field staff) registers and validates, QC/mapping measures and checks overlaps,
the drawing is approved by QC, the KKW or a manager.
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from tebu_site.models import Role


class Action(StrEnum):
    EDIT_FARMER = "edit_farmer"
    CREATE_LOGIN = "create_login"
    EDIT_PLOT = "edit_plot"
    SURVEY = "survey"
    CHECK_OVERLAP = "check_overlap"
    VALIDATE = "validate"
    APPROVE = "approve"
    REJECT = "reject"
    REOPEN = "reopen"
    RELEASE_OVERLAP = "release_overlap"
    EDIT_CONTRACT = "edit_contract"
    SIGN_CONTRACT = "sign_contract"
    UPLOAD_DOCUMENT = "upload_document"
    VERIFY_DOCUMENT = "verify_document"
    IMPORT = "import"
    EXPORT = "export"


_REGISTRY = {Role.FIELD_STAFF, Role.QC, Role.MANAGER}
ROLES_FOR: dict[Action, set[str]] = {
    Action.EDIT_FARMER: {Role.FIELD_STAFF, Role.MANAGER},
    Action.CREATE_LOGIN: {Role.FIELD_STAFF, Role.MANAGER},
    Action.EDIT_PLOT: _REGISTRY,
    Action.SURVEY: _REGISTRY,
    Action.CHECK_OVERLAP: _REGISTRY,
    Action.VALIDATE: {Role.FIELD_STAFF, Role.MANAGER},
    Action.APPROVE: _REGISTRY,
    Action.REJECT: _REGISTRY,
    Action.REOPEN: _REGISTRY,
    # A release settles a dispute with another mill or farmer: QC or a manager records it.
    Action.RELEASE_OVERLAP: {Role.QC, Role.MANAGER},
    Action.EDIT_CONTRACT: {Role.FIELD_STAFF, Role.MANAGER},
    Action.SIGN_CONTRACT: {Role.FIELD_STAFF, Role.MANAGER},
    Action.UPLOAD_DOCUMENT: {Role.FIELD_STAFF, Role.QC, Role.MANAGER, Role.CREDIT_OFFICER},
    Action.VERIFY_DOCUMENT: {Role.FIELD_STAFF, Role.MANAGER, Role.CREDIT_OFFICER},
    Action.IMPORT: {Role.FIELD_STAFF, Role.MANAGER},
    Action.EXPORT: {
        Role.FIELD_STAFF,
        Role.QC,
        Role.MANAGER,
        Role.CREDIT_OFFICER,
        Role.ANALYST,
        Role.WEIGHBRIDGE_CLERK,
    },
}


def may(user, action: Action) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.has_role(*ROLES_FOR[action])


def require(user, action: Action) -> None:
    if not may(user, action):
        raise PermissionDenied(_("Your role may not do this."))


def allowed_actions(user) -> set[str]:
    """For templates: {% if 'approve' in can %}."""
    return {str(action) for action in Action if may(user, action)}
