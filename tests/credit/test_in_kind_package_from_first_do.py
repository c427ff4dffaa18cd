"""Inti-plasma (PT SMS Dompu): a 1.2 ha farmer gets the 1–1.5 ha package; its value is deducted
from the first DO through partners' settle_do and recovered when the DO is issued."""

from decimal import Decimal

import pytest
from django.utils import timezone

from credit.models import Repayment
from credit.selectors import ledger_for
from credit.services.in_kind import give_in_kind_package
from harvest.services.delivery_orders import issue_do
from harvest.services.settlement import settle_do
from tests.credit.conftest import contracted_farmer
from tests.credit.deliveries import delivered
from tests.credit.factories import DOMPU_PRICES, dompu_package
from tests.factories import farmer_user

pytestmark = pytest.mark.django_db

D = Decimal


def test_a_1_2_ha_farmer_gets_the_middle_package_deducted_from_the_first_do(cw):
    farmer, (plot,), _ = contracted_farmer(
        cw.north, cw.season, [("pc", D("1.2"))], partner_type="trm"
    )
    package = dompu_package(cw.mill, cw.season)
    advance = give_in_kind_package(
        by=cw.sinder, farmer=farmer, package=package, given_on=timezone.localdate()
    )
    assert advance.band.area_from_ha == D("1") and advance.band.area_to_ha == D("1.5")
    assert advance.items["seed_stalks"] == 6000
    # 6,000 stalks, ZA 600 kg, NPK 900 kg, SP36 900 kg at the package's prices.
    expected = (
        6000 * DOMPU_PRICES["price_per_stalk"]
        + 600 * DOMPU_PRICES["price_per_kg_za"]
        + 900 * DOMPU_PRICES["price_per_kg_npk"]
        + 900 * DOMPU_PRICES["price_per_kg_sp36"]
    )
    assert advance.value == expected

    loads = [delivered(cw, plot, net_kg=D("30000"), rendemen=D("8.00")) for _ in range(3)]
    do = settle_do(by=cw.manager, farmer=farmer, season=cw.season, weighings=loads)
    (line,) = do.inputs["credit_deductions"]
    assert D(line["amount"]) == expected
    assert do.line("deduction_credit").amount == expected
    assert do.payable > 0  # proceeds covered the package

    issued = issue_do(do=do, by=cw.manager)
    repayment = Repayment.objects.get(delivery_order=issued)
    (allocation,) = repayment.allocations.all()
    assert allocation.in_kind_advance == advance
    assert allocation.principal == expected

    ledger = ledger_for(farmer_user(farmer), farmer)
    (entry,) = ledger.advances
    assert (entry.recovered, entry.outstanding) == (expected, 0)
    assert entry.recoveries[0].delivery_order == issued

    # Nothing is owed any more: the next DO deducts nothing.
    more = [delivered(cw, plot, net_kg=D("10000"), rendemen=D("8.00"))]
    second = settle_do(by=cw.manager, farmer=farmer, season=cw.season, weighings=more)
    assert second.inputs["credit_deductions"] == []


def test_a_free_package_is_recorded_but_not_recovered(cw):
    farmer, _, _ = contracted_farmer(cw.north, cw.season, [("pc", D("0.8"))])
    package = dompu_package(cw.mill, cw.season, is_free=True)
    advance = give_in_kind_package(
        by=cw.sinder, farmer=farmer, package=package, given_on=timezone.localdate()
    )
    assert advance.band.seed_stalks == 4500
    assert advance.value == 0
