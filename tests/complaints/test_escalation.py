"""Unanswered past the clock, a complaint goes to the assistant manager, then the cane manager."""

from datetime import timedelta

import pytest
from django.utils import timezone

from complaints import services
from complaints.models import Complaint, EntryKind, Level, Status
from complaints.tasks import escalate_overdue_complaints
from notices.models import Channel, Notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint(world):
    filed = timezone.now() - timedelta(hours=1)
    return services.file_complaint(
        by=world.farmer_login,
        farmer=world.farmer,
        category="rendemen",
        text="Rendemen saya terlalu rendah",
        now=filed,
    )


def test_nothing_escalates_before_the_clock(world, complaint):
    assert complaint.due_at == complaint.filed_at + timedelta(hours=48)
    assert services.escalate_overdue(now=complaint.filed_at + timedelta(hours=47)) == []
    complaint.refresh_from_db()
    assert complaint.handler == world.qc


def test_escalates_to_the_assistant_then_the_cane_manager(world, complaint):
    first = complaint.filed_at + timedelta(hours=48, minutes=1)
    assert [c.pk for c in services.escalate_overdue(now=first)] == [complaint.pk]
    complaint.refresh_from_db()
    assert complaint.handler == world.assistant
    assert complaint.level == Level.ASSISTANT_MANAGER
    assert complaint.status == Status.ESCALATED
    assert complaint.due_at == first + timedelta(hours=24)

    # The assistant manager gets a full clock: nothing moves before it runs out.
    assert services.escalate_overdue(now=first + timedelta(hours=23)) == []
    second = first + timedelta(hours=24, minutes=1)
    services.escalate_overdue(now=second)
    complaint.refresh_from_db()
    assert complaint.handler == world.cane_manager
    assert complaint.level == Level.CANE_MANAGER
    # The top has no clock: nothing escalates further, however late.
    assert complaint.due_at is None
    assert services.escalate_overdue(now=second + timedelta(days=30)) == []

    escalations = complaint.entries.filter(kind=EntryKind.ESCALATION).order_by("at")
    assert [(e.from_handler, e.to_handler, e.at, e.by) for e in escalations] == [
        (world.qc, world.assistant, first, None),
        (world.assistant, world.cane_manager, second, None),
    ]


def test_the_task_is_idempotent(world, complaint, monkeypatch):
    later = complaint.filed_at + timedelta(hours=49)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert escalate_overdue_complaints.delay().get() == 1
    assert escalate_overdue_complaints.delay().get() == 0
    complaint.refresh_from_db()
    assert complaint.level == Level.ASSISTANT_MANAGER
    assert complaint.entries.filter(kind=EntryKind.ESCALATION).count() == 1
    assert Notice.objects.filter(event="complaint_escalated").count() == 1


def test_an_answered_complaint_does_not_escalate(world, complaint):
    services.answer_complaint(
        complaint=complaint, by=world.qc, text="Kami cek ulang sampel nira Anda."
    )
    assert services.escalate_overdue(now=complaint.filed_at + timedelta(days=10)) == []
    complaint.refresh_from_db()
    assert complaint.status == Status.ANSWERED
    assert complaint.due_at is None


def test_a_reopened_complaint_gets_a_fresh_clock_and_escalates_again(world, complaint):
    answered = complaint.filed_at + timedelta(hours=2)
    services.answer_complaint(complaint=complaint, by=world.qc, text="Sudah benar.", now=answered)
    reopened = answered + timedelta(hours=1)
    services.reopen_complaint(
        complaint=complaint, by=world.farmer_login, reason="Belum jelas.", now=reopened
    )
    complaint.refresh_from_db()
    assert complaint.status == Status.REOPENED
    assert complaint.due_at == reopened + timedelta(hours=48)
    services.escalate_overdue(now=reopened + timedelta(hours=49))
    complaint.refresh_from_db()
    assert complaint.handler == world.assistant


def test_escalation_tells_the_farmer_and_the_new_handler(world, complaint):
    services.escalate_overdue(now=complaint.filed_at + timedelta(hours=49))
    to_handler = Notice.objects.get(event="complaint_escalated", channel=Channel.PORTAL)
    assert to_handler.recipient == world.assistant
    assert to_handler.farmer is None and to_handler.mill == world.mill
    assert to_handler.link == f"/complaints/{complaint.pk}/"
    to_farmer = Notice.objects.get(event="complaint_moved", channel=Channel.PORTAL)
    assert to_farmer.farmer == world.farmer
    assert complaint.reference in to_farmer.subject


def test_status_changes_are_audited(world, complaint):
    services.escalate_overdue(now=complaint.filed_at + timedelta(hours=49))
    complaint = Complaint.objects.get(pk=complaint.pk)
    services.answer_complaint(complaint=complaint, by=world.assistant, text="Jawaban")
    history = list(complaint.history.order_by("history_date", "history_id"))
    assert [h.status for h in history] == ["new", "escalated", "answered"]
    assert [h.history_user for h in history] == [world.farmer_login, None, world.assistant]
