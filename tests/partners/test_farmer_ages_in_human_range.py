"""A farmer's birth date and the year they began farming cane stay in a human range on every write
path (form, API, import, service) with the field's own message, and the database keeps the static
bounds: no birth date in 2099, no "farming since" 99999."""

from datetime import date

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from rest_framework.test import APIClient

from partners.imports import import_file
from partners.models import Farmer
from partners.services.farmers import register_farmer, update_farmer
from tests.partners.test_bulk_import import as_csv, farmer_rows

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year


@pytest.fixture
def english(client):
    """English messages (the msgids) in services and on the pages: the language cookie, as the
    language switch sets it, since requests are Indonesian whatever the test process uses."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


def _api(world):
    client = APIClient()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(world.sinder)
    return client


def _register(world, **fields):
    return register_farmer(
        by=world.sinder,
        mill=world.mill,
        region=world.north,
        nik="3509121212121212",
        name="Wagino",
        **fields,
    )


@pytest.mark.parametrize(
    ("birth_date", "words"),
    [
        (date(2099, 1, 1), "future"),
        (date(THIS_YEAR - 5, 1, 1), "5 years old"),
        (date(THIS_YEAR - 120, 1, 1), "120 years old"),
    ],
)
def test_a_birth_date_outside_a_farmers_life_is_refused(world, english, birth_date, words):
    with pytest.raises(ValidationError) as caught:
        _register(world, birth_date=birth_date)

    assert words in " ".join(caught.value.message_dict["birth_date"])
    assert not Farmer.objects.filter(nik="3509121212121212").exists()


AFTER_THIS_YEAR = f"The year farming began cannot be after this year ({THIS_YEAR})."


@pytest.mark.parametrize(
    ("year", "message"),
    [
        (99999, AFTER_THIS_YEAR),
        (THIS_YEAR + 1, AFTER_THIS_YEAR),
        (1899, "The year farming began cannot be before 1900."),
    ],
)
def test_farming_since_outside_1900_to_this_year_is_refused(world, english, year, message):
    with pytest.raises(ValidationError) as caught:
        update_farmer(farmer=world.farmer, by=world.sinder, changes={"farming_since_year": year})

    assert caught.value.message_dict["farming_since_year"] == [message]
    world.farmer.refresh_from_db()
    assert world.farmer.farming_since_year is None


def test_farming_before_about_ten_years_old_is_refused(world, english):
    with pytest.raises(ValidationError) as caught:
        _register(world, birth_date=date(1970, 5, 1), farming_since_year=1975)

    assert caught.value.message_dict["farming_since_year"] == [
        "Born in 1970, the farmer cannot have farmed cane before 1980."
    ]
    assert _register(world, birth_date=date(1970, 5, 1), farming_since_year=1985).pk


def test_the_form_shows_the_messages_beside_the_fields(world, client, english):
    client.force_login(world.sinder)

    response = client.post(
        "/farmers/new/",
        {
            "nik": "3509 1212 1212 1212",
            "name": "Wagino",
            "region": world.north.pk,
            "birth_date": "2099-01-01",
            "farming_since_year": "99999",
            "partner_type": "trk",
            "status": "active",
        },
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["birth_date"] == ["The birth date cannot be in the future."]
    assert errors["farming_since_year"] == [AFTER_THIS_YEAR]
    assert not Farmer.objects.filter(nik="3509121212121212").exists()


def test_the_api_refuses_them_on_create_and_change(world, english):
    api = _api(world)

    created = api.post(
        "/api/farmers/",
        {
            "nik": "3509121212121212",
            "name": "Wagino",
            "region": world.north.pk,
            "birth_date": "2099-01-01",
            "farming_since_year": 99999,
        },
        format="json",
    )
    changed = api.patch(
        f"/api/farmers/{world.farmer.pk}/", {"birth_date": "2099-01-01"}, format="json"
    )

    assert created.status_code == 400
    assert created.json()["errors"] == {
        "birth_date": ["The birth date cannot be in the future."],
        "farming_since_year": [AFTER_THIS_YEAR],
    }
    assert changed.status_code == 400
    assert changed.json()["errors"]["birth_date"] == ["The birth date cannot be in the future."]
    world.farmer.refresh_from_db()
    assert world.farmer.birth_date is None


def test_an_import_row_is_refused_with_the_message(world, english):
    rows = farmer_rows(world, 3)
    rows[1]["birth_date"] = "2099-01-01"
    rows[2]["farming_since_year"] = "99999"

    report = import_file(
        by=world.sinder, kind="farmers", name="petani.csv", content=as_csv(rows), dry_run=False
    )

    assert not report.committed
    messages = {error.row: " ".join(error.messages) for error in report.errors}
    assert "The birth date cannot be in the future." in messages[3]
    assert AFTER_THIS_YEAR in messages[4]
    assert not Farmer.objects.filter(nik=rows[0]["nik"]).exists()


@pytest.mark.parametrize("change", [{"farming_since_year": 1800}, {"birth_date": date(1850, 1, 1)}])
def test_the_database_keeps_the_static_bounds(world, change):
    with pytest.raises(IntegrityError), transaction.atomic():
        Farmer.objects.filter(pk=world.farmer.pk).update(**change)
