"""Long lists page without counting the whole list (issue 18): a page fetches one row more than it
shows to know whether there is a next one; a page number that is not one is a 404 on the API and
the first page on a page, never a 500."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tebu_site.pagination import NoCountPagination
from tests.factories import DeliveryOrderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(hw):
    client = APIClient()
    client.force_authenticate(hw.manager)
    return client


def test_the_api_pages_dos_without_a_count(hw, api, monkeypatch):
    # page_size is read from PAGE_SIZE once, when DRF's pagination class is defined
    monkeypatch.setattr(NoCountPagination, "page_size", 2)
    for _ in range(3):
        DeliveryOrderFactory(farmer=hw.farmer)
    with CaptureQueriesContext(connection) as captured:
        first = api.get("/api/delivery-orders/").json()
    assert not any("COUNT(" in q["sql"].upper() for q in captured)
    assert first["count"] is None and len(first["results"]) == 2 and first["next"]
    second = api.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None and second["previous"]


@pytest.mark.parametrize("page", ["abc", "0", "-1", "99999999999999999999"])
def test_a_page_that_is_not_one_is_a_404_on_the_api(hw, api, page):
    assert api.get(f"/api/delivery-orders/?page={page}").status_code == 404


def test_the_register_pages_without_a_count(hw, client):
    for _ in range(30):
        DeliveryOrderFactory(farmer=hw.farmer)
    client.force_login(hw.manager)
    with CaptureQueriesContext(connection) as captured:
        body = client.get("/do/?status=issued").content.decode()
    assert 'data-testid="page-next"' in body
    assert not any(
        "COUNT(" in q["sql"].upper() and "harvest_deliveryorder" in q["sql"] for q in captured
    )
    assert client.get("/do/?page=abc").status_code == 200  # the first page
