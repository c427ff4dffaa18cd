"""A negative or zero plot area is refused beside its field in the user's words, never with the
database constraint's name ("Batasan “plot_parts_not_negative” dilanggar"), on the form, the API
and the service alike."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from partners.models import Plot
from partners.services.plots import update_plot
from tests.factories import PlotFactory

pytestmark = pytest.mark.django_db

PLOT = {"code": "SEM-077-1", "land_type": "sawah", "crop_class": "pc", "ratoon_number": "0"}


def _no_constraint_name(text: str) -> None:
    assert "plot_parts_not_negative" not in text and "plot_area_positive" not in text
    assert "Batasan" not in text and "Constraint" not in text


def test_the_form_names_the_negative_part_beside_its_field(world, client):
    client.force_login(world.sinder)

    response = client.post(
        f"/farmers/{world.farmer.pk}/plots/new/", {**PLOT, "area_ha": "1", "rented_area_ha": "-1"}
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert "rented_area_ha" in form.errors
    assert not form.non_field_errors()
    _no_constraint_name(response.content.decode())
    assert not Plot.objects.filter(code="SEM-077-1").exists()


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("rented_area_ha", {"area_ha": "1", "own_area_ha": "2", "rented_area_ha": "-1"}),
        ("area_ha", {"area_ha": "-1", "own_area_ha": "-1", "rented_area_ha": "0"}),
    ],
)
def test_the_api_names_the_field(world, field, values):
    api = APIClient()
    api.force_login(world.sinder)

    response = api.post("/api/plots/", {**PLOT, "farmer": world.farmer.pk, **values}, format="json")

    assert response.status_code == 400
    assert field in response.json()["errors"]
    _no_constraint_name(response.content.decode())


def test_the_service_names_the_field(world):
    plot = PlotFactory(farmer=world.farmer)

    with pytest.raises(ValidationError) as caught:
        update_plot(
            plot=plot,
            by=world.sinder,
            changes={"own_area_ha": Decimal("2.5"), "rented_area_ha": Decimal("-1")},
        )

    assert set(caught.value.message_dict) == {"rented_area_ha"}
    _no_constraint_name(str(caught.value.message_dict))
