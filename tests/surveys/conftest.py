import pytest

from surveys import services
from tebu_site.models import Role
from tests.factories import FarmerFactory, RegionFactory, SurveyRoundFactory, UserFactory


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Factories set a password per user; the production hasher makes that slow in bulk."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world():
    """One mill with two regions; partners and a non-partner; a manager, a sinder of the north,
    a manager of another mill; and a draft round of the mill."""
    north = RegionFactory(name="Wilayah Utara")
    mill = north.mill
    south = RegionFactory(mill=mill, name="Wilayah Selatan")
    farmers = {
        "north_trk": FarmerFactory(region=north, partner_type="trk"),
        "north_trm": FarmerFactory(region=north, partner_type="trm"),
        "south_trk": FarmerFactory(region=south, partner_type="trk"),
        "south_non": FarmerFactory(region=south, partner_type="non_partner"),
    }
    other_region = RegionFactory()
    survey_round = SurveyRoundFactory(season__mill=mill, name="Survei kepuasan uji")
    return {
        "mill": mill,
        "north": north,
        "south": south,
        "farmers": farmers,
        "round": survey_round,
        "manager": UserFactory(role=Role.MANAGER, mills=[mill]),
        "analyst": UserFactory(role=Role.ANALYST, mills=[mill]),
        "sinder": UserFactory(role=Role.FIELD_STAFF, mills=[mill], regions=[north]),
        "other_region": other_region,
        "other_farmer": FarmerFactory(region=other_region),
        "other_manager": UserFactory(role=Role.MANAGER, mills=[other_region.mill]),
    }


@pytest.fixture
def open_round(world):
    world["round"] = services.open_round(survey_round=world["round"], by=world["manager"])
    return world["round"]
