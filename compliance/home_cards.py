"""Compliance on the home pages: open events about the farmer (they can answer them), and the
mill's open events for managers."""

from __future__ import annotations

from django.db.models import Count, Q

from compliance.models import OPEN_STATUSES, ComplianceEvent, Party
from compliance.selectors import open_event_count
from tebu_site.access import scope_for
from tebu_site.home_cards import HomeCard
from tebu_site.models import Role

STAFF_ROLES = {Role.ADMINISTRATOR, Role.MANAGER, Role.ANALYST}


def farmer_events_card(user) -> HomeCard | None:
    open_events = open_event_count(user)
    if not open_events:
        return None
    return HomeCard("compliance/partials/home_farmer_card.html", {"open": open_events}, order=50)


def staff_events_card(user) -> HomeCard | None:
    if user.role not in STAFF_ROLES and not user.is_superuser:
        return None
    # Over the open events only, counting columns of the partial index: read from it alone.
    open_events = scope_for(user, ComplianceEvent.objects.filter(status__in=OPEN_STATUSES))
    figures = open_events.aggregate(
        open=Count("*"), by_mill=Count("party", filter=Q(party=Party.MILL))
    )
    return HomeCard("compliance/partials/home_staff_card.html", figures, order=40)
