"""Staff record an event, managers take it through open → confirmed → sanctioned → closed (or
dismissed), every step logged with who and when and kept in the history; the farmer answers."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from compliance import services
from compliance.models import ComplianceEvent, EventStatus
from notices.models import Notice
from tebu_site.history import changes
from tests.compliance.factories import event_type
from tests.factories import farmer_user

pytestmark = pytest.mark.django_db


def record(hw, by=None, **extra):
    values = {
        "by": by or hw.sinder,
        "mill": hw.mill,
        "event_type": event_type(hw.mill, "non_mbs_cane"),
        "season": hw.season,
        "summary": "Tebu dengan daduk 12 % dikirim",
        "evidence": "Dilihat di emplasemen oleh mandor.",
        "plot": hw.plot,
        **extra,
    }
    return services.create_event(**values)


def test_field_staff_record_an_event_about_a_farmer_of_their_region(hw):
    event = record(hw)
    assert event.farmer == hw.farmer and event.region == hw.north
    assert event.status == EventStatus.OPEN and event.raised_by == hw.sinder
    assert Notice.objects.filter(farmer=hw.farmer, event="compliance_event_raised").exists()
    with pytest.raises(PermissionDenied):
        record(hw, plot=hw.south_plot)  # another region's plot


def test_linked_records_must_belong_together(hw):
    from tests.compliance.factories import issued_do

    their_do = issued_do(hw.south_farmer, issued_on=timezone.localdate())
    with pytest.raises(ValidationError) as caught:
        record(hw, by=hw.manager, delivery_order=their_do)
    assert "farmer" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        record(hw, plot=None)  # a farmer's breach needs the farmer
    assert "farmer" in caught.value.message_dict


def test_confirm_sanction_close_each_logged(hw):
    event = record(hw)
    with pytest.raises(PermissionDenied):
        services.change_status(event=event, by=hw.sinder, step="confirm")
    services.change_status(event=event, by=hw.manager, step="confirm", note="Checked")
    with pytest.raises(ValidationError) as caught:
        services.change_status(event=event, by=hw.manager, step="sanction", sanction_type="fine")
    assert {"sanction_amount", "sanction_on"} <= set(caught.value.message_dict)
    services.change_status(
        event=event,
        by=hw.manager,
        step="sanction",
        sanction_type="fine",
        sanction_amount=Decimal("250000"),
        sanction_on=timezone.localdate(),
        note="Per contract article 7",
    )
    services.change_status(event=event, by=hw.manager, step="close")
    event.refresh_from_db()
    assert event.status == EventStatus.CLOSED
    assert event.sanction_amount == Decimal("250000.00")
    steps = [(c.from_status, c.to_status, c.by) for c in event.status_changes.all()]
    assert steps == [
        ("", "open", hw.sinder),
        ("open", "confirmed", hw.manager),
        ("confirmed", "sanctioned", hw.manager),
        ("sanctioned", "closed", hw.manager),
    ]
    # The history keeps each step: who, and the status before and after it.
    rows = event.history.order_by("history_date", "history_id")
    assert [(c.before.status, c.after.status, c.by) for c in changes(event, rows)] == [
        ("open", "confirmed", hw.manager),
        ("confirmed", "sanctioned", hw.manager),
        ("sanctioned", "closed", hw.manager),
    ]
    with pytest.raises(ValidationError):
        services.change_status(event=event, by=hw.manager, step="confirm")


def test_dismiss_needs_a_reason(hw):
    event = record(hw)
    with pytest.raises(ValidationError):
        services.change_status(event=event, by=hw.manager, step="dismiss")
    services.change_status(event=event, by=hw.manager, step="dismiss", note="Load was clean")
    assert ComplianceEvent.objects.get(pk=event.pk).status == EventStatus.DISMISSED


def test_the_farmer_answers_and_staff_see_it(hw, client):
    event = record(hw)
    client.force_login(farmer_user(hw.farmer))
    response = client.post(
        reverse("compliance:my-event", args=[event.pk]), {"text": "Hujan deras, lahan becek."}
    )
    assert response.status_code == 302
    answer = event.answers.get()
    assert answer.by_farmer and answer.text == "Hujan deras, lahan becek."

    client.force_login(hw.manager)
    page = client.get(reverse("compliance:event-detail", args=[event.pk])).content.decode()
    assert "Hujan deras, lahan becek." in page


def test_staff_record_an_event_with_a_photo_on_the_form(hw, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import PDF_BYTES

    client.force_login(hw.sinder)
    page = client.get(reverse("compliance:event-create"), {"farmer": hw.farmer.pk})
    assert page.status_code == 200
    response = client.post(
        reverse("compliance:event-create") + f"?farmer={hw.farmer.pk}",
        {
            "event_type": event_type(hw.mill, "guidance_ignored").pk,
            "season": hw.season.pk,
            "farmer": hw.farmer.pk,
            "plot": hw.plot.pk,
            "summary": "Pupuk tidak diberikan sesuai anjuran",
            "occurred_on": (timezone.localdate() - timedelta(days=2)).isoformat(),
            "file": SimpleUploadedFile("foto.pdf", PDF_BYTES, content_type="application/pdf"),
        },
    )
    event = ComplianceEvent.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{event.pk}/")
    assert event.evidence_files.count() == 1 and event.plot == hw.plot


def test_the_api_records_and_decides(hw):
    client = APIClient()
    client.force_authenticate(hw.manager)
    created = client.post(
        "/api/compliance/events/",
        {
            "event_type": event_type(hw.mill, "forum_not_held").pk,
            "season": hw.season.pk,
            "summary": "FTK kedua musim ini tidak diadakan",
            "occurred_on": date(2026, 10, 1).isoformat(),
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["party"] == "mill" and created.json()["farmer"] is None
    sanctioned = client.post(f"/api/compliance/events/{pk}/sanction/", {}, format="json")
    assert sanctioned.status_code == 400
    assert client.post(f"/api/compliance/events/{pk}/confirm/", {}).status_code == 200
    answered = client.post(f"/api/compliance/events/{pk}/answers/", {"text": "Dijadwalkan ulang"})
    assert answered.status_code == 201
    detail = client.get(f"/api/compliance/events/{pk}/").json()
    assert detail["status"] == "confirmed"
    assert [c["to_status"] for c in detail["status_changes"]] == ["open", "confirmed"]
    assert detail["answers"][0]["text"] == "Dijadwalkan ulang"
