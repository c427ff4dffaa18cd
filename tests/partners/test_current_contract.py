"""The farmer's current contract: the one of the mill's current season, else the latest signed
one; never a cancelled one nor another farmer's. The home card reads it in one query."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.models import ContractStatus
from partners.selectors import current_contract, current_contract_glance
from tests.factories import SeasonContractFactory, SeasonFactory, farmer_user

pytestmark = pytest.mark.django_db


def _contract(world, season, status, farmer=None):
    return SeasonContractFactory(
        farmer=farmer or world.farmer,
        season=season,
        status=status,
        signed_on=date(2025, 5, 1) if status == ContractStatus.SIGNED else None,
    )


@pytest.mark.parametrize("read", [current_contract, current_contract_glance])
def test_the_current_seasons_contract_comes_before_an_older_signed_one(world, read):
    older = SeasonFactory(mill=world.mill, name="2024/2025", is_current=False)
    _contract(world, older, ContractStatus.SIGNED)
    current = _contract(world, world.season, ContractStatus.DRAFT)
    assert read(farmer_user(world.farmer), world.farmer) == current


@pytest.mark.parametrize("read", [current_contract, current_contract_glance])
def test_without_one_this_season_the_latest_signed_one(world, read):
    world.season.is_current = False
    world.season.save()
    oldest = SeasonFactory(mill=world.mill, name="2023/2024", is_current=False)
    older = SeasonFactory(mill=world.mill, name="2024/2025", is_current=False)
    _contract(world, oldest, ContractStatus.SIGNED)
    latest = _contract(world, older, ContractStatus.SIGNED)
    _contract(world, world.season, ContractStatus.CANCELLED)
    user = farmer_user(world.farmer)
    assert read(user, world.farmer) == latest
    assert read(farmer_user(world.south_farmer), world.farmer) is None  # not his


def test_home_card_contract_is_one_query(world):
    _contract(world, world.season, ContractStatus.SIGNED)
    user = farmer_user(world.farmer)
    with CaptureQueriesContext(connection) as queries:
        contract = current_contract_glance(user, world.farmer)
        shown = (contract.season.name, contract.get_status_display(), contract.signed_on)
    assert shown[0] == world.season.name
    assert len(queries) == 1
