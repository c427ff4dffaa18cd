"""Who may do what with samples: the weighbridge clerk and QC label and hand samples over, QC reads
them at the lab (harvest's RECORD_RENDEMEN), the farmer disputes his own. Seeing is scope_for's."""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from tebu_site.models import Role


class SampleAction(StrEnum):
    LABEL = "label"
    HAND_OVER = "hand_over"


ROLES_FOR: dict[SampleAction, set[str]] = {
    SampleAction.LABEL: {Role.WEIGHBRIDGE_CLERK, Role.QC, Role.MANAGER},
    SampleAction.HAND_OVER: {Role.WEIGHBRIDGE_CLERK, Role.QC, Role.MANAGER},
}


def may(user, action: SampleAction) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.has_role(*ROLES_FOR[action])


def require(user, action: SampleAction) -> None:
    if not may(user, action):
        raise PermissionDenied(_("Your role may not do this."))
