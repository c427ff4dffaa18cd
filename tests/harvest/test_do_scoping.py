"""Who sees which DO, SPTA, weighing, rendemen and payment, by every path: the farmer's pages,
the staff pages, the printable statement, the API list and the API detail."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from harvest.models import RendemenAnalysis
from harvest.services.delivery_orders import issue_do, record_payment
from tests.factories import farmer_user
from tests.harvest.helpers import deliver, settled

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def orders(hw):
    """An issued, partly paid DO for the north farmer (mine) and one for the south farmer."""
    result = {}
    for key, farmer, plot in (
        ("mine", hw.farmer, hw.plot),
        ("south", hw.south_farmer, hw.south_plot),
    ):
        load = deliver(hw, net_kg=D("20000"), rendemen=D("7"), plot=plot)
        order = issue_do(do=settled(hw, [load], farmer=farmer), by=hw.manager)
        record_payment(
            do=order, by=hw.credit, paid_on=timezone.localdate(), amount=D("1000"), method="cash"
        )
        result[key] = order
    return result


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_farmer_cannot_see_another_farmers_do_on_any_page(hw, orders, client):
    client.force_login(farmer_user(hw.farmer))
    mine, theirs = orders["mine"], orders["south"]

    listing = client.get(reverse("my-dos")).content.decode().replace("<wbr>", "")
    assert mine.number in listing and theirs.number not in listing
    assert client.get(reverse("my-do", args=[mine.pk])).status_code == 200
    assert client.get(reverse("my-do", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("do-print", args=[mine.pk])).status_code == 200
    assert client.get(reverse("do-print", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("do-detail", args=[mine.pk])).status_code == 403  # staff page
    their_spta = theirs.weighings.get().spta
    assert client.get(reverse("spta-detail", args=[their_spta.pk])).status_code == 404
    my_spta = mine.weighings.get().spta
    assert client.get(reverse("spta-detail", args=[my_spta.pk])).status_code == 200


def test_farmer_cannot_see_another_farmers_do_through_the_api(hw, orders):
    client = api(farmer_user(hw.farmer))
    mine, theirs = orders["mine"], orders["south"]

    assert ids(client.get("/api/delivery-orders/")) == {mine.pk}
    assert client.get(f"/api/delivery-orders/{mine.pk}/").status_code == 200
    assert client.get(f"/api/delivery-orders/{theirs.pk}/").status_code == 404
    assert ids(client.get("/api/do-payments/")) == set(mine.payments.values_list("pk", flat=True))
    their_payment = theirs.payments.get()
    assert client.get(f"/api/do-payments/{their_payment.pk}/").status_code == 404
    their_load = theirs.weighings.get()
    assert client.get(f"/api/weighings/{their_load.pk}/").status_code == 404
    assert client.get(f"/api/sptas/{their_load.spta_id}/").status_code == 404
    assert client.get(f"/api/rendemen-analyses/{their_load.rendemen_analysis_id}/").status_code == (
        404
    )
    assert ids(client.get("/api/rendemen-analyses/")) == set(
        RendemenAnalysis.objects.filter(farmer=hw.farmer).values_list("pk", flat=True)
    )
    assert ids(client.get("/api/settlement-schemes/")) == set()  # mill-level, not the farmer's
    assert client.post(f"/api/delivery-orders/{mine.pk}/issue/").status_code == 403


def test_farmer_does_not_see_a_draft(hw, orders, client):
    load = deliver(hw, net_kg=D("10000"), rendemen=D("7"))
    draft = settled(hw, [load])
    user = farmer_user(hw.farmer)
    client.force_login(user)

    assert client.get(reverse("my-do", args=[draft.pk])).status_code == 404
    assert draft.pk not in ids(api(user).get("/api/delivery-orders/"))
    assert api(user).get(f"/api/delivery-orders/{draft.pk}/").status_code == 404


def test_field_staff_do_not_see_another_regions_do(hw, orders, client):
    client.force_login(hw.sinder)  # north only
    mine, south = orders["mine"], orders["south"]

    register = client.get(reverse("do-register")).content.decode().replace("<wbr>", "")
    assert mine.number in register and south.number not in register
    assert client.get(reverse("do-detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("do-detail", args=[south.pk])).status_code == 404
    assert client.get(reverse("do-print", args=[south.pk])).status_code == 404
    overdue = client.get(reverse("do-overdue") + "?days=0").content.decode().replace("<wbr>", "")
    assert south.number not in overdue
    south_spta = south.weighings.get().spta
    assert client.get(reverse("spta-detail", args=[south_spta.pk])).status_code == 404

    staff_api = api(hw.sinder)
    assert ids(staff_api.get("/api/delivery-orders/")) == {mine.pk}
    assert staff_api.get(f"/api/delivery-orders/{south.pk}/").status_code == 404
    assert staff_api.get(f"/api/sptas/{south_spta.pk}/").status_code == 404
    assert south_spta.pk not in ids(staff_api.get("/api/sptas/"))
    assert staff_api.get(f"/api/weighings/{south.weighings.get().pk}/").status_code == 404


def test_other_mill_staff_see_nothing_and_mill_wide_roles_see_the_mill(hw, orders):
    assert ids(api(hw.other_sinder).get("/api/delivery-orders/")) == set()
    assert ids(api(hw.other_sinder).get("/api/settlement-schemes/")) == set()
    every = {orders["mine"].pk, orders["south"].pk}
    assert ids(api(hw.manager).get("/api/delivery-orders/")) == every
    assert ids(api(hw.credit).get("/api/delivery-orders/")) == every
    assert ids(api(hw.manager).get("/api/settlement-schemes/")) == {hw.scheme.pk}
