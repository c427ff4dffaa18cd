"""The audit trail of a farmer's records, read from django-simple-history: who changed what,
when, from which value to which, for the farmer, their plots, contracts and documents."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats
from django.utils.translation import gettext as _

from partners.models import Document, Farmer, Plot, SeasonContract
from tebu_site.formatting import format_number

# Bookkeeping fields that say nothing to a reader.
SKIPPED = {"id", "created_at", "updated_at", "content_type", "file"}


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class TimelineEntry:
    at: datetime
    who: str
    subject: str
    kind: str  # "created", "changed", "deleted"
    changes: list[Change] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return {"created": _("created"), "changed": _("changed"), "deleted": _("deleted")}[
            self.kind
        ]


def _tracked_fields(history_model) -> list[models.Field]:
    return [
        f
        for f in history_model._meta.concrete_fields
        if not f.name.startswith("history_") and f.name not in SKIPPED
    ]


def _display(value, model_field, names: dict) -> str:
    if value is None or value == "":
        return "–"
    if getattr(model_field, "choices", None):
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.ForeignKey):
        return names.get((model_field.related_model, value), f"#{value}")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Decimal):
        return format_number(value, max(0, -value.as_tuple().exponent))
    if isinstance(value, datetime):
        return formats.date_format(value, "DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "DATE_FORMAT")
    if model_field.name == "geometry":
        return _("boundary (%(type)s)") % {"type": value.get("type", "?")}
    if isinstance(value, list):
        return " · ".join(str(item) for item in value) if value else "–"
    return str(value)


def _subject(record, model) -> str:
    if model is Farmer:
        return _("Farmer")
    if model is Plot:
        return _("Plot %(code)s") % {"code": record.code}
    if model is SeasonContract:
        return _("Contract %(number)s") % {"number": record.number}
    return _("Document %(name)s") % {"name": record.original_name}


def farmer_timeline(farmer: Farmer, limit: int = 100) -> list[TimelineEntry]:
    """The latest ``limit`` changes to the farmer and everything hanging from them, newest first."""
    plot_ids = set(Plot.history.filter(farmer_id=farmer.pk).values_list("id", flat=True))
    sources = [
        (Farmer, Farmer.history.filter(id=farmer.pk)),
        (Plot, Plot.history.filter(id__in=plot_ids)),
        (SeasonContract, SeasonContract.history.filter(farmer_id=farmer.pk)),
        (Document, Document.history.filter(farmer_id=farmer.pk)),
    ]
    records = []
    for model, queryset in sources:
        rows = queryset.select_related("history_user").order_by("id", "history_date", "history_id")
        records.extend((model, row) for row in rows)

    # The plots of each contract version (simple-history keeps them in a table of their own).
    contract_plots: dict[int, list[int]] = defaultdict(list)
    contract_versions = [row.history_id for model, row in records if model is SeasonContract]
    if contract_versions:
        links = SeasonContract.history.model._meta.get_field(
            "historicalseasoncontract_plots"
        ).related_model.objects.filter(history_id__in=contract_versions)
        for history_id, plot_id in links.values_list("history_id", "plot_id"):
            contract_plots[history_id].append(plot_id)

    # Names for foreign keys, fetched once per related model.
    wanted: dict[type, set] = defaultdict(set)
    for _model, row in records:
        for f in _tracked_fields(type(row)):
            if isinstance(f, models.ForeignKey) and getattr(row, f.attname) is not None:
                wanted[f.related_model].add(getattr(row, f.attname))
    contract_plot_ids = {
        link.plot_id
        for model, row in records
        if model is SeasonContract
        for link in row.plots.all()
    }
    wanted[Plot] |= contract_plot_ids
    names: dict = {}
    for related, ids in wanted.items():
        for pk, obj in related._default_manager.in_bulk(ids).items():
            names[(related, pk)] = _user_name(obj) if hasattr(obj, "get_full_name") else str(obj)

    entries = []
    previous: dict = {}
    for model, row in records:
        key = (model, row.id)
        before = previous.get(key)
        previous[key] = row
        kind = {"+": "created", "~": "changed", "-": "deleted"}[row.history_type]
        entry = TimelineEntry(
            at=row.history_date,
            who=_user_name(row.history_user) if row.history_user else _("system"),
            subject=_subject(row, model),
            kind=kind,
        )
        for f in _tracked_fields(type(row)):
            new = getattr(row, f.attname)
            old = getattr(before, f.attname) if before is not None else None
            if before is None and kind == "created" and new in (None, "", [], False):
                continue
            if before is not None and old == new:
                continue
            if before is None and kind != "created":
                continue
            model_field = _model_field(model, f)
            entry.changes.append(
                Change(
                    str(model_field.verbose_name),
                    _display(old, model_field, names) if before is not None else "–",
                    _display(new, model_field, names),
                )
            )
        if model is SeasonContract:
            new_plots = sorted(names.get((Plot, pk), "?") for pk in contract_plots[row.history_id])
            old_plots = (
                sorted(names.get((Plot, pk), "?") for pk in contract_plots[before.history_id])
                if before is not None
                else []
            )
            if new_plots != old_plots:
                entry.changes.append(
                    Change(
                        str(_("plots")),
                        ", ".join(old_plots) or "–",
                        ", ".join(new_plots) or "–",
                    )
                )
        if entry.changes or kind != "changed":
            entries.append(entry)
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries[:limit]


def _model_field(model, history_field):
    try:
        return model._meta.get_field(history_field.name)
    except FieldDoesNotExist:  # a field only the history has
        return history_field


def _user_name(user) -> str:
    return user.get_full_name() or user.get_username()
