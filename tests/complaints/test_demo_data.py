"""`make run` loads the demo complaints after the registry demo; twice changes nothing."""

import pytest

from complaints.demo import load_demo_complaints
from complaints.models import ActionItem, Complaint, ComplaintDesk, ComplaintEntry, Forum, Status
from partners.demo import load_demo

pytestmark = pytest.mark.django_db


def _counts():
    return [m.objects.count() for m in (Complaint, ComplaintEntry, Forum, ActionItem)]


def test_demo_complaints_load_and_twice_changes_nothing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    loaded = load_demo_complaints()
    assert loaded.complaints == 4 and loaded.forums == 1
    before = _counts()
    again = load_demo_complaints()
    assert (again.users, again.complaints, again.forums) == (0, 0, 0)
    assert _counts() == before

    desk = ComplaintDesk.objects.get(mill__code="semboro")
    assert (desk.qc_desk.username, desk.cane_manager.username) == ("qc", "manajer")
    assert (desk.assistant_manager.username, desk.cutting_foreman.username) == (
        "asisten",
        "mandor",
    )
    mine = Complaint.objects.filter(farmer__user__username="petani")
    assert {c.status for c in mine} == {Status.ANSWERED, Status.NEW}
    assert set(Complaint.objects.values_list("status", flat=True)) == {
        Status.ANSWERED,
        Status.NEW,
        Status.ESCALATED,
        Status.RESOLVED,
    }
    escalated = Complaint.objects.get(status=Status.ESCALATED)
    assert escalated.handler.username == "asisten"
    assert ActionItem.objects.filter(done=True).count() == 1
