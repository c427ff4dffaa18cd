"""The farmer's DO list runs a fixed number of queries however many DOs there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from harvest.services.delivery_orders import issue_do
from tests.factories import DeliveryOrderFactory, farmer_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pages_drawn(settings):
    """What drawing the pages reads; a kept page reads none of it (test_farmer_pages_kept)."""
    settings.FARMER_PAGE_CACHE_SECONDS = 0


def queries_for_list(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("my-dos"))
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_farmer_do_list_runs_the_same_queries_at_5_and_100_dos(hw, client):
    client.force_login(farmer_user(hw.farmer))
    manager = hw.manager
    DeliveryOrderFactory.create_batch(5, farmer=hw.farmer, scheme=hw.scheme, created_by=manager)

    at_five, page = queries_for_list(client)
    assert page.count('data-testid="do-card"') == 5

    DeliveryOrderFactory.create_batch(95, farmer=hw.farmer, scheme=hw.scheme, created_by=manager)
    at_hundred, page = queries_for_list(client)

    assert page.count('data-testid="do-card"') == 50  # first page of 50
    assert at_hundred == at_five
    assert at_five <= 10


def test_farmer_do_page_queries_do_not_grow_with_its_deliveries(hw, client):
    from decimal import Decimal

    from tests.harvest.helpers import deliver, settled

    client.force_login(farmer_user(hw.farmer))
    counts = []
    for loads in (1, 4):
        weighings = [
            deliver(hw, net_kg=Decimal("10000"), rendemen=Decimal("7")) for _ in range(loads)
        ]
        order = issue_do(do=settled(hw, weighings), by=hw.manager)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("my-do", args=[order.pk]))
        assert response.status_code == 200
        assert response.content.decode().count('data-testid="do-delivery"') == loads
        counts.append(len(captured))

    assert counts[0] == counts[1]


def test_the_farmers_api_list_runs_the_same_queries_at_3_and_30_dos(hw):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(farmer_user(hw.farmer))
    manager = hw.manager

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = api.get("/api/delivery-orders/")
        assert response.status_code == 200 and response.json()["results"]
        return len(captured)

    DeliveryOrderFactory.create_batch(3, farmer=hw.farmer, scheme=hw.scheme, created_by=manager)
    at_three = queries()
    DeliveryOrderFactory.create_batch(27, farmer=hw.farmer, scheme=hw.scheme, created_by=manager)
    assert queries() == at_three
