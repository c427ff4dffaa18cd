"""A NIK held by a farmer the user may not see (another mill's, another region's) is refused with
one message that says only that the NIK cannot be used here and whom to ask: the same words in
every case, by import, API and form, so nobody learns that the person exists elsewhere."""

import pytest
from rest_framework.test import APIClient

from partners.imports import import_file
from partners.models import Farmer
from partners.services.farmers import NIK_UNUSABLE
from tests.partners.test_bulk_import import as_csv, farmer_rows

pytestmark = pytest.mark.django_db

REVEALING = ("another mill", "region", "wilayah", "pabrik gula atau", "already", "sudah ada")


def _holders(world):
    """Another mill's farmer, and a farmer of the sinder's mill in a region not theirs."""
    return [world.other_farmer, world.south_farmer]


def _assert_reveals_nothing(text: str) -> None:
    assert str(NIK_UNUSABLE) in text
    lowered = text.replace(str(NIK_UNUSABLE), "").lower()
    assert not any(word in lowered for word in REVEALING), text


def test_import_rows_get_the_same_message(world):
    rows = farmer_rows(world, 3)
    rows[1]["nik"] = world.other_farmer.nik
    rows[2]["nik"] = world.south_farmer.nik

    report = import_file(
        by=world.sinder, kind="farmers", name="petani.csv", content=as_csv(rows), dry_run=True
    )

    messages = [" ".join(error.messages) for error in report.errors]
    assert len(messages) == 2 and messages[0] == messages[1]
    _assert_reveals_nothing(messages[0])


@pytest.mark.parametrize("holder", ["other_farmer", "south_farmer"])
def test_the_api_gives_the_same_message(world, holder):
    api = APIClient()
    api.force_login(world.sinder)

    response = api.post(
        "/api/farmers/",
        {"nik": getattr(world, holder).nik, "name": "Wagino", "region": world.north.pk},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"nik": [str(NIK_UNUSABLE)]}
    assert Farmer.objects.filter(name="Wagino").count() == 0


@pytest.mark.parametrize("holder", ["other_farmer", "south_farmer"])
def test_the_form_gives_the_same_message(world, client, holder):
    client.force_login(world.sinder)

    response = client.post(
        "/farmers/new/",
        {
            "nik": getattr(world, holder).nik,
            "name": "Wagino",
            "region": world.north.pk,
            "partner_type": "trk",
            "status": "active",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["nik"] == [str(NIK_UNUSABLE)]


def test_a_duplicate_the_user_can_see_is_still_named_as_one(world):
    api = APIClient()
    api.force_login(world.sinder)

    response = api.post(
        "/api/farmers/",
        {"nik": world.farmer.nik, "name": "Wagino", "region": world.north.pk},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"]["nik"] != [str(NIK_UNUSABLE)]
