"""Field staff draw a plot by walking its boundary (issue 14): on a phone, "Add my position"
appends the GPS fix to the plot's coordinates at each corner, and the preview follows."""

import pytest

from partners.demo import load_demo
from partners.models import Farmer
from tests.e2e.conftest import screenshot
from tests.e2e.test_registry_flow import log_in

pytestmark = pytest.mark.django_db(transaction=True)

CORNERS = [(-8.3, 113.5), (-8.3, 113.5009), (-8.3009, 113.5009)]


@pytest.fixture
def gps_phone(browser):
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        device_scale_factor=1,
        geolocation={"latitude": CORNERS[0][0], "longitude": CORNERS[0][1], "accuracy": 4},
        permissions=["geolocation"],
    )
    page = context.new_page()
    yield page, context
    context.close()


def test_walking_the_boundary_fills_the_coordinates(live_server, gps_phone):
    phone, context = gps_phone
    load_demo()
    farmer = Farmer.objects.filter(region__name="Wilayah Utara").order_by("pk").first()
    log_in(phone, live_server.url, "sinder", "tebu-sinder-2026")
    phone.goto(f"{live_server.url}/farmers/{farmer.pk}/plots/new/")
    button = phone.get_by_test_id("gps-add-button")
    for number, (latitude, longitude) in enumerate(CORNERS, start=1):
        context.set_geolocation({"latitude": latitude, "longitude": longitude, "accuracy": 4})
        button.click()
        status = phone.get_by_test_id("gps-status")
        status.filter(has_text=f"{number}").wait_for()
    lines = phone.input_value("#id_coordinates").splitlines()
    assert lines == [f"{lat:.6f}, {lon:.6f}" for lat, lon in CORNERS]
    assert "4 m" in phone.get_by_test_id("gps-status").inner_text()
    # The preview reads the points as they come (three points draw the shape).
    phone.locator("#geometry-preview svg").wait_for()
    screenshot(phone, "plot-gps-walk-phone")
