"""The staff farmer search at a mill's scale (issue 18): each farmer's plot count and area are
right, the total counts the farmers found without joining their plots, and a page reads the same
queries whatever the number of farmers found."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import FarmerFactory, PlotFactory

pytestmark = pytest.mark.django_db


def search(client, q: str):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("farmer-list"), {"q": q})
    assert response.status_code == 200
    return response, captured


def test_each_farmer_shows_his_plots_and_the_total_reads_the_farmers_alone(world, client):
    two_plots = FarmerFactory(region=world.north, name="Karto Dua")
    PlotFactory(farmer=two_plots, area_ha=Decimal("1.2500"))
    PlotFactory(farmer=two_plots, area_ha=Decimal("0.5000"))
    FarmerFactory(region=world.north, name="Karto Nol")
    client.force_login(world.manager)

    response, captured = search(client, "Karto")

    shown = {
        farmer.name: (farmer.plot_count, farmer.plot_area_ha) for farmer in response.context["page"]
    }
    assert shown == {"Karto Dua": (2, Decimal("1.7500")), "Karto Nol": (0, Decimal("0"))}
    assert response.context["page"].paginator.count == 2
    # The page's total: Django's paginator counts the filtered farmers.
    total = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].startswith("SELECT COUNT(*)") and "partners_farmer" in q["sql"]
    ]
    assert len(total) == 1 and "partners_plot" not in total[0]


def test_the_same_queries_for_3_and_30_farmers_found(world, client):
    client.force_login(world.manager)
    for n in range(3):
        PlotFactory(farmer=FarmerFactory(region=world.north, name=f"Sastro {n}"))
    _, at_three = search(client, "Sastro")
    for n in range(3, 30):
        PlotFactory(farmer=FarmerFactory(region=world.south, name=f"Sastro {n}"))
    response, at_thirty = search(client, "Sastro")
    assert len(response.context["page"]) > 3
    assert len(at_thirty) == len(at_three)
