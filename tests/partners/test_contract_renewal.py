"""Renewal drafts next season's contract as a copy of the previous one, for review."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from partners.models import ContractStatus, PartnerType
from partners.services import contracts
from tests.factories import SeasonFactory
from tests.partners.helpers import approved_plot

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(world):
    first = approved_plot(world, code="P-001")
    second = approved_plot(world, code="P-002", lon=113.46)
    contract = contracts.create_contract(
        by=world.sinder,
        farmer=world.farmer,
        season=world.season,
        plots=[first, second],
        partner_type=PartnerType.TRK,
        partnership_pattern="koa",
        clauses=["Clause one.", "Clause two."],
        notes="KUR BRI",
    )
    contracts.sign_contract(contract=contract, by=world.sinder, signed_on=date(2025, 6, 1))
    return contract


def test_renewal_copies_the_previous_contract_as_a_draft(world, signed):
    next_season = SeasonFactory(mill=world.mill, name="2026/2027", is_current=False)
    renewal = contracts.renew_contract(contract=signed, by=world.sinder)
    assert renewal.season == next_season
    assert renewal.status == ContractStatus.DRAFT
    assert renewal.renewed_from == signed
    assert renewal.partner_type == PartnerType.TRK
    assert renewal.partnership_pattern == "koa"
    assert renewal.clauses == ["Clause one.", "Clause two."]
    assert set(renewal.plots.all()) == set(signed.plots.all())
    assert renewal.number.endswith("/2026/2027/0001")
    signed.refresh_from_db()
    assert signed.status == ContractStatus.SIGNED  # the old one is untouched


def test_renewal_leaves_out_plots_no_longer_farmed(world, signed):
    SeasonFactory(mill=world.mill, name="2026/2027", is_current=False)
    sold = signed.plots.get(code="P-002")
    sold.is_active = False
    sold.save()
    renewal = contracts.renew_contract(contract=signed, by=world.sinder)
    assert [p.code for p in renewal.plots.all()] == ["P-001"]


def test_renewal_can_be_reviewed_and_signed(world, signed):
    SeasonFactory(mill=world.mill, name="2026/2027", is_current=False)
    renewal = contracts.renew_contract(contract=signed, by=world.sinder)
    contracts.update_contract(
        contract=renewal, by=world.sinder, changes={"partner_type": PartnerType.TRM}
    )
    contracts.sign_contract(contract=renewal, by=world.sinder, signed_on=date.today())
    renewal.refresh_from_db()
    assert renewal.is_signed and renewal.partner_type == PartnerType.TRM


def test_renewing_twice_into_the_same_season_is_refused(world, signed):
    SeasonFactory(mill=world.mill, name="2026/2027", is_current=False)
    contracts.renew_contract(contract=signed, by=world.sinder)
    with pytest.raises(ValidationError):
        contracts.renew_contract(contract=signed, by=world.sinder)


def test_renewal_without_a_later_season_says_so(world, signed):
    with pytest.raises(ValidationError) as error:
        contracts.renew_contract(contract=signed, by=world.sinder)
    assert "season" in error.value.message_dict


def test_renew_button_on_the_contract_page(world, signed, client):
    next_season = SeasonFactory(mill=world.mill, name="2026/2027", is_current=False)
    client.force_login(world.sinder)
    response = client.post(f"/contracts/{signed.pk}/renew/", {"season": next_season.pk})
    renewal = signed.renewals.get()
    assert response.status_code == 302 and response["Location"] == f"/contracts/{renewal.pk}/"
