"""Who may do what with surveys (domain.md section 2). Seeing is scope_for's job; this is doing.

Administrators may do everything. A farmer answers only their own questionnaire, which the
services check against the farmer's own record rather than a role.
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from tebu_site.models import Role


class Action(StrEnum):
    VIEW_ROUNDS = "view_rounds"
    MANAGE_TEMPLATES = "manage_templates"
    MANAGE_ROUNDS = "manage_rounds"
    ENTER_RESPONSES = "enter_responses"
    IMPORT = "import"
    COMPUTE = "compute"
    VIEW_RESULTS = "view_results"


ROLES_FOR: dict[Action, set[str]] = {
    Action.VIEW_ROUNDS: {Role.FIELD_STAFF, Role.MANAGER, Role.ANALYST},
    Action.MANAGE_TEMPLATES: {Role.MANAGER},
    Action.MANAGE_ROUNDS: {Role.MANAGER},
    # Field staff interview farmers; managers correct an entry when a sinder asks.
    Action.ENTER_RESPONSES: {Role.FIELD_STAFF, Role.MANAGER},
    # Analysts import external (paper) survey data and run analyses (domain.md section 2).
    Action.IMPORT: {Role.MANAGER, Role.ANALYST},
    Action.COMPUTE: {Role.MANAGER, Role.ANALYST},
    Action.VIEW_RESULTS: {Role.MANAGER, Role.ANALYST},
}


def may(user, action: Action) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.has_role(*ROLES_FOR[action])


def require(user, action: Action) -> None:
    if not may(user, action):
        raise PermissionDenied(_("Your role may not do this."))


def allowed_actions(user) -> set[str]:
    """For templates: {% if 'compute' in can %}."""
    return {str(action) for action in Action if may(user, action)}
