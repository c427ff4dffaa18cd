"""The complaint pages work end to end through the forms: farmer filing with errors beside the
fields, staff inbox with the overdue flag, answering, and the manager's desk settings."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from complaints import services
from complaints.models import Complaint, ComplaintDesk, RegionKkw, Status

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_farmer_form_shows_errors_beside_the_fields(world):
    client = _client(world.farmer_login)
    response = client.post(
        "/me/complaints/new/",
        {"category": "rendemen", "text": "Foto", "photo": SimpleUploadedFile("x.pdf", b"%PDF")},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "field-error" in response.content.decode()
    assert not Complaint.objects.exists()
    response = client.post("/me/complaints/new/", {"category": "rendemen", "text": "Rendah"})
    complaint = Complaint.objects.get()
    assert response["Location"] == f"/me/complaints/{complaint.pk}/"


def test_inbox_flags_overdue_and_the_handler_answers_from_the_page(world):
    complaint = services.file_complaint(
        by=world.farmer_login,
        farmer=world.farmer,
        category="weighing",
        text="Timbangan",
        now=timezone.now() - timedelta(hours=50),
    )
    client = _client(world.qc)
    page = client.get("/complaints/").content.decode()
    assert complaint.reference in page and 'data-testid="overdue-flag"' in page
    response = client.post(f"/complaints/{complaint.pk}/answer/", {"text": "Sudah ditera"})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Status.ANSWERED
    assert 'data-testid="overdue-flag"' not in client.get("/complaints/?view=all").content.decode()


def test_the_manager_sets_the_desk_and_field_staff_may_not(world):
    assert _client(world.kkw_north).get("/complaints/desk/").status_code == 403
    client = _client(world.cane_manager)
    assert client.get("/complaints/desk/").status_code == 200
    response = client.post(
        "/complaints/desk/",
        {
            "qc_desk": world.qc.pk,
            "cutting_foreman": "",
            "assistant_manager": world.assistant.pk,
            "cane_manager": world.cane_manager.pk,
            "first_line_hours": 24,
            "assistant_manager_hours": 12,
            f"kkw_{world.north.pk}": world.kkw_north.pk,
            f"kkw_{world.south.pk}": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    desk = ComplaintDesk.objects.get(mill=world.mill)
    assert (desk.first_line_hours, desk.cutting_foreman) == (24, None)
    assert RegionKkw.objects.get(region=world.north).user == world.kkw_north
    assert desk.history.count() == 2


def test_staff_file_for_a_farmer_from_the_page(world):
    client = _client(world.kkw_north)
    response = client.post(
        "/complaints/new/",
        {"farmer": world.farmer.pk, "category": "credit", "text": "Kredit belum cair"},
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.filed_by == world.kkw_north and complaint.handler == world.kkw_north
