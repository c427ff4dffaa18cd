"""History that keeps what a change replaced: the audit trail of the rows a season has millions of.

django-simple-history writes the row as it is after every save, creation included, so a row that
never changes (a weighing, a rendemen analysis, a payment, a compliance event: nearly all of
them) has a copy in its history table that only repeats it, and the current version of every row
is stored twice. At the national scale of issue 18 those copies were a fifth of the database.
simple-history has no mode without them, hence this subclass.

``ChangeHistory`` keeps one history row per change, written when the change is saved:

- the row holds the values **before** the change (the version it replaced), and names **who**
  made the change, **when** and **why** (``history_user``, ``history_date``,
  ``history_change_reason``); the values after it are the next history row's, or the live row's
  for the last change. Who, when, before and after: nothing an audit asks is lost;
- creating a row writes nothing: who created it and when are on the row itself (its
  ``recorded_by`` or ``measured_by`` and ``created_at``);
- a save that changes no value writes nothing, nor one that only fills in a reference named in
  ``filled_once`` (see the class);
- deleting a row writes its last values with who deleted it (``-``), as simple-history does.

Readers build the versions with ``versions`` or the changes with ``changes``, never by comparing
consecutive history rows alone. ``keeps_creation`` tells the bulk writers whether a model's
history wants a row for a creation.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import connections, models, transaction
from simple_history.models import HistoricalRecords

# Set on a model whose history keeps the changes only.
_MARK = "_history_keeps_changes_only"
# What the change's author and reason are carried on, from the saved instance to the old one.
_CHANGE_ATTRS = ("_history_user", "_change_reason", "_history_date")


class ChangeHistory(HistoricalRecords):
    """HistoricalRecords that writes the replaced version of each change (see the module).

    ``filled_once`` names references filled in after the row is made by the making of another
    record that keeps its own who and when (a weighing's rendemen analysis): filling one in from
    empty is the row's completion, not a change, and writes no row; changing it later does."""

    def __init__(self, *args, filled_once: Iterable[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.filled_once = frozenset(filled_once)

    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        if sender is not self.cls:
            return
        setattr(sender, _MARK, True)
        models.signals.pre_save.connect(self.pre_save, sender=sender, weak=False)

    def pre_save(self, instance, raw=False, using=None, **kwargs):
        """Read the row as it is in the database, before this save changes it: one query, on
        updates only (the rows kept this way are mostly written once), of the history's columns
        only (not a DO's lines). Inside a transaction the row is locked as it is read, so a
        change saved at the same time by another transaction is the "before" of this one, not
        lost between them."""
        if raw or instance._state.adding or instance.pk is None:
            return
        if hasattr(instance, "skip_history_when_saving"):
            return
        rows = type(instance)._base_manager.using(using).filter(pk=instance.pk)
        if transaction.get_connection(using).in_atomic_block:
            rows = rows.select_for_update(of=("self",))
        fields = [field.attname for field in self.fields_included(instance)]
        instance._version_before = rows.only(*fields).first()

    def post_save(self, instance, created, using=None, update_fields=None, **kwargs):
        before = instance.__dict__.pop("_version_before", None)
        if created or before is None or kwargs.get("raw", False):
            return
        if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
            return
        if hasattr(instance, "skip_history_when_saving"):
            return
        fields = self.fields_included(instance)
        if update_fields is not None:  # only these were written
            fields = [field for field in fields if field.name in update_fields]
        changed = changed_fields(before, instance, fields)
        if all(filled_in(field, before, self.filled_once) for field in changed):
            return
        carry_change(instance, before)
        self.create_historical_record(before, "~", using=using)


def filled_in(field: models.Field, before, filled_once) -> bool:
    """Whether changing ``field`` only fills in a ``filled_once`` reference left empty."""
    return field.name in filled_once and _value(before, field.attname) is None


def _value(row, attname: str):
    return row[attname] if isinstance(row, dict) else getattr(row, attname)


def keeps_creation(model) -> bool:
    """Whether ``model``'s history writes a row when a row is created."""
    return not getattr(model, _MARK, False)


def carry_change(changed: models.Model, before: models.Model) -> None:
    """Name the change of ``changed`` (its author, reason and date, where set) on ``before``,
    the instance its history row is written from."""
    for attr in _CHANGE_ATTRS:
        if hasattr(changed, attr):
            setattr(before, attr, getattr(changed, attr))


def changed_fields(
    before: models.Model, after: models.Model, fields: Iterable[models.Field]
) -> list[models.Field]:
    """The history's fields whose value differs, leaving out the save's own time stamps."""
    return [
        field
        for field in fields
        if not getattr(field, "auto_now", False)
        and getattr(before, field.attname) != getattr(after, field.attname)
    ]


def snapshot(rows: Iterable[models.Model]) -> list[models.Model]:
    """Unsaved copies of ``rows`` with the values their history keeps as they are now (not a
    DO's lines), to be written as the "before" of a change made in bulk once the rows have been
    changed in place."""
    copies = []
    for row in rows:
        model = type(row)
        copies.append(
            model(
                **{
                    field.attname: copy.deepcopy(getattr(row, field.attname))
                    for field in model.history.model.tracked_fields
                }
            )
        )
    return copies


def record_changes(
    model, befores: Sequence[models.Model], *, by, reason: str | None, at: datetime
) -> list:
    """Write in one INSERT the history rows of changes made in bulk (an UPDATE that sends no
    signal): ``befores`` are the rows as they were before the change (``snapshot``)."""
    if not befores:
        return []
    return model.history.bulk_history_create(
        befores, update=True, default_user=by, default_change_reason=reason, default_date=at
    )


@dataclass
class Version:
    """One version of a row: its values, and the creation or change that made it."""

    values: Any  # the live instance or a history row: read the model's fields on it
    at: datetime
    by: Any  # a user, or None (a rule, an import without a user)
    reason: str | None  # None for the creation
    created: bool


@dataclass
class Change:
    """One change of a row: who, when, why, and the values before and after it."""

    at: datetime
    by: Any
    reason: str
    before: Any
    after: Any


def versions(live: models.Model, rows: Sequence, *, created_by, created_at) -> list[Version]:
    """Every version of ``live``, oldest first, from its history ``rows`` (ordered by date):
    the creation, then one version for each change."""
    rows = [row for row in rows if row.history_type != "-"]
    values = [*rows, live]
    found = [Version(values[0], created_at, created_by, None, created=True)]
    for index, row in enumerate(rows):
        found.append(
            Version(
                values[index + 1],
                row.history_date,
                row.history_user,
                row.history_change_reason or "",
                created=False,
            )
        )
    return found


def changes(live: models.Model, rows: Sequence) -> list[Change]:
    """Every change of ``live``, oldest first, from its history ``rows`` (ordered by date)."""
    rows = [row for row in rows if row.history_type != "-"]
    afters = [*rows[1:], live]
    return [
        Change(
            at=row.history_date,
            by=row.history_user,
            reason=row.history_change_reason or "",
            before=row,
            after=after,
        )
        for row, after in zip(rows, afters, strict=True)
    ]


def convert_to_changes_only(
    history_model, filled_once: Iterable[str] = (), batch_size: int = 2000
) -> None:
    """Rewrite a history table written by simple-history (each row the values after its save,
    creation included) into ``ChangeHistory``'s (each row the values before its change): for the
    data migrations of the models that moved to it.

    Each ``~`` row takes the values of the row before it; ``+`` rows go (the creation is on the
    live row), and so do changes that changed nothing (or only filled in a ``filled_once``
    reference: see ChangeHistory) and changes whose "before" was never recorded. ``-`` rows
    already hold the values before the deletion."""
    fields = [
        field
        for field in history_model._meta.concrete_fields
        if not field.name.startswith("history_")
    ]
    data = [field.attname for field in fields]
    # What decides whether a row changed anything: not the save's time stamps, not a reference
    # filled in from empty.
    compared = [
        field
        for field in fields
        if not getattr(field, "auto_now", False) and field.name != "updated_at"
    ]
    filled_once = frozenset(filled_once)
    if connections[history_model.objects.db].vendor == "postgresql":
        _convert_in_sql(history_model, data, compared, filled_once)
        return
    rows = (
        history_model.objects.order_by("id", "history_date", "history_id")
        .values("history_id", "history_type", *data)
        .iterator(chunk_size=batch_size)
    )
    updated, dropped = [], []
    previous = None
    for row in rows:
        if previous is not None and previous["id"] != row["id"]:
            previous = None
        if row["history_type"] == "+":
            dropped.append(row["history_id"])
        elif row["history_type"] == "~":
            if previous is None or all(
                previous[f.attname] == row[f.attname] or filled_in(f, previous, filled_once)
                for f in compared
            ):
                dropped.append(row["history_id"])
            else:
                before = {name: previous[name] for name in data}
                updated.append(history_model(history_id=row["history_id"], **before))
        previous = row
        if len(updated) >= batch_size:
            history_model.objects.bulk_update(updated, data, batch_size=batch_size)
            updated = []
    if updated:
        history_model.objects.bulk_update(updated, data, batch_size=batch_size)
    for first in range(0, len(dropped), batch_size):
        history_model.objects.filter(history_id__in=dropped[first : first + batch_size]).delete()


def _convert_in_sql(history_model, data: list[str], compared, filled_once) -> None:
    """convert_to_changes_only in a few statements: a season's history is millions of rows, too
    many to rewrite one by one in Python. Each row's predecessor is found once, in the table as
    it was, and the rows to drop are chosen before any is changed. Only the model's quoted
    table and column names are put in the SQL (noqa: S608), never a value."""
    quote = connections[history_model.objects.db].ops.quote_name
    table = quote(history_model._meta.db_table)
    unchanged = " AND ".join(
        f"(h.{quote(f.attname)} IS NOT DISTINCT FROM p.{quote(f.attname)}"
        + (f" OR p.{quote(f.attname)} IS NULL)" if f.name in filled_once else ")")
        for f in compared
    )
    assignments = ", ".join(f"{quote(name)} = p.{quote(name)}" for name in data)
    with connections[history_model.objects.db].cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS history_predecessor")
        cursor.execute(
            "CREATE TEMPORARY TABLE history_predecessor (history_id bigint PRIMARY KEY, "
            "previous_id bigint, dropped boolean NOT NULL DEFAULT false)"
        )
        cursor.execute(
            f"INSERT INTO history_predecessor (history_id, previous_id) SELECT history_id, "  # noqa: S608
            f"lag(history_id) OVER (PARTITION BY id ORDER BY history_date, history_id) "
            f"FROM {table}"
        )
        # "+" rows; changes that changed nothing; changes whose "before" was never written.
        cursor.execute(
            f"UPDATE history_predecessor o SET dropped = true FROM {table} h "  # noqa: S608
            f"WHERE h.history_id = o.history_id AND h.history_type = '+'"
        )
        cursor.execute(
            f"UPDATE history_predecessor o SET dropped = true FROM {table} h "  # noqa: S608
            f"WHERE h.history_id = o.history_id AND h.history_type = '~' AND "
            f"(o.previous_id IS NULL OR EXISTS (SELECT 1 FROM {table} p "
            f"WHERE p.history_id = o.previous_id AND {unchanged}))"
        )
        # Every kept change takes its predecessor's values, as they were before this statement.
        cursor.execute(
            f"UPDATE {table} h SET {assignments} FROM history_predecessor o "  # noqa: S608
            f"JOIN {table} p ON p.history_id = o.previous_id WHERE h.history_id = o.history_id "
            f"AND h.history_type = '~' AND NOT o.dropped"
        )
        cursor.execute(
            f"DELETE FROM {table} h USING history_predecessor o "  # noqa: S608
            f"WHERE h.history_id = o.history_id AND o.dropped"
        )
        cursor.execute("DROP TABLE history_predecessor")
