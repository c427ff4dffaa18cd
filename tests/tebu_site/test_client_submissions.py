"""Offline field entry, the server's side (issue 15): a form sent with a client-made id is recorded
once however often it arrives; another user cannot reuse the id; the installable app's manifest
and service worker are served so a browser accepts them; logout clears the site's data."""

import json
import uuid
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from harvest.models import Weighing
from surveys import services as survey_services
from surveys.models import SurveyResponse
from tebu_site.models import ClientSubmission, Role
from tests.factories import (
    FarmerFactory,
    RegionFactory,
    SurveyRoundFactory,
    UserFactory,
    farmer_user,
)
from tests.harvest.conftest import hw  # noqa: F401 (the harvest world, as a fixture)
from tests.harvest.helpers import local, spta_today
from tests.partners.conftest import _fast_password_hashing, world  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def interview():
    north = RegionFactory(name="Wilayah Utara")
    manager = UserFactory(role=Role.MANAGER, mills=[north.mill])
    survey_round = SurveyRoundFactory(season__mill=north.mill, name="Survei uji")
    survey_round = survey_services.open_round(survey_round=survey_round, by=manager)
    farmer = FarmerFactory(region=north, partner_type="trk")
    sinder = UserFactory(role=Role.FIELD_STAFF, mills=[north.mill], regions=[north])
    other_sinder = UserFactory(role=Role.FIELD_STAFF, mills=[north.mill], regions=[north])
    url = reverse("surveys:staff-answer", args=[survey_round.pk, farmer.pk])
    return survey_round, farmer, sinder, other_sinder, url


def _load(spta_number: str) -> dict:
    now = timezone.now()
    return {
        "spta_number": spta_number,
        "gross_kg": "15000",
        "tare_kg": "7000",
        "trash_percent": "0",
        "cut_at": local(now - timedelta(hours=5)),
        "arrived_at": local(now - timedelta(hours=1)),
    }


def test_an_interview_sent_twice_with_one_client_id_is_recorded_once(interview):
    survey_round, farmer, sinder, _other, url = interview
    client = Client()
    client.force_login(sinder)
    client_id = str(uuid.uuid4())
    first = client.post(url, {"imp_a01": "4", "perf_a01": "5", "client_id": client_id})
    # The second copy carries other answers: a view run again would overwrite the first.
    again = client.post(url, {"imp_a01": "1", "perf_a01": "1", "client_id": client_id})
    assert first.status_code == again.status_code == 302
    assert again.url == first.url == reverse("surveys:respondents", args=[survey_round.pk])
    response = SurveyResponse.objects.get(round=survey_round, farmer=farmer)
    assert list(response.answers.values_list("importance", "performance")) == [(4, 5)]
    assert ClientSubmission.objects.filter(client_id=client_id).count() == 1


def test_the_queue_is_told_accepted_then_replayed_in_a_no_content_answer(interview):
    survey_round, _farmer, sinder, _other, url = interview
    client = Client()
    client.force_login(sinder)
    client_id = str(uuid.uuid4())
    answers = {"imp_a01": "4", "client_id": client_id}
    first = client.post(url, answers, headers={"X-Client-Id": client_id})
    again = client.post(url, answers, headers={"X-Client-Id": client_id})
    respondents = reverse("surveys:respondents", args=[survey_round.pk])
    assert (first.status_code, first["X-Client-Submission"]) == (204, "accepted")
    assert (again.status_code, again["X-Client-Submission"]) == (204, "replayed")
    assert first["X-Result-Url"] == again["X-Result-Url"] == respondents


def test_a_weighing_sent_twice_with_one_client_id_is_recorded_once(hw, client):  # noqa: F811
    spta = spta_today(hw)
    client.force_login(hw.clerk)
    client_id = str(uuid.uuid4())
    first = client.post(reverse("weighing-entry"), {**_load(spta.number), "client_id": client_id})
    # Without the id the second copy would meet "already weighed" and show the form again.
    again = client.post(reverse("weighing-entry"), {**_load(spta.number), "client_id": client_id})
    assert first.status_code == again.status_code == 302
    assert again.url == first.url == reverse("weighing-entry")
    assert Weighing.objects.filter(spta=spta).count() == 1
    assert ClientSubmission.objects.get(client_id=client_id).user == hw.clerk


