"""A base map under the plot's shape when the mill sets a tile server (issue 14): the plot pages
carry the tile address and the geometry for the vendored Leaflet, in machine numbers; a mill
without a tile server gets no map script, stylesheet or tile request at all."""

import html
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from partners.validators import validate_tile_url_template
from tests.factories import PlotFactory, UserFactory, farmer_user, square

pytestmark = pytest.mark.django_db

TILES = "https://tiles.example.id/{z}/{x}/{y}.png?key=a&style=sat"
# Positive latitude and longitude: a decimal comma would read as a JSON separator, not an error.
SQUARE = square(113.4506, 1.5)


def with_tiles(mill, url=TILES, attribution="© Peta Uji"):
    mill.map_tile_url = url
    mill.map_tile_attribution = attribution
    mill.save()
    return mill


def map_box(page: str, code: str) -> dict[str, str]:
    testid = f'data-testid="plot-map-{re.escape(code)}"'
    found = re.search(rf'<div class="plot-map"[^>]*{testid}[^>]*>', page)
    assert found, f"no map for plot {code}"
    return {
        name: html.unescape(value)
        for name, value in re.findall(r'(data-[\w-]+)="([^"]*)"', found.group(0))
    }


def get(client, url: str) -> str:
    with translation.override("id"):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 200
    return response.content.decode()


def leaflet_in(page: str) -> bool:
    return "leaflet" in page.lower() or "plot_map" in page or "data-plot-map" in page


def test_staff_plot_page_carries_tiles_and_geometry_in_machine_numbers(world, client):
    with_tiles(world.mill)
    plot = PlotFactory(farmer=world.farmer, code="PETA", geometry=SQUARE)
    client.force_login(world.manager)
    page = get(client, f"/plots/{plot.pk}/")
    box = map_box(page, "PETA")
    assert box["data-tile-url"] == TILES
    assert box["data-attribution"] == "© Peta Uji"
    assert not re.search(r"\d,\d", box["data-geometry"]), "a decimal comma in the geometry"
    assert json.loads(box["data-geometry"]) == SQUARE
    assert "vendor/leaflet/leaflet.js" in page and "vendor/leaflet/leaflet.css" in page
    assert "partners/plot_map.js" in page
    # The server-drawn SVG stays in the page: it is what shows until a tile loads, or for good.
    assert 'data-testid="plot-shape-PETA"' in page


def test_farmer_sees_his_plot_on_the_map_and_not_his_neighbours(world):
    with_tiles(world.mill)
    PlotFactory(farmer=world.farmer, code="PUNYAKU", geometry=SQUARE)
    PlotFactory(farmer=world.south_farmer, code="TETANGGA", geometry=square(113.46, 1.5))
    client = Client()
    client.force_login(farmer_user(world.farmer))
    page = get(client, "/me/plots/")
    box = map_box(page, "PUNYAKU")
    assert json.loads(box["data-geometry"]) == SQUARE
    assert box["data-tile-url"] == TILES
    assert "TETANGGA" not in page and "113.46" not in page
    assert "vendor/leaflet/leaflet.js" in page


def test_a_point_plot_gets_the_map_too(world, client):
    with_tiles(world.mill)
    point = {"type": "Point", "coordinates": [113.4506, 1.5]}
    plot = PlotFactory(farmer=world.farmer, code="TITIK", geometry=point)
    client.force_login(world.manager)
    assert json.loads(map_box(get(client, f"/plots/{plot.pk}/"), "TITIK")["data-geometry"]) == point


def test_without_a_tile_server_no_map_is_loaded(world, client):
    plot = PlotFactory(farmer=world.farmer, code="TANPA", geometry=SQUARE)
    client.force_login(world.manager)
    page = get(client, f"/plots/{plot.pk}/")
    assert 'data-testid="plot-shape-TANPA"' in page
    assert not leaflet_in(page)
    me = Client()
    me.force_login(farmer_user(world.farmer))
    portal = get(me, "/me/plots/")
    assert "TANPA" in portal and not leaflet_in(portal)


def test_another_mills_tile_server_does_not_load_the_map(world, client):
    with_tiles(world.other_mill)
    plot = PlotFactory(farmer=world.farmer, code="TANPA", geometry=SQUARE)
    client.force_login(world.manager)
    assert not leaflet_in(get(client, f"/plots/{plot.pk}/"))


def test_a_plot_not_measured_yet_needs_no_map(world, client):
    with_tiles(world.mill)
    plot = PlotFactory(farmer=world.farmer, code="KOSONG", geometry=None)
    client.force_login(world.manager)
    assert not leaflet_in(get(client, f"/plots/{plot.pk}/"))


def test_the_attribution_is_text_not_markup(world, client):
    with_tiles(world.mill, attribution='<img src=x onerror="alert(1)">')
    plot = PlotFactory(farmer=world.farmer, code="AMAN", geometry=SQUARE)
    client.force_login(world.manager)
    page = get(client, f"/plots/{plot.pk}/")
    assert "<img src=x" not in page
    assert map_box(page, "AMAN")["data-attribution"] == '<img src=x onerror="alert(1)">'


@pytest.mark.parametrize(
    "url",
    [
        "",
        "https://tiles.example.id/{z}/{x}/{y}.png",
        "https://{s}.tile.example.id/{z}/{x}/{y}{r}.png?api_key=abc",
        "https://tms.example.id/{z}/{x}/{-y}.png",
        "http://localhost:8000/tiles/{z}/{x}/{y}.png",
        "http://127.0.0.1/tiles/{z}/{x}/{y}.png",
    ],
)
def test_tile_addresses_that_are_accepted(url):
    validate_tile_url_template(url)


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("http://tiles.example.id/{z}/{x}/{y}.png", "tile_url_https"),
        ("http://localhost.example.id/{z}/{x}/{y}.png", "tile_url_https"),
        ("https://tiles.example.id/{z}/{x}.png", "tile_placeholders_missing"),
        ("https://tiles.example.id/tile.png", "tile_placeholders_missing"),
        ("https://tiles.example.id/{z}/{x}/{y}.png?key={apikey}", "tile_placeholder"),
        ("tiles.example.id/{z}/{x}/{y}.png", "tile_url"),
        ("ftp://tiles.example.id/{z}/{x}/{y}.png", "tile_url"),
        ("javascript:alert(1)//{z}/{x}/{y}", "tile_url"),
    ],
)
def test_tile_addresses_that_are_refused(url, code):
    with pytest.raises(ValidationError) as refused:
        validate_tile_url_template(url)
    assert refused.value.code == code


def test_the_mill_admin_edits_the_tile_server_and_refuses_a_bad_one(world, client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = f"/admin/partners/mill/{world.mill.pk}/change/"
    page = client.get(url).content.decode()
    assert 'name="map_tile_url"' in page and 'name="map_tile_attribution"' in page
    form = {
        "company": world.mill.company_id,
        "code": world.mill.code,
        "name": world.mill.name,
        "map_tile_url": "http://tiles.example.id/{z}/{x}/{y}.png",
        "map_tile_attribution": "© Peta Uji",
    }
    refused = client.post(url, form)
    assert refused.status_code == 200 and "https://" in refused.content.decode()
    world.mill.refresh_from_db()
    assert world.mill.map_tile_url == ""
    accepted = client.post(url, {**form, "map_tile_url": TILES})
    assert accepted.status_code == 302
    world.mill.refresh_from_db()
    assert world.mill.map_tile_url == TILES
