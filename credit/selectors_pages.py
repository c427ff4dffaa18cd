"""Small reads only the credit pages need (the backend's credit.selectors hold the rest): the
plots an application may finance, and the history of an application for its page."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from credit.models import (
    ApplicationDocument,
    ApplicationPlot,
    CollateralItem,
    CreditApplication,
    Disbursement,
    RdkkLine,
)
from partners import selectors as partner_selectors
from partners.audit import (
    Change,
    TimelineEntry,
    _display,
    _model_field,
    _tracked_fields,
    _user_name,
)
from partners.models import ContractStatus, Farmer, Plot, Season


def contracted_plots_for(user, farmer: Farmer, season: Season) -> QuerySet[Plot]:
    """The farmer's plots in the season's (not cancelled) contract, as the user may see them."""
    contract = (
        partner_selectors.contracts_visible_to(user)
        .filter(farmer=farmer, season=season)
        .exclude(status=ContractStatus.CANCELLED)
        .first()
    )
    if contract is None:
        return Plot.objects.none()
    return (
        partner_selectors.plots_visible_to(user)
        .filter(pk__in=contract.plots.all())
        .order_by("code")
    )


def application_timeline(application: CreditApplication, limit: int = 100) -> list[TimelineEntry]:
    """Who changed what on the application, its plots, RDKK, collateral, documents and tranches,
    newest first (read from django-simple-history, shown like the registry's timeline)."""
    sources = [
        (CreditApplication, CreditApplication.history.filter(id=application.pk), None),
        (ApplicationPlot, ApplicationPlot.history.filter(application_id=application.pk), "plot"),
        (RdkkLine, RdkkLine.history.filter(application_id=application.pk), "rdkk"),
        (CollateralItem, CollateralItem.history.filter(application_id=application.pk), "coll"),
        (
            ApplicationDocument,
            ApplicationDocument.history.filter(application_id=application.pk),
            "doc",
        ),
        (Disbursement, Disbursement.history.filter(application_id=application.pk), "tranche"),
    ]
    skipped = {"application", "status_changed_at", "original_name", "size_bytes", "order"}
    records = []
    for model, queryset, kind in sources:
        rows = queryset.select_related("history_user").order_by("id", "history_date", "history_id")
        records.extend((model, kind, row) for row in rows)
    names: dict = {}
    wanted: dict = {}
    for _model, _kind, row in records:
        for f in _tracked_fields(type(row)):
            value = getattr(row, f.attname, None)
            if f.is_relation and value is not None and f.related_model is not None:
                wanted.setdefault(f.related_model, set()).add(value)
    for related, ids in wanted.items():
        for pk, obj in related._default_manager.in_bulk(ids).items():
            names[(related, pk)] = _user_name(obj) if hasattr(obj, "get_full_name") else str(obj)
    entries: list[TimelineEntry] = []
    previous: dict = {}
    for model, kind, row in records:
        key = (model, row.id)
        before = previous.get(key)
        previous[key] = row
        change_kind = {"+": "created", "~": "changed", "-": "deleted"}[row.history_type]
        entry = TimelineEntry(
            at=row.history_date,
            who=_user_name(row.history_user) if row.history_user else "–",
            subject=_subject(model, kind, row, names),
            kind=change_kind,
        )
        for f in _tracked_fields(type(row)):
            if f.name in skipped:
                continue
            new = getattr(row, f.attname)
            old = getattr(before, f.attname) if before is not None else None
            if before is None and (change_kind != "created" or new in (None, "", [], False)):
                continue
            if before is not None and old == new:
                continue
            model_field = _model_field(model, f)
            entry.changes.append(
                Change(
                    str(model_field.verbose_name),
                    _display(old, model_field, names) if before is not None else "–",
                    _display(new, model_field, names),
                )
            )
        if entry.changes or change_kind != "changed":
            entries.append(entry)
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries[:limit]


def _subject(model, kind, row, names) -> str:
    if kind is None:
        return _("Application")
    if kind == "plot":
        return _("Financed plot %(plot)s") % {"plot": names.get((Plot, row.plot_id), "?")}
    if kind == "rdkk":
        return _("RDKK line %(item)s") % {"item": row.item}
    if kind == "coll":
        return _("Collateral %(owner)s") % {"owner": row.owner_name}
    if kind == "doc":
        return _("Document %(name)s") % {"name": row.name}
    return _("Tranche %(n)s") % {"n": row.order}
