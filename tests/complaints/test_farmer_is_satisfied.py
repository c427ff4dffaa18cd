"""An answered complaint offers the farmer "I am satisfied" beside "reopen" (issue 14): it
resolves the complaint in his name, tells whoever answered, and only he can do it."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from complaints import services
from complaints.models import EntryKind, Status
from notices.models import Channel, Notice
from tests.factories import FarmerFactory, farmer_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def answered(world):
    complaint = services.file_complaint(
        by=world.farmer_login,
        farmer=world.farmer,
        category="payment",
        text="DO saya belum dibayar",
        now=timezone.now() - timedelta(hours=5),
    )
    services.answer_complaint(complaint=complaint, by=world.kkw_north, text="Dibayar besok")
    complaint.refresh_from_db()
    return complaint


def test_the_farmer_accepts_the_answer_from_his_page(world, answered, client):
    client.force_login(world.farmer_login)
    page = client.get(reverse("complaints:my-complaint", args=[answered.pk])).content.decode()
    assert 'data-testid="satisfied-submit"' in page and 'data-testid="reopen-form"' in page

    response = client.post(reverse("complaints:my-complaint-satisfied", args=[answered.pk]))
    assert response.status_code == 302
    answered.refresh_from_db()
    assert answered.status == Status.RESOLVED and answered.resolved_at is not None
    entry = answered.entries.order_by("at", "id").last()
    assert (entry.kind, entry.by) == (EntryKind.SATISFIED, world.farmer_login)
    told = Notice.objects.get(event="complaint_accepted", channel=Channel.PORTAL)
    assert told.recipient == world.kkw_north and answered.reference in told.subject

    page = client.get(reverse("complaints:my-complaint", args=[answered.pk])).content.decode()
    assert 'data-testid="satisfied-submit"' not in page  # resolved: only reopening is left
    assert 'data-testid="entry-satisfied"' in page


def test_only_an_answered_complaint_of_his_own_can_be_accepted(world, answered, client):
    with pytest.raises(PermissionDenied):
        services.accept_answer(complaint=answered, by=world.kkw_north)
    services.accept_answer(complaint=answered, by=world.farmer_login)
    with pytest.raises(ValidationError):  # already resolved
        services.accept_answer(complaint=answered, by=world.farmer_login)
    # Another farmer's page for it does not exist.
    client.force_login(farmer_user(FarmerFactory(region=world.north)))
    url = reverse("complaints:my-complaint-satisfied", args=[answered.pk])
    assert client.post(url).status_code == 404
    assert client.get(url).status_code in (404, 405)
