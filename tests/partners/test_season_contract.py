"""A season contract: drafted from the mill's template, holds approved plots, printed, signed;
signing contracts the plots and sets the farmer's partner type for the current season."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from partners.models import ContractStatus, PartnershipPattern, PartnerType
from partners.models import RegistrationStatus as S
from partners.services import contracts
from tests.factories import PlotFactory, SeasonFactory, farmer_user
from tests.partners.helpers import approved_plot

pytestmark = pytest.mark.django_db


def draft(world, plots, **kwargs):
    return contracts.create_contract(
        by=world.sinder,
        farmer=world.farmer,
        season=world.season,
        plots=plots,
        partner_type=kwargs.pop("partner_type", PartnerType.TRK),
        **kwargs,
    )


def test_draft_takes_pattern_and_clauses_from_the_mill_template(world):
    contract = draft(world, [approved_plot(world)])
    assert contract.status == ContractStatus.DRAFT
    assert contract.partnership_pattern == PartnershipPattern.CREDIT_PARTNERSHIP
    assert contract.clauses == [
        "Deliver all cane from the registered plots to the mill.",
        "Follow the guidance.",
    ]
    assert contract.number == f"{world.mill.code.upper()}/2025/2026/0001"
    assert contract.mill == world.mill and contract.season == world.season


def test_only_approved_plots_of_the_farmer_can_be_contracted(world):
    submitted = PlotFactory(farmer=world.farmer)
    someone_elses = approved_plot(world, farmer=world.south_farmer, code="P-900", lon=113.5)
    with pytest.raises(ValidationError) as error:
        draft(world, [submitted, someone_elses])
    messages = error.value.message_dict["plots"]
    assert any(submitted.code in m for m in messages)
    assert any(someone_elses.code in m for m in messages)


def test_one_contract_per_farmer_and_season(world):
    draft(world, [approved_plot(world)])
    with pytest.raises(ValidationError):
        draft(world, [])


def test_signing_contracts_the_plots_and_sets_the_partner_type(world):
    plot = approved_plot(world)
    world.farmer.partner_type = PartnerType.NON_PARTNER
    world.farmer.partner_since = None
    world.farmer.save()
    contract = draft(world, [plot], partner_type=PartnerType.TRM)
    contracts.sign_contract(contract=contract, by=world.sinder, signed_on=date.today())
    contract.refresh_from_db()
    plot.refresh_from_db()
    world.farmer.refresh_from_db()
    assert contract.status == ContractStatus.SIGNED
    assert contract.signed_on == date.today() and contract.signed_recorded_by == world.sinder
    assert plot.registration_status == S.CONTRACTED
    assert world.farmer.partner_type == PartnerType.TRM
    assert world.farmer.partner_since == 2025


def test_signed_contract_is_final(world):
    contract = draft(world, [approved_plot(world)])
    contracts.sign_contract(contract=contract, by=world.sinder, signed_on=date.today())
    with pytest.raises(ValidationError):
        contracts.update_contract(contract=contract, by=world.sinder, changes={"notes": "x"})
    with pytest.raises(ValidationError):
        contracts.sign_contract(contract=contract, by=world.sinder, signed_on=date.today())


def test_contract_needs_a_plot_and_a_date_not_in_the_future(world):
    empty = draft(world, [])
    with pytest.raises(ValidationError):
        contracts.sign_contract(contract=empty, by=world.sinder, signed_on=date.today())
    contracts.update_contract(
        contract=empty, by=world.sinder, changes={}, plots=[approved_plot(world)]
    )
    with pytest.raises(ValidationError):
        contracts.sign_contract(
            contract=empty, by=world.sinder, signed_on=date.today() + timedelta(days=1)
        )


def test_season_of_another_mill_is_refused(world):
    other_season = SeasonFactory(mill=world.other_mill, name="2026/2027", is_current=False)
    with pytest.raises(ValidationError):
        contracts.create_contract(
            by=world.sinder,
            farmer=world.farmer,
            season=other_season,
            plots=[],
            partner_type=PartnerType.TRK,
        )


def test_printable_contract_page_shows_parties_plots_and_clauses(world, client):
    plot = approved_plot(world)
    contract = draft(world, [plot])
    contracts.sign_contract(contract=contract, by=world.sinder, signed_on=date(2025, 6, 3))
    client.force_login(world.sinder)
    page = client.get(f"/contracts/{contract.pk}/").content.decode()
    for text in (
        contract.number,
        world.farmer.name,
        world.farmer.nik,
        world.mill.name,
        plot.code,
        "Deliver all cane from the registered plots to the mill.",
        "2025",
    ):
        assert text in page
    assert "window.print()" in page


def test_farmer_reads_own_contract_page(world):
    contract = draft(world, [approved_plot(world)])
    user = farmer_user(world.farmer)
    client = Client()
    client.force_login(user)
    response = client.get(f"/contracts/{contract.pk}/")
    assert response.status_code == 200
    assert "sign-contract" not in response.content.decode()  # no staff actions
