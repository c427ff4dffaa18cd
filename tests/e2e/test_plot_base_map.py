"""The plot on its mill's base map (issue 14), in a real browser on a 360 px phone: with a tile
server set, Leaflet draws the plot over the tiles; when the tiles cannot be reached the server's
drawing stays; without a tile server the page asks for neither Leaflet nor a tile."""

import struct
import zlib

import pytest

from tebu_site.models import Role
from tests.e2e.conftest import screenshot
from tests.e2e.test_registry_flow import log_in
from tests.factories import (
    TEST_PASSWORD,
    PlotFactory,
    RegionFactory,
    UserFactory,
    farmer_user,
    square,
)

pytestmark = pytest.mark.django_db(transaction=True)


def png(width=256, height=256, rgb=(214, 226, 200)) -> bytes:
    """A plain tile, so the test needs no tile server on the internet."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


TILE = png()


@pytest.fixture
def plot_world(live_server):
    region = RegionFactory(name="Wilayah Utara", code="utara")
    manager = UserFactory(username="manajer", role=Role.MANAGER, mills=[region.mill])
    plot = PlotFactory(
        farmer__region=region, code="PETA-01", geometry=square(113.5, -8.3, side_m=120)
    )
    return region.mill, manager, plot


def set_tiles(mill, base_url: str) -> None:
    mill.map_tile_url = f"{base_url}/tiles/{{z}}/{{x}}/{{y}}.png"
    mill.map_tile_attribution = "© Peta Uji"
    mill.full_clean()  # the address passes the same check as in the admin
    mill.save()


def serve_tiles(page) -> list[str]:
    seen: list[str] = []

    def answer(route):
        seen.append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=TILE)

    page.route("**/tiles/**", answer)
    return seen


def assert_fits_the_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_staff_see_the_plot_on_the_base_map(live_server, phone, plot_world):
    mill, manager, plot = plot_world
    set_tiles(mill, live_server.url)
    seen = serve_tiles(phone)
    log_in(phone, live_server.url, manager.username, TEST_PASSWORD)
    phone.goto(f"{live_server.url}/plots/{plot.pk}/")
    box = phone.get_by_test_id("plot-map-PETA-01")
    phone.locator(".plot-map-frame.plot-map-ready").wait_for()
    assert "leaflet-container" in box.get_attribute("class")
    assert "plot-map-loading" not in box.get_attribute("class") and box.is_visible()
    assert box.locator("path.leaflet-interactive").count() == 1  # the plot's polygon
    assert box.locator("img.leaflet-tile-loaded").count() >= 1
    assert seen and all("/tiles/" in url and url.endswith(".png") for url in seen)
    assert "© Peta Uji" in box.locator(".leaflet-control-attribution").inner_text()
    # The map took the drawing's place: the SVG is still there, hidden under it.
    assert not phone.get_by_test_id("plot-shape-PETA-01").is_visible()
    width = box.bounding_box()["width"]
    assert 200 <= width <= 360
    assert_fits_the_phone(phone)
    screenshot(phone, "plot-base-map-staff-phone")


def test_the_farmer_sees_his_plot_on_the_base_map(live_server, phone, plot_world):
    mill, _manager, plot = plot_world
    set_tiles(mill, live_server.url)
    seen = serve_tiles(phone)
    user = farmer_user(plot.farmer, username="petani")
    log_in(phone, live_server.url, user.username, TEST_PASSWORD)
    phone.goto(f"{live_server.url}/me/plots/")
    box = phone.get_by_test_id("plot-map-PETA-01")
    box.locator("img.leaflet-tile-loaded").first.wait_for()
    assert box.is_visible() and box.locator("path.leaflet-interactive").count() == 1
    assert seen
    assert_fits_the_phone(phone)
    screenshot(phone, "plot-base-map-farmer-phone")


def test_unreachable_tiles_leave_the_drawing(live_server, phone, plot_world):
    mill, manager, plot = plot_world
    set_tiles(mill, live_server.url)
    seen: list[str] = []

    def refuse(route):
        seen.append(route.request.url)
        route.abort("internetdisconnected")

    phone.route("**/tiles/**", refuse)
    log_in(phone, live_server.url, manager.username, TEST_PASSWORD)
    phone.goto(f"{live_server.url}/plots/{plot.pk}/")
    box = phone.get_by_test_id("plot-map-PETA-01")
    box.wait_for(state="hidden")
    phone.wait_for_function(
        "document.querySelector('[data-plot-map]').hidden"
        " && !document.querySelector('.plot-map-loading')"
    )
    assert seen, "Leaflet asked for tiles"
    assert phone.get_by_test_id("plot-shape-PETA-01").is_visible()
    assert phone.locator(".plot-map-ready").count() == 0


def test_without_a_tile_server_nothing_map_related_is_requested(live_server, phone, plot_world):
    _mill, manager, plot = plot_world
    requested: list[str] = []
    phone.on("request", lambda request: requested.append(request.url))
    log_in(phone, live_server.url, manager.username, TEST_PASSWORD)
    phone.goto(f"{live_server.url}/plots/{plot.pk}/")
    phone.wait_for_load_state("networkidle")
    assert phone.get_by_test_id("plot-shape-PETA-01").is_visible()
    assert phone.locator("[data-plot-map], .leaflet-container").count() == 0
    assert not [url for url in requested if "leaflet" in url or "tiles" in url or "plot_map" in url]
