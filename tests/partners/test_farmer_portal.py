"""The farmer's own pages: profile, plots with shapes and registration status, the contract."""

from datetime import date

import pytest
from django.test import Client

from partners.services import contracts
from tests.factories import DocumentFactory, PlotFactory, farmer_user
from tests.partners.helpers import approved_plot

pytestmark = pytest.mark.django_db


@pytest.fixture
def me(world):
    client = Client()
    client.force_login(farmer_user(world.farmer))
    return client


def test_profile_shows_own_data_and_documents(world, me):
    DocumentFactory(farmer=world.farmer, original_name="ktp-saya.pdf")
    DocumentFactory(farmer=world.south_farmer, original_name="ktp-orang-lain.pdf")
    page = me.get("/me/").content.decode()
    assert world.farmer.nik in page and "ktp-saya.pdf" in page
    assert "ktp-orang-lain.pdf" not in page


def test_plots_page_shows_shapes_status_and_steps(world, me):
    plot = approved_plot(world)
    PlotFactory(farmer=world.south_farmer, code="NOT-MINE")
    page = me.get("/me/plots/").content.decode()
    assert plot.code in page and "NOT-MINE" not in page
    assert f'data-testid="plot-shape-{plot.code}"' in page
    assert str(plot.get_registration_status_display()) in page
    assert world.manager.get_full_name() in page  # who took each step


def test_contract_page_shows_the_current_contract(world, me):
    plot = approved_plot(world)
    contract = contracts.create_contract(
        by=world.sinder, farmer=world.farmer, season=world.season, plots=[plot], partner_type="trk"
    )
    contracts.sign_contract(contract=contract, by=world.sinder, signed_on=date.today())
    page = me.get("/me/contracts/").content.decode()
    assert contract.number in page and 'data-testid="open-contract"' in page
    assert me.get(f"/contracts/{contract.pk}/").status_code == 200


def test_staff_cannot_use_the_farmer_pages(world, client):
    client.force_login(world.sinder)
    assert client.get("/me/").status_code == 403


def test_farmer_home_links_to_plots_and_contract(world, me):
    page = me.get("/").content.decode()
    assert "/me/plots/" in page and world.farmer.nik in page
