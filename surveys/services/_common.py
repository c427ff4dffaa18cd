"""The check every survey service makes before it writes: the user may only change records of
their own mill or region (``can_see``), since the API and imports reach the services with ids.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from tebu_site.access import can_see


def _require_visible(user, obj) -> None:
    if user is not None and not can_see(user, obj):
        raise PermissionDenied(_("This record is outside your mill or region."))
