"""Every answer, transfer, resolution and reopening is kept with who and when, and announced."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from complaints import services
from complaints.models import Duty, EntryKind, Status
from notices.models import Channel, Notice
from tebu_site.models import Role
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def complaint(world):
    return services.file_complaint(
        by=world.farmer_login,
        farmer=world.farmer,
        category="payment",
        text="DO saya belum dibayar",
        now=timezone.now() - timedelta(hours=5),
    )


def test_filing_records_an_entry_and_tells_both_sides(world, complaint):
    entry = complaint.entries.get()
    assert (entry.kind, entry.by, entry.to_handler) == (
        EntryKind.FILED,
        world.farmer_login,
        world.kkw_north,
    )
    farmer_notice = Notice.objects.get(event="complaint_received", channel=Channel.PORTAL)
    assert farmer_notice.farmer == world.farmer
    assert farmer_notice.link == f"/me/complaints/{complaint.pk}/"
    staff_notice = Notice.objects.get(event="complaint_assigned", channel=Channel.PORTAL)
    assert staff_notice.recipient == world.kkw_north
    assert staff_notice.farmer is None and staff_notice.mill == world.mill


def test_answer_transfer_resolve_and_reopen_are_all_kept(world, complaint):
    at = timezone.now()
    services.transfer_complaint(
        complaint=complaint, by=world.kkw_north, to=world.assistant, note="Soal dana", now=at
    )
    complaint.refresh_from_db()
    assert complaint.handler == world.assistant and complaint.duty == Duty.OTHER
    services.answer_complaint(
        complaint=complaint, by=world.assistant, text="Dibayar minggu ini", now=at
    )
    services.resolve_complaint(
        complaint=complaint, by=world.assistant, text="Sudah ditransfer", now=at
    )
    services.reopen_complaint(
        complaint=complaint, by=world.farmer_login, reason="Belum masuk rekening", now=at
    )
    entries = list(complaint.entries.order_by("at", "id"))
    assert [(e.kind, e.by) for e in entries] == [
        (EntryKind.FILED, world.farmer_login),
        (EntryKind.TRANSFER, world.kkw_north),
        (EntryKind.ANSWER, world.assistant),
        (EntryKind.RESOLUTION, world.assistant),
        (EntryKind.REOPEN, world.farmer_login),
    ]
    assert entries[1].from_handler == world.kkw_north and entries[1].to_handler == world.assistant
    complaint.refresh_from_db()
    assert complaint.status == Status.REOPENED
    assert complaint.first_answered_at == at
    events = set(Notice.objects.values_list("event", flat=True))
    assert {
        "complaint_transferred",
        "complaint_moved",
        "complaint_answered",
        "complaint_resolved",
        "complaint_reopened",
    } <= events
    reopened = Notice.objects.get(event="complaint_reopened", channel=Channel.PORTAL)
    assert reopened.recipient == world.assistant


def test_only_the_handler_or_a_manager_of_the_mill_may_answer(world, complaint):
    with pytest.raises(PermissionDenied):
        services.answer_complaint(complaint=complaint, by=world.qc, text="Bukan urusan saya")
    services.answer_complaint(complaint=complaint, by=world.cane_manager, text="Kami cek")
    other_mill_manager = UserFactory(role=Role.MANAGER)
    with pytest.raises(PermissionDenied):
        services.answer_complaint(complaint=complaint, by=other_mill_manager, text="x")


def test_a_farmer_cannot_reopen_a_complaint_still_waiting_or_someone_elses(world, complaint):
    with pytest.raises(ValidationError) as error:
        services.reopen_complaint(complaint=complaint, by=world.farmer_login, reason="?")
    assert "still waiting" in str(error.value)
    services.answer_complaint(complaint=complaint, by=world.kkw_north, text="Jawab")
    with pytest.raises(PermissionDenied):
        services.reopen_complaint(complaint=complaint, by=world.kkw_north, reason="x")


def test_validation_errors_name_the_field(world, complaint):
    with pytest.raises(ValidationError) as error:
        services.answer_complaint(complaint=complaint, by=world.kkw_north, text="  ")
    assert error.value.message_dict == {"text": ["Write the answer."]}
    with pytest.raises(ValidationError) as error:
        services.transfer_complaint(complaint=complaint, by=world.kkw_north, to=None, note="x")
    assert "to" in error.value.message_dict
    outsider = UserFactory(role=Role.QC)
    with pytest.raises(ValidationError) as error:
        services.transfer_complaint(complaint=complaint, by=world.kkw_north, to=outsider, note="x")
    assert error.value.message_dict["to"] == ["Choose a staff member of the complaint's mill."]
    with pytest.raises(ValidationError) as error:
        services.file_complaint(
            by=world.farmer_login, farmer=world.farmer, category="nonsense", text=""
        )
    assert set(error.value.message_dict) == {"category", "text"}


def test_a_farmer_files_only_for_themselves(world):
    from tests.factories import FarmerFactory

    other = FarmerFactory(region=world.north)
    with pytest.raises(PermissionDenied):
        services.file_complaint(
            by=world.farmer_login, farmer=other, category="other", text="Atas nama orang lain"
        )


def test_staff_file_for_a_farmer_of_their_region_only(world):
    complaint = services.file_complaint(
        by=world.kkw_north, farmer=world.farmer, category="other", text="Lewat telepon"
    )
    assert complaint.filed_by == world.kkw_north
    with pytest.raises(PermissionDenied):
        services.file_complaint(
            by=world.kkw_south, farmer=world.farmer, category="other", text="Bukan wilayah saya"
        )


def test_the_linked_do_must_be_the_farmers(world):
    from tests.factories import DeliveryOrderFactory, FarmerFactory

    theirs = DeliveryOrderFactory(farmer=FarmerFactory(region=world.north))
    with pytest.raises(ValidationError) as error:
        services.file_complaint(
            by=world.farmer_login,
            farmer=world.farmer,
            category="payment",
            text="DO",
            delivery_order=theirs,
        )
    assert error.value.message_dict == {"delivery_order": ["This DO is not the farmer's."]}
