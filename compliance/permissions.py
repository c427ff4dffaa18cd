"""Who may do what in the compliance ledger. Seeing is decided by tebu_site.access.scope_for;
this decides doing.

Any mill staff member who sees a farmer may record an event about them (field staff find most of
them); deciding on an event (confirm, sanction, dismiss, close) and editing the catalogue and the
thresholds is the managers' (domain.md 2: managers approve). Farmers answer the events about
themselves. The scorecard is for managers and analysts.
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from tebu_site.models import Role


class ComplianceAction(StrEnum):
    RAISE = "raise"
    DECIDE = "decide"
    ANSWER = "answer"
    ADD_EVIDENCE = "add_evidence"
    CONFIGURE = "configure"
    SCORECARD = "scorecard"


ROLES_FOR: dict[ComplianceAction, set[str]] = {
    ComplianceAction.RAISE: {Role.MANAGER, Role.FIELD_STAFF, Role.QC, Role.CREDIT_OFFICER},
    ComplianceAction.DECIDE: {Role.MANAGER},
    ComplianceAction.ANSWER: {
        Role.FARMER,
        Role.MANAGER,
        Role.FIELD_STAFF,
        Role.QC,
        Role.CREDIT_OFFICER,
    },
    ComplianceAction.ADD_EVIDENCE: {Role.MANAGER, Role.FIELD_STAFF, Role.QC, Role.CREDIT_OFFICER},
    ComplianceAction.CONFIGURE: {Role.MANAGER},
    ComplianceAction.SCORECARD: {Role.MANAGER, Role.ANALYST},
}


def may(user, action: ComplianceAction) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.has_role(*ROLES_FOR[action])


def require(user, action: ComplianceAction) -> None:
    if not may(user, action):
        raise PermissionDenied(_("Your role may not do this."))


def allowed_compliance_actions(user) -> set[str]:
    """For templates: {% if 'decide' in can %}."""
    return {str(action) for action in ComplianceAction if may(user, action)}