def test_a_refused_form_keeps_no_id_and_answers_400_for_the_queue(hw, client):  # noqa: F811
    client.force_login(hw.clerk)
    client_id = str(uuid.uuid4())
    refused = client.post(reverse("weighing-entry"), {**_load("999"), "client_id": client_id})
    assert refused.status_code == 400
    assert 'class="field-error"' in refused.content.decode()
    assert not ClientSubmission.objects.filter(client_id=client_id).exists()
    # Fixed, the same entry goes through with the same id.
    spta = spta_today(hw)
    fixed = client.post(reverse("weighing-entry"), {**_load(spta.number), "client_id": client_id})
    assert fixed.status_code == 302 and Weighing.objects.filter(spta=spta).count() == 1


def test_another_user_reusing_a_client_id_is_refused(interview):
    survey_round, farmer, sinder, other_sinder, url = interview
    client_id = str(uuid.uuid4())
    owner = Client()
    owner.force_login(sinder)
    assert owner.post(url, {"imp_a01": "4", "client_id": client_id}).status_code == 302
    intruder = Client()
    intruder.force_login(other_sinder)
    refused = intruder.post(url, {"imp_a01": "1", "client_id": client_id})
    assert refused.status_code == 403
    assert str(survey_round.pk) not in refused.content.decode()
    response = SurveyResponse.objects.get(round=survey_round, farmer=farmer)
    assert response.entered_by == sinder
    assert list(response.answers.values_list("importance", flat=True)) == [4]


def test_a_malformed_client_id_is_refused(interview):
    _round, _farmer, sinder, _other, url = interview
    client = Client()
    client.force_login(sinder)
    assert client.post(url, {"imp_a01": "4", "client_id": "not-a-uuid"}).status_code == 400
    assert not SurveyResponse.objects.exists()


def test_logout_tells_the_browser_to_clear_the_sites_data(interview):
    sinder = interview[2]
    client = Client()
    client.force_login(sinder)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert "_auth_user_id" not in client.session


def test_the_service_worker_is_served_from_the_root_fresh_and_without_a_cdn():
    response = Client().get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "no-cache" in response["Cache-Control"]
    assert response["Service-Worker-Allowed"] == "/"
    body = response.content.decode()
    assert 'modulePathPrefix: "/static/vendor/workbox"' in body
    assert 'importScripts("/static/vendor/workbox/workbox-sw.js")' in body
    assert "googleapis" not in body and "https://" not in body


def test_the_manifest_is_valid_json_starting_at_home():
    response = Client().get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/manifest+json")
    manifest = json.loads(response.content)
    assert manifest["name"] == "Tebu Mitra"
    assert manifest["start_url"] == reverse("home") == "/"
    assert manifest["scope"] == "/"
    assert manifest["lang"] == "id"
    assert manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"] if icon["type"] == "image/png"}
    assert {"192x192", "512x512"} <= sizes


def test_every_page_links_the_manifest(client):
    page = client.get(reverse("login")).content.decode()
    assert 'rel="manifest" href="/manifest.webmanifest"' in page


def test_only_the_farmers_own_pages_are_marked_readable_offline(world, client):  # noqa: F811
    user = farmer_user(world.farmer)
    client.force_login(user)
    home = client.get(reverse("home"))
    assert home["X-Offline-Readable"] == "1" and "private" in home["Cache-Control"]
    assert client.get(reverse("my-dos"))["X-Offline-Readable"] == "1"
    assert "X-Offline-Readable" not in client.get(reverse("notices:inbox"))
    client.logout()
    assert "X-Offline-Readable" not in client.get(reverse("login"))
