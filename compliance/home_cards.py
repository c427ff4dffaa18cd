"""Compliance on the home pages: open events about the farmer (they can answer them), and the
mill's open events for managers."""

from __future__ import annotations

from compliance.selectors import open_event_count, open_event_figures
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
    return HomeCard("compliance/partials/home_staff_card.html", open_event_figures(user), order=40)
