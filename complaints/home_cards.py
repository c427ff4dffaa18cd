"""Complaints on the home pages: the farmer's open complaints, and what waits on a staff user."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from complaints.models import WAITING, Status
from complaints.selectors import complaints_visible_to
from tebu_site.home_cards import HomeCard


def farmer_complaints_card(user) -> HomeCard | None:
    figures = complaints_visible_to(user).aggregate(
        open=Count("id", filter=~Q(status=Status.RESOLVED)),
        answered=Count("id", filter=Q(status=Status.ANSWERED)),
    )
    return HomeCard("complaints/partials/home_farmer_card.html", figures, order=40)


def staff_complaints_card(user) -> HomeCard | None:
    mine = complaints_visible_to(user).filter(handler=user, status__in=WAITING)
    figures = mine.aggregate(
        waiting=Count("id"), overdue=Count("id", filter=Q(due_at__lte=timezone.now()))
    )
    if not figures["waiting"]:
        return None  # nothing waits on this user: no card to scroll past
    return HomeCard("complaints/partials/home_staff_card.html", figures, order=30)
