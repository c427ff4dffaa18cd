"""Rule writes in bulk: raising and closing many events in a fixed number of queries.

A rule run over a mill of 70,000 DOs must not cost a query per DO (issue 18). The rules select
what breaks them in one query (compliance.rules); here the findings of a batch are written at once:
one look-up of the subjects already raised, one insert of the events, one of their status logs
and one of the farmers' notices (notices.notify_many). Closing works the same way, with one insert
of the events' history rows (what each closing replaced). The unique (rule, subject) constraint
still guards a run racing another (the schedule and a trigger at once): such a batch falls back
to services.raise_from_rule one finding at a time, which finds the existing event.

Everything written is what services.raise_from_rule and services.close_by_rule write for one
event: the same fields, the same history reason, the same log line and the same notice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from compliance.models import ComplianceEvent, EventStatus, EventStatusChange, EventType
from compliance.services import (
    FINDING_LINKS,
    Finding,
    _in_language,
    finding_region_id,
    link_id,
    raise_from_rule,
)
from notices.services import Message, notify_many
from partners.models import Farmer
from tebu_site.farmer_pages import farmer_pages_changed
from tebu_site.history import record_changes, snapshot


def _farmers(ids) -> dict[int, Farmer]:
    ids = {pk for pk in ids if pk is not None}
    if not ids:
        return {}
    return Farmer.objects.select_related("user", "mill", "region").in_bulk(ids)


def _notify(events: list[ComplianceEvent], message: str, *, step: str, note: str | dict = ""):
    """What services._notify_farmer tells one farmer, for many events at once."""
    farmers = _farmers(event.farmer_id for event in events)
    messages = []
    for event in events:
        farmer = farmers.get(event.farmer_id)
        if farmer is None:
            continue
        context = {"event": event}
        if message == "compliance_event_auto_closed":
            context["note"] = note.get(event.pk, "") if isinstance(note, dict) else note
        messages.append(
            Message(
                event=message,
                context=context,
                farmer=farmer,
                related=event,
                dedupe_key=f"compliance:{event.pk}:{step}",
                link=reverse("compliance:my-event", args=[event.pk]),
                mill=event.mill,
            )
        )
    notify_many(messages)


def raise_many(
    *, rule_key: str, event_type: EventType, mill, findings: Iterable[Finding]
) -> list[ComplianceEvent]:
    """The events for the findings not raised yet by ``rule_key``; returns those created."""
    by_subject: dict[str, Finding] = {}
    for finding in findings:
        by_subject.setdefault(finding.subject_key, finding)
    if not by_subject:
        return []
    raised = set(
        ComplianceEvent.objects.filter(
            rule_key=rule_key, subject_key__in=list(by_subject)
        ).values_list("subject_key", flat=True)
    )
    fresh = [finding for key, finding in by_subject.items() if key not in raised]
    if not fresh:
        return []
    today = timezone.localdate()
    events = []
    for finding in fresh:
        event = ComplianceEvent(
            mill=mill,
            season_id=link_id(finding.season),
            event_type=event_type,
            party=finding.party or event_type.party,
            farmer_id=link_id(finding.farmer),
            region_id=finding_region_id(finding),
            summary=_in_language(finding.summary)[:300],
            evidence=_in_language(finding.evidence),
            occurred_on=finding.occurred_on or today,
            rule_key=rule_key,
            subject_key=finding.subject_key,
            **{f"{name}_id": link_id(getattr(finding, name)) for name in FINDING_LINKS},
        )
        event._change_reason = f"rule {rule_key}"
        events.append(event)
    try:
        with transaction.atomic():
            # No history row: an event's history keeps its changes (tebu_site.history).
            created = ComplianceEvent.objects.bulk_create(events)
            EventStatusChange.objects.bulk_create(
                EventStatusChange(event=event, to_status=EventStatus.OPEN, by_rule=rule_key)
                for event in created
            )
            farmer_pages_changed(event.farmer_id for event in created)
    except IntegrityError:
        # Raced by another run: one at a time, each finding the event the other one raised.
        created = []
        for finding in fresh:
            event, new = raise_from_rule(rule_key=rule_key, event_type=event_type, finding=finding)
            if new:
                created.append(event)
        return created
    _notify(created, "compliance_event_raised", step="compliance_event_raised")
    return created


def close_many(
    *, rule_key: str, event_ids: Iterable[int], note: str | Mapping[int, str]
) -> list[ComplianceEvent]:
    """Close the rule's events ``event_ids`` that are not closed yet, each logged with ``note``
    (one for all, or one per event id) and told to the farmer; returns those closed."""
    ids = list(event_ids)
    if not ids:
        return []
    now = timezone.now()
    with transaction.atomic():
        events = list(
            ComplianceEvent.objects.select_for_update(of=("self",))
            .filter(pk__in=ids)
            .exclude(status=EventStatus.CLOSED)
            .select_related("event_type", "mill")
            .order_by("pk")
        )
        if not events:
            return []
        previous = {event.pk: event.status for event in events}
        befores = snapshot(events)
        ComplianceEvent.objects.filter(pk__in=list(previous)).update(
            status=EventStatus.CLOSED, closed_at=now, updated_at=now
        )
        farmer_pages_changed(event.farmer_id for event in events)
        for event in events:
            event.status = EventStatus.CLOSED
            event.closed_at = now
            event.updated_at = now
        record_changes(ComplianceEvent, befores, by=None, reason=f"rule {rule_key}", at=now)
        notes = {
            event.pk: str(note.get(event.pk, "") if isinstance(note, Mapping) else note)
            for event in events
        }
        EventStatusChange.objects.bulk_create(
            EventStatusChange(
                event=event,
                from_status=previous[event.pk],
                to_status=EventStatus.CLOSED,
                by_rule=rule_key,
                note=notes[event.pk],
                at=now,
            )
            for event in events
        )
    _notify(events, "compliance_event_auto_closed", step="auto_closed", note=notes)
    return events
