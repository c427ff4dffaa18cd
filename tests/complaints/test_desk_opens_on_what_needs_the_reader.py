"""The complaint desk opens on what needs the reader first (issue 14): his own open complaints;
with none, the overdue ones he may see, so a manager does not land on an empty list while an
escalated complaint waits past its time."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints import services

pytestmark = pytest.mark.django_db


def test_a_manager_without_complaints_of_his_own_opens_on_the_overdue_ones(world, client):
    now = timezone.now()
    complaint = services.file_complaint(
        by=world.farmer_login,
        farmer=world.farmer,
        category="payment",
        text="DO belum dibayar",
        now=now - timedelta(hours=100),
    )
    services.escalate_overdue(now=now - timedelta(hours=50))  # to the assistant, 24 h clock
    complaint.refresh_from_db()
    assert complaint.handler == world.assistant and complaint.due_at < now

    client.force_login(world.cane_manager)
    response = client.get(reverse("complaints:inbox"))
    assert response.context["view"] == "overdue"
    assert [c.pk for c in response.context["page"]] == [complaint.pk]

    client.force_login(world.assistant)  # it is his: his own list first
    response = client.get(reverse("complaints:inbox"))
    assert response.context["view"] == "mine"
    assert [c.pk for c in response.context["page"]] == [complaint.pk]


def test_with_nothing_of_his_and_nothing_late_the_desk_shows_what_waits(world, client):
    services.file_complaint(
        by=world.farmer_login, farmer=world.farmer, category="payment", text="Belum dibayar"
    )
    client.force_login(world.cane_manager)
    response = client.get(reverse("complaints:inbox"))
    assert response.context["view"] == "waiting" and len(response.context["page"]) == 1
    # An explicit choice is kept.
    assert client.get(reverse("complaints:inbox"), {"view": "mine"}).context["view"] == "mine"
