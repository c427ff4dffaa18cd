"""Compliance reads, always scoped to the user through tebu_site.access.scope_for: the staff list
and its filters, an event with its log, answers and files, the farmer's own events, evidence
files for download, and the catalogue and settings a manager edits."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from compliance.models import (
    OPEN_STATUSES,
    ComplianceEvent,
    EventAnswer,
    EventStatusChange,
    EventType,
    EvidenceFile,
    Party,
)
from compliance.services import ensure_default_types
from partners.models import Mill, Region, Season
from tebu_site.access import scope_for
from tebu_site.scope_figures import scope_figures


def events_visible_to(user) -> QuerySet[ComplianceEvent]:
    return scope_for(
        user,
        ComplianceEvent.objects.select_related(
            "event_type",
            "farmer",
            "region",
            "season",
            "delivery_order",
            "plot",
            "mill",
            "credit_application",
        ),
    )


def ledger_events(user) -> QuerySet[ComplianceEvent]:
    """The ledger's rows with the four relations a row shows. The DO, plot, mill and credit
    application stay out: planning a join of nine tables cost more than reading the page at a
    mill's season of events (issue 18)."""
    return scope_for(
        user, ComplianceEvent.objects.select_related("event_type", "farmer", "region", "season")
    )


def open_event_figures(user) -> dict[str, int]:
    """The user's open events (open or confirmed) and how many of them are the mill's, counted
    from the open events' index; kept a short while per scope (tebu_site.scope_figures)."""

    def count() -> dict[str, int]:
        open_events = scope_for(user, ComplianceEvent.objects.filter(status__in=OPEN_STATUSES))
        return open_events.aggregate(
            open=Count("*"), by_mill=Count("party", filter=Q(party=Party.MILL))
        )

    return scope_figures(user, "open-events", count)


def open_event_count(user) -> int:
    return open_event_figures(user)["open"]


def filter_events(
    events: QuerySet[ComplianceEvent],
    *,
    party: str = "",
    event_type=None,
    status: str = "",
    season=None,
    region=None,
    farmer=None,
) -> QuerySet[ComplianceEvent]:
    if party:
        events = events.filter(party=party)
    if event_type is not None:
        events = events.filter(event_type=event_type)
    if status:
        events = events.filter(status=status)
    if season is not None:
        events = events.filter(season=season)
    if region is not None:
        events = events.filter(region=region)
    if farmer is not None:
        events = events.filter(farmer=farmer)
    return events


def event_detail(user, pk: int) -> ComplianceEvent | None:
    """One event with everything its page shows, or None when the user may not see it."""
    return (
        events_visible_to(user)
        .select_related(
            "spta", "weighing", "rendemen_analysis", "raised_by", "credit_application__product"
        )
        .prefetch_related(
            Prefetch("answers", queryset=EventAnswer.objects.select_related("author")),
            Prefetch("status_changes", queryset=EventStatusChange.objects.select_related("by")),
            Prefetch("evidence_files", queryset=EvidenceFile.objects.select_related("uploaded_by")),
        )
        .filter(pk=pk)
        .first()
    )


def farmer_events(user) -> QuerySet[ComplianceEvent]:
    """The events about the farmer logged in (scope_for narrows a farmer to their own)."""
    return events_visible_to(user).prefetch_related("answers")


def evidence_visible_to(user) -> QuerySet[EvidenceFile]:
    return scope_for(user, EvidenceFile.objects.select_related("event"))


def mills_visible_to(user) -> QuerySet[Mill]:
    return scope_for(user, Mill.objects.all())


def seasons_visible_to(user) -> QuerySet[Season]:
    return scope_for(user, Season.objects.select_related("mill")).order_by("mill__name", "-name")


def regions_visible_to(user) -> QuerySet[Region]:
    return scope_for(user, Region.objects.select_related("mill"))


def event_types_for(user, *, active_only: bool = False) -> QuerySet[EventType]:
    """The catalogue of the user's mills, seeded with the defaults on first use."""
    mills = list(mills_visible_to(user))
    for mill in mills:
        ensure_default_types(mill)
    types = scope_for(user, EventType.objects.select_related("mill"))
    if active_only:
        types = types.filter(is_active=True)
    return types.order_by("mill__name", "party", "name")
