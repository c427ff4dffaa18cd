"""Decimal commas belong in text only: in Indonesian, a plot's SVG coordinates and the link to the
phone's map app keep machine numbers (issue 14.5: `cx="50,0"`, `geo:-8,1906,113,4506`)."""

import re

import pytest
from django.test import Client

from tests.factories import PlotFactory, farmer_user

pytestmark = pytest.mark.django_db

POINT = {"type": "Point", "coordinates": [113.4506, -8.1906]}
SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [[113.45, -8.2], [113.451, -8.2], [113.451, -8.201], [113.45, -8.201], [113.45, -8.2]]
    ],
}


def numbers_in(attribute: str, page: str) -> list[str]:
    return re.findall(rf'{attribute}="([^"]*)"', page)


def test_a_point_plot_draws_with_machine_numbers_in_indonesian(world):
    PlotFactory(farmer=world.farmer, code="TITIK", geometry=POINT)
    client = Client()
    client.force_login(farmer_user(world.farmer))
    page = client.get("/me/plots/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    centres = numbers_in("cx", page) + numbers_in("cy", page)
    assert centres and all("," not in value for value in centres)
    assert all(float(value) >= 0 for value in centres)


def test_a_drawn_plot_keeps_its_path_and_view_box_machine_readable(world):
    PlotFactory(farmer=world.farmer, code="PETAK", geometry=SQUARE)
    client = Client()
    client.force_login(farmer_user(world.farmer))
    page = client.get("/me/plots/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    boxes = numbers_in("viewBox", page)
    assert boxes and all("," not in box for box in boxes)


def test_the_map_app_link_has_machine_coordinates(world, client):
    plot = PlotFactory(farmer=world.farmer, code="TITIK", geometry=POINT)
    client.force_login(world.manager)
    page = client.get(f"/plots/{plot.pk}/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    link = re.search(r'href="geo:([^"]*)"', page)
    assert link, "the plot page offers the phone's map app"
    latitude, longitude = link.group(1).split(",")
    assert float(latitude) == pytest.approx(-8.1906, abs=1e-3)
    assert float(longitude) == pytest.approx(113.4506, abs=1e-3)
