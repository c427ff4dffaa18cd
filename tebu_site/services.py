"""Small helpers the services share."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.utils.translation import gettext as _

from tebu_site.access import can_see


def require_visible(user, obj: Model) -> None:
    """A user may only change rows they may see: the API and imports reach services with ids."""
    if not can_see(user, obj):
        raise PermissionDenied(_("This record is outside your mill or region."))


def apply_changes(instance: Model, changes: dict[str, Any]) -> list[str]:
    """Set the fields that really change; return their names (empty when nothing changes)."""
    changed = []
    for field, value in changes.items():
        relation = instance._meta.get_field(field)
        if relation.many_to_one or relation.one_to_one:
            # Compare ids, so an unchanged row costs no query for its related objects.
            current = getattr(instance, relation.attname)
            if current != (value.pk if value is not None else None):
                setattr(instance, field, value)
                changed.append(field)
        elif getattr(instance, field) != value:
            setattr(instance, field, value)
            changed.append(field)
    return changed


def save_with_history(instance: Model, by) -> None:
    """Save and name ``by`` in the audit trail, also outside a web request (imports, tasks)."""
    instance._history_user = by
    instance.save()
