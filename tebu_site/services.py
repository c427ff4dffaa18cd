"""Small helpers the services share."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connections, router
from django.db.models import Model
from django.db.models.signals import post_save
from django.utils.translation import gettext as _

from tebu_site.access import can_see
from tebu_site.fields import validate_stored_numbers
from tebu_site.history import keeps_creation


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


# A PostgreSQL statement binds at most 65,535 parameters: one a field and row, the key included.
_MAX_PARAMETERS = 65_535


def update_in_bulk(objs: list[Model], fields: list[str]) -> None:
    """UPDATE these rows' ``fields`` from the instances, in a few statements.

    Django's bulk_update writes a CASE WHEN for every field and row, and resolves each in Python:
    for a batch issue's 3,334 DOs and their 50 columns that was 75 s of a 92 s profile. On
    PostgreSQL django-pgbulk joins the rows to one VALUES list instead. SQLite keeps Django's.
    Like bulk_update: no save(), so no signals and no auto_now (callers set and send them)."""
    if not objs:
        return
    model = type(objs[0])
    if connections[router.db_for_write(model)].vendor != "postgresql":
        model._base_manager.bulk_update(objs, fields)
        return
    import pgbulk

    rows = _MAX_PARAMETERS // (len(fields) + 1)
    for first in range(0, len(objs), rows):
        pgbulk.update(model, objs[first : first + rows], fields)


def create_in_bulk(objs: list[Model], by) -> None:
    """INSERT new rows at once, with what save_with_history does for each: the range check, the
    history row naming ``by`` (where the model's history keeps creations) and the post_save
    receivers told (created=True)."""
    if not objs:
        return
    model = type(objs[0])
    for obj in objs:
        validate_stored_numbers(obj)
    model._base_manager.bulk_create(objs)
    history = getattr(model, "history", None)
    if history is not None and keeps_creation(model):
        for obj in objs:
            obj._history_user = by
        history.bulk_history_create(objs, default_user=by, default_change_reason=None)
    for obj in objs:
        obj.skip_history_when_saving = True  # its row is written above
        post_save.send(
            sender=model, instance=obj, created=True, update_fields=None, raw=False,
            using=obj._state.db,
        )  # fmt: skip
        del obj.skip_history_when_saving
