"""What the compliance ledger tells credit rules: confirmed side-selling by a farmer, one of the
factors of PG Pakis Baru's delivery record (credit.selectors_limits). Wired in ComplianceConfig,
since credit never imports compliance."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Q

from compliance.models import ComplianceEvent, EventStatus


def side_selling_events(farmer, seasons: Sequence) -> int:
    """Side-selling events of the farmer in ``seasons`` that were confirmed: confirmed or
    sanctioned now, or closed after a confirmation. An open suspicion or a dismissed one does
    not count against the farmer."""
    events = ComplianceEvent.objects.filter(
        farmer=farmer, season__in=list(seasons), event_type__code="side_selling"
    )
    confirmed = Q(status__in=[EventStatus.CONFIRMED, EventStatus.SANCTIONED]) | Q(
        status=EventStatus.CLOSED, status_changes__to_status=EventStatus.CONFIRMED
    )
    return events.filter(confirmed).distinct().count()
