"""Who may do what from harvest to payment (domain.md section 2).

Seeing is decided by tebu_site.access.scope_for; this decides doing. Administrators may do
everything; farmers only read their own SPTAs, deliveries and DOs. The field staff (KKW) schedule
cutting, the weighbridge clerk weighs, QC rejects loads and records rendemen, and the mill's cane
and finance office (a manager or the credit officer) settles DOs and records payments.
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from tebu_site.models import Role


class HarvestAction(StrEnum):
    ISSUE_SPTA = "issue_spta"
    CANCEL_SPTA = "cancel_spta"
    WEIGH = "weigh"
    REJECT_LOAD = "reject_load"
    RECORD_RENDEMEN = "record_rendemen"
    EDIT_SCHEME = "edit_scheme"
    SETTLE = "settle"
    ADJUST_DO = "adjust_do"
    RECORD_PAYMENT = "record_payment"


ROLES_FOR: dict[HarvestAction, set[str]] = {
    HarvestAction.ISSUE_SPTA: {Role.FIELD_STAFF, Role.MANAGER},
    HarvestAction.CANCEL_SPTA: {Role.FIELD_STAFF, Role.MANAGER},
    HarvestAction.WEIGH: {Role.WEIGHBRIDGE_CLERK, Role.MANAGER},
    HarvestAction.REJECT_LOAD: {Role.QC, Role.WEIGHBRIDGE_CLERK, Role.MANAGER},
    HarvestAction.RECORD_RENDEMEN: {Role.QC, Role.MANAGER},
    HarvestAction.EDIT_SCHEME: {Role.MANAGER},
    HarvestAction.SETTLE: {Role.MANAGER, Role.CREDIT_OFFICER},
    HarvestAction.ADJUST_DO: {Role.MANAGER, Role.CREDIT_OFFICER},
    HarvestAction.RECORD_PAYMENT: {Role.MANAGER, Role.CREDIT_OFFICER},
}


def may(user, action: HarvestAction) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.has_role(*ROLES_FOR[action])


def require(user, action: HarvestAction) -> None:
    if not may(user, action):
        raise PermissionDenied(_("Your role may not do this."))


def allowed_harvest_actions(user) -> set[str]:
    """For templates: {% if 'weigh' in can %}."""
    return {str(action) for action in HarvestAction if may(user, action)}
