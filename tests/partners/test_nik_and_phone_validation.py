"""NIK is exactly 16 digits and unique; phones are stored as +62… whatever way they were typed."""

import pytest
from django.core.exceptions import ValidationError

from partners.models import Farmer
from partners.services.farmers import register_farmer, update_farmer
from partners.validators import normalize_nik, normalize_phone

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "typed",
    [
        "081234567890",
        "0812-3456-7890",
        "0812 3456 7890",
        "62 812 3456 7890",
        "+6281234567890",
        "(0812) 3456.7890",
        "81234567890",
    ],
)
def test_phone_numbers_are_normalised_to_plus_62(typed):
    assert normalize_phone(typed) == "+6281234567890"


def test_landline_with_area_code_is_accepted():
    assert normalize_phone("0331 487 123") == "+62331487123"


@pytest.mark.parametrize("typed", ["12345", "0812", "+1 202 555 0100", "08123456789012345", "abc"])
def test_wrong_phone_numbers_are_refused(typed):
    with pytest.raises(ValidationError):
        normalize_phone(typed)


def test_empty_phone_stays_empty():
    assert normalize_phone("") == ""


def test_nik_written_in_groups_is_stored_as_16_digits():
    assert normalize_nik("3509 1201 0101 0001") == "3509120101010001"


@pytest.mark.parametrize("typed", ["350912010101000", "35091201010100011", "3509A20101010001", ""])
def test_nik_must_be_exactly_16_digits(typed):
    with pytest.raises(ValidationError):
        normalize_nik(typed)


def test_register_farmer_normalises_phone_and_refuses_bad_nik(world):
    farmer = register_farmer(
        by=world.sinder,
        mill=world.mill,
        region=world.north,
        nik="3509 1201 0101 0099",
        name="Wagiman",
        phone="0812-3456-7890",
    )
    assert farmer.nik == "3509120101010099"
    assert farmer.phone == "+6281234567890"
    with pytest.raises(ValidationError) as error:
        register_farmer(by=world.sinder, mill=world.mill, region=world.north, nik="123", name="X")
    assert "nik" in error.value.message_dict


def test_nik_is_unique(world):
    with pytest.raises(ValidationError) as error:
        register_farmer(
            by=world.sinder, mill=world.mill, region=world.north, nik=world.farmer.nik, name="Dup"
        )
    assert "nik" in error.value.message_dict
    assert Farmer.objects.filter(nik=world.farmer.nik).count() == 1


def test_bad_phone_is_reported_on_the_phone_field(world):
    with pytest.raises(ValidationError) as error:
        update_farmer(farmer=world.farmer, by=world.sinder, changes={"phone": "12"})
    assert "phone" in error.value.message_dict


def test_database_refuses_a_nik_that_is_not_16_digits(world):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Farmer.objects.filter(pk=world.farmer.pk).update(nik="123")
