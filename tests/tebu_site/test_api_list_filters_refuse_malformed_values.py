"""API list filters with malformed values (issue 13): an id filter given ``1.5``, ``1e999999``,
10**23 or ``²`` is a 400 in the project's error shape, naming the filter, never a 500; a search
with a NUL character or an unknown ordering is no server error either. (The schemathesis test
fuzzes every operation from the schema; this pins the values a schema does not suggest.)"""

import pytest
from rest_framework.test import APIClient

from tests.factories import PlotFactory
from tests.partners.conftest import _fast_password_hashing, world  # noqa: F401

pytestmark = pytest.mark.django_db

NOT_IDS = ["abc", "1.5", "NaN", "inf", "1e999999", "99999999999999999999999", "²", "-1"]


@pytest.fixture
def api(world):  # noqa: F811 (the fixture, imported above)
    client = APIClient()
    client.force_authenticate(world.sinder)
    return client


@pytest.mark.parametrize("value", NOT_IDS)
@pytest.mark.parametrize(
    "path, name",
    [
        ("/api/plots/", "farmer"),
        ("/api/documents/", "plot"),
        ("/api/contracts/", "farmer"),
        ("/api/delivery-orders/", "farmer"),
        ("/api/sptas/", "farmer"),
        ("/api/farmers/", "region"),
        ("/api/credit/applications/", "farmer"),
        ("/api/surveys/responses/", "farmer"),
    ],
)
def test_an_id_filter_with_no_id_is_a_400_naming_the_filter(api, path, name, value):
    response = api.get(path, {name: value})
    assert response.status_code == 400, (path, name, value, response.status_code)
    assert name in response.json()["errors"]


def test_an_id_filter_with_a_real_id_still_filters(world, api):  # noqa: F811
    plot = PlotFactory(farmer=world.farmer)
    PlotFactory(farmer=world.farmer)
    response = api.get("/api/plots/", {"farmer": world.farmer.pk})
    assert response.status_code == 200
    assert plot.pk in [row["id"] for row in response.json()["results"]]
    assert api.get("/api/plots/", {"farmer": world.south_farmer.pk}).json()["count"] == 0


@pytest.mark.parametrize("value", ["\x00", "a\x00b", "x" * 5000, "ñ€😀\u202e"])
@pytest.mark.parametrize("path", ["/api/farmers/", "/api/plots/", "/api/credit/applications/"])
def test_a_search_with_odd_text_is_no_server_error(api, path, value):
    response = api.get(path, {"search": value})
    assert response.status_code in (200, 400), (path, value, response.status_code)


@pytest.mark.parametrize("value", ["abc", "-", "\x00", "name,,", "1e999999"])
def test_an_unknown_ordering_is_no_server_error(api, value):
    assert api.get("/api/farmers/", {"ordering": value}).status_code in (200, 400)


@pytest.mark.parametrize("page", ["abc", "0", "-1", "NaN", "99999999999999999999999", "²"])
@pytest.mark.parametrize("path", ["/api/farmers/", "/api/delivery-orders/", "/api/weighings/"])
def test_a_bad_page_number_is_a_404_not_a_500(api, path, page):
    assert api.get(path, {"page": page}).status_code == 404


@pytest.mark.parametrize("page", ["abc", "0", "NaN", "99999999999999999999999", "²", "\x00"])
def test_a_bad_page_number_on_the_do_register_opens_the_first_page(world, client, page):  # noqa: F811
    client.force_login(world.manager)
    response = client.get("/do/", {"page": page})
    assert response.status_code == 200 and response.context["page"].number == 1
