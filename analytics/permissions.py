from django.core.exceptions import PermissionDenied

from tebu_site.models import Role

ANALYSIS_ROLES = (Role.MANAGER, Role.ANALYST)


def require_analysis_role(user) -> None:
    """Analyses are for managers, analysts and administrators (domain.md section 2)."""
    if not user.is_authenticated or not user.has_role(*ANALYSIS_ROLES):
        raise PermissionDenied
