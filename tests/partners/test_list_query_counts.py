"""The farmer list page and the API lists run a fixed number of queries whatever the number of
farmers: the same count at 20 and at 200."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.factories import (
    DocumentFactory,
    FarmerFactory,
    FarmerGroupFactory,
    PlotFactory,
    SeasonContractFactory,
)

pytestmark = pytest.mark.django_db

PATHS = [
    "/farmers/",
    "/farmers/?q=a&partner_type=trk",
    "/farmers/?registration_status=submitted",
    "/api/farmers/",
    "/api/farmers/?registration_status=submitted&search=a",
    "/plots/",
    "/api/plots/",
    "/api/contracts/",
    "/api/documents/",
]


def add_farmers(world, count):
    group = FarmerGroupFactory(region=world.north)
    for _ in range(count):
        farmer = FarmerFactory(region=world.north, desa=world.desa, group=group)
        plot = PlotFactory(farmer=farmer)
        SeasonContractFactory(farmer=farmer, season=world.season, plots=[plot])
        DocumentFactory(farmer=farmer, plot=plot, uploaded_by=world.sinder)


def queries_for(user, path):
    client = APIClient()
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured)


@pytest.mark.parametrize("viewer", ["sinder", "manager"])
def test_lists_run_the_same_queries_at_20_and_200_farmers(world, viewer):
    user = getattr(world, viewer)
    add_farmers(world, 19)  # + the world's own north farmer = 20
    small = {path: queries_for(user, path) for path in PATHS}
    add_farmers(world, 180)
    large = {path: queries_for(user, path) for path in PATHS}
    assert large == small
    assert max(small.values()) <= 20
