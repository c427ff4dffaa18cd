"""Nobody sees an event that is not theirs, by any path: the farmer's pages, the staff pages, the
API list and detail, the answer and status actions, the evidence download, the scorecard export."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from compliance import services
from compliance.models import EventAnswer
from compliance.rules import run_rules
from tests.compliance.factories import ComplianceEventFactory, event_type, issued_do
from tests.factories import PDF_BYTES, farmer_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(hw):
    """An event about each of the three farmers (north, south, other mill), each with a file, and
    the rule's DO-unpaid event about the north farmer."""
    result = {}
    for key, farmer in (
        ("mine", hw.farmer),
        ("south", hw.south_farmer),
        ("other_mill", hw.other_farmer),
    ):
        event = ComplianceEventFactory(farmer=farmer)
        services.add_evidence(
            event=event,
            by=hw.manager if farmer.mill == hw.mill else _other_manager(hw),
            file=SimpleUploadedFile("foto.pdf", PDF_BYTES, content_type="application/pdf"),
        )
        result[key] = event
    issued_do(hw.farmer, issued_on=timezone.localdate() - timedelta(days=40))
    run_rules(keys=["do_unpaid"], mill=hw.mill)
    return result


def _other_manager(hw):
    from tebu_site.models import Role
    from tests.factories import UserFactory

    return UserFactory(role=Role.MANAGER, mills=[hw.other_mill])


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_farmer_sees_only_their_events_on_the_portal(hw, events, client):
    client.force_login(farmer_user(hw.farmer))
    mine, south, other = events["mine"], events["south"], events["other_mill"]

    listing = client.get(reverse("compliance:my-events")).content.decode()
    assert mine.summary in listing
    assert "not fully paid" in listing or "DO/" in listing  # the mill-side DO event is theirs too
    assert south.summary not in listing and other.summary not in listing
    assert client.get(reverse("compliance:my-event", args=[mine.pk])).status_code == 200
    for theirs in (south, other):
        assert client.get(reverse("compliance:my-event", args=[theirs.pk])).status_code == 404
        answered = client.post(reverse("compliance:my-event", args=[theirs.pk]), {"text": "x"})
        assert answered.status_code == 404
    # Staff pages are not for farmers at all.
    assert client.get(reverse("compliance:event-list")).status_code == 403
    assert client.get(reverse("compliance:event-detail", args=[mine.pk])).status_code == 403
    assert (
        client.post(reverse("compliance:event-step", args=[mine.pk]), {"step": "close"}).status_code
        == 403
    )
    assert client.get(reverse("compliance:scorecard-export")).status_code == 403
    assert EventAnswer.objects.count() == 0


def test_farmer_downloads_only_their_evidence(hw, events, client):
    client.force_login(farmer_user(hw.farmer))
    mine = events["mine"].evidence_files.get()
    response = client.get(reverse("compliance:evidence-download", args=[mine.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    for key in ("south", "other_mill"):
        theirs = events[key].evidence_files.get()
        assert (
            client.get(reverse("compliance:evidence-download", args=[theirs.pk])).status_code == 404
        )


def test_farmer_sees_only_their_events_through_the_api(hw, events):
    client = api(farmer_user(hw.farmer))
    mine, south, other = events["mine"], events["south"], events["other_mill"]
    listed = ids(client.get("/api/compliance/events/"))
    assert mine.pk in listed and south.pk not in listed and other.pk not in listed
    assert client.get(f"/api/compliance/events/{mine.pk}/").status_code == 200
    for theirs in (south, other):
        assert client.get(f"/api/compliance/events/{theirs.pk}/").status_code == 404
        posted = client.post(f"/api/compliance/events/{theirs.pk}/answers/", {"text": "x"})
        assert posted.status_code == 404
    # A farmer cannot take a status step even on their own event.
    assert client.post(f"/api/compliance/events/{mine.pk}/close/", {}).status_code == 403
    # Nor record an event.
    created = client.post(
        "/api/compliance/events/",
        {
            "event_type": event_type(hw.mill, "non_mbs_cane").pk,
            "season": hw.season.pk,
            "summary": "x",
            "farmer": hw.south_farmer.pk,
        },
    )
    assert created.status_code in (400, 403)


def test_field_staff_see_their_region_and_other_mills_see_nothing(hw, events, client):
    mine, south, other = events["mine"], events["south"], events["other_mill"]
    listed = ids(api(hw.sinder).get("/api/compliance/events/"))
    assert mine.pk in listed and south.pk not in listed and other.pk not in listed
    client.force_login(hw.sinder)
    assert client.get(reverse("compliance:event-detail", args=[south.pk])).status_code == 404
    their_file = south.evidence_files.get()
    assert (
        client.get(reverse("compliance:evidence-download", args=[their_file.pk])).status_code == 404
    )

    listed = ids(api(hw.manager).get("/api/compliance/events/"))
    assert {mine.pk, south.pk} <= listed and other.pk not in listed
    client.force_login(hw.manager)
    assert client.get(reverse("compliance:event-detail", args=[other.pk])).status_code == 404
    assert (
        client.post(reverse("compliance:event-answer", args=[other.pk]), {"text": "x"}).status_code
        == 404
    )


def test_the_scorecard_counts_only_what_the_user_sees(hw, events):
    from compliance.scorecard.build import build_scorecard

    card = build_scorecard(hw.sinder, mill=hw.mill, season=hw.season)
    # The sinder's region holds the north farmer's two events only.
    assert card.events_total == 2
