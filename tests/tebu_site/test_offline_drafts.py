"""The drafts a field officer makes without a signal (issue 15), the server's side: a new farmer, a
new plot with its GPS boundary and a credit application, each sent twice with one client-made id
(as the offline queue does when an answer is lost), are recorded once and the second answer says
"replayed"; a form the server refuses records neither the entry nor its id."""

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from credit.models import CreditApplication
from partners.models import Farmer, Plot
from tebu_site.models import ClientSubmission
from tebu_site.offline import OFFLINE_READABLE_HEADER
from tests.credit.conftest import cw  # noqa: F401 (the credit world, as a fixture)
from tests.credit.test_pages_application_form import form_data, form_url
from tests.partners.conftest import _fast_password_hashing, world  # noqa: F401

pytestmark = pytest.mark.django_db

BOUNDARY = "-8.2000, 113.4500\n-8.2000, 113.4509\n-8.2009, 113.4509\n-8.2009, 113.4500"


def _farmer(w, **extra) -> dict:
    return {
        "nik": "3509 8888 7777 6666",
        "name": "Sukirno",
        "region": w.north.pk,
        "phone": "0852-3333-4444",
        "desa": w.desa.pk,
        "partner_type": "trk",
        "status": "active",
        "education": "smp",
        **extra,
    }


def _plot(**extra) -> dict:
    return {
        "code": "SEM-060-1",
        "area_ha": "1.0000",
        "rented_area_ha": "0",
        "land_type": "sawah",
        "crop_class": "pc",
        "ratoon_number": "0",
        "coordinates": BOUNDARY,
        **extra,
    }


def _send_twice(client: Client, url: str, data: dict, changed: dict):
    """The queue's way: the id in the field and the header; the second copy differs, so a view
    run again would show in the database."""
    client_id = str(uuid.uuid4())
    headers = {"X-Client-Id": client_id}
    first = client.post(url, {**data, "client_id": client_id}, headers=headers)
    again = client.post(url, {**data, **changed, "client_id": client_id}, headers=headers)
    assert first.status_code == again.status_code == 204
    assert first["X-Client-Submission"] == "accepted"
    assert again["X-Client-Submission"] == "replayed"
    assert again["X-Result-Url"] == first["X-Result-Url"]
    assert ClientSubmission.objects.filter(client_id=client_id).count() == 1
    return first["X-Result-Url"]


def _refused(client: Client, url: str, data: dict) -> None:
    client_id = str(uuid.uuid4())
    response = client.post(
        url, {**data, "client_id": client_id}, headers={"X-Client-Id": client_id}
    )
    assert response.status_code == 400
    assert "field-error" in response.content.decode() or "form-error" in response.content.decode()
    assert not ClientSubmission.objects.exists()


def test_a_new_farmer_sent_twice_is_registered_once(world):  # noqa: F811
    client = Client()
    client.force_login(world.sinder)
    before = Farmer.objects.count()
    result = _send_twice(client, reverse("farmer-create"), _farmer(world), {"name": "Sukirno Dua"})
    farmer = Farmer.objects.get(nik="3509888877776666")
    assert Farmer.objects.count() == before + 1 and farmer.name == "Sukirno"
    assert result == reverse("farmer-detail", args=[farmer.pk])


def test_a_refused_new_farmer_records_nothing(world):  # noqa: F811
    client = Client()
    client.force_login(world.sinder)
    before = Farmer.objects.count()
    _refused(client, reverse("farmer-create"), _farmer(world, nik="12", name=""))
    assert Farmer.objects.count() == before


def test_a_new_plot_with_its_boundary_sent_twice_is_added_once(world):  # noqa: F811
    client = Client()
    client.force_login(world.sinder)
    url = reverse("plot-create", args=[world.farmer.pk])
    result = _send_twice(client, url, _plot(), {"area_ha": "2.0000"})
    plot = Plot.objects.get(farmer=world.farmer)
    assert result == reverse("plot-detail", args=[plot.pk])
    assert plot.code == "SEM-060-1" and plot.area_ha == 1
    assert plot.has_polygon and len(plot.geometry["coordinates"][0]) >= 4


def test_a_refused_new_plot_records_nothing(world):  # noqa: F811
    client = Client()
    client.force_login(world.sinder)
    _refused(client, reverse("plot-create", args=[world.farmer.pk]), _plot(coordinates="x"))
    assert not Plot.objects.filter(farmer=world.farmer).exists()


def test_a_credit_application_draft_sent_twice_is_saved_once(cw):  # noqa: F811
    client = Client()
    client.force_login(cw.sinder)
    result = _send_twice(
        client, form_url(cw), form_data(cw, "66300000"), {"requested_amount": "50000000"}
    )
    application = CreditApplication.objects.get()
    assert result == reverse("credit-application", args=[application.pk])
    assert application.requested_amount == 66300000 and application.farmer == cw.farmer


def test_a_refused_credit_application_records_nothing(cw):  # noqa: F811
    client = Client()
    client.force_login(cw.sinder)
    _refused(client, form_url(cw), form_data(cw, "70000000"))
    assert not CreditApplication.objects.exists()


def _queued_and_readable_offline(client: Client, url: str) -> str:
    response = client.get(url)
    assert response[OFFLINE_READABLE_HEADER] == "1"
    page = response.content.decode()
    assert "data-offline-queue" in page and 'name="client_id"' in page
    return page


def test_the_registry_pages_are_readable_offline_and_queue_their_forms(world):  # noqa: F811
    client = Client()
    client.force_login(world.sinder)
    _queued_and_readable_offline(client, reverse("farmer-create"))
    _queued_and_readable_offline(client, reverse("plot-create", args=[world.farmer.pk]))


def test_the_application_page_is_readable_offline_and_queues_its_form(cw):  # noqa: F811
    client = Client()
    client.force_login(cw.sinder)
    page = _queued_and_readable_offline(client, form_url(cw))
    # "Check ceiling" saves nothing: the queue leaves it an ordinary post.
    assert 'data-testid="check-ceiling" data-offline-skip' in page
