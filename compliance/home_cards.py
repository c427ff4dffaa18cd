"""Compliance on the home pages: open events about the farmer (they can answer them), and the
mill's open events for managers."""

from __future__ import annotations

from django.db.models import Count, Q

from compliance.models import EventStatus, Party
from compliance.selectors import events_visible_to
from tebu_site.home_cards import HomeCard
from tebu_site.models import Role

OPEN_STATUSES = (EventStatus.OPEN, EventStatus.CONFIRMED)
STAFF_ROLES = {Role.ADMINISTRATOR, Role.MANAGER, Role.ANALYST}


def farmer_events_card(user) -> HomeCard | None:
    open_events = events_visible_to(user).filter(status__in=OPEN_STATUSES).count()
    if not open_events:
        return None
    return HomeCard("compliance/partials/home_farmer_card.html", {"open": open_events}, order=50)


def staff_events_card(user) -> HomeCard | None:
    if user.role not in STAFF_ROLES and not user.is_superuser:
        return None
    figures = events_visible_to(user).aggregate(
        open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
        by_mill=Count("id", filter=Q(status__in=OPEN_STATUSES, party=Party.MILL)),
    )
    return HomeCard("compliance/partials/home_staff_card.html", figures, order=40)
