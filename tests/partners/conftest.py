"""A small world for the registry tests: two mills, the first with two regions, a sinder for the
north region, a QC officer and a manager of the first mill, and one farmer per region."""

from dataclasses import dataclass

import pytest

from partners.models import Mill, Region
from tebu_site.models import Role
from tests.factories import (
    ContractTemplateFactory,
    DesaFactory,
    FarmerFactory,
    RegionFactory,
    SeasonFactory,
    UserFactory,
)


@dataclass
class World:
    mill: Mill
    other_mill: Mill
    north: Region
    south: Region
    other_region: Region
    sinder: object
    qc: object
    manager: object
    other_sinder: object
    farmer: object
    south_farmer: object
    other_farmer: object
    season: object
    desa: object


@pytest.fixture
def world(db) -> World:
    north = RegionFactory(name="Wilayah Utara", code="utara")
    mill = north.mill
    south = RegionFactory(mill=mill, name="Wilayah Selatan", code="selatan")
    other_region = RegionFactory(name="Wilayah Timur", code="timur")
    season = SeasonFactory(mill=mill, name="2025/2026", is_current=True)
    SeasonFactory(mill=other_region.mill, name="2025/2026", is_current=True)
    ContractTemplateFactory(mill=mill)
    desa = DesaFactory(name="Sidomekar")
    return World(
        mill=mill,
        other_mill=other_region.mill,
        north=north,
        south=south,
        other_region=other_region,
        sinder=UserFactory(role=Role.FIELD_STAFF, mills=[mill], regions=[north]),
        qc=UserFactory(role=Role.QC, mills=[mill]),
        manager=UserFactory(role=Role.MANAGER, mills=[mill]),
        other_sinder=UserFactory(
            role=Role.FIELD_STAFF, mills=[other_region.mill], regions=[other_region]
        ),
        farmer=FarmerFactory(region=north, name="Buriyanto", desa=desa),
        south_farmer=FarmerFactory(region=south, name="Sumarni"),
        other_farmer=FarmerFactory(region=other_region, name="Mahmuji"),
        season=season,
        desa=desa,
    )


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real hashing costs a third of a second per user; these tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
