"""Relative quality payment (issue 16): a scheme may share the sugar on the mill's average
rendemen in the period plus a share of each farmer's distance from it. Three farmers delivering
on the same day at 8.0, 6.0 and 7.0 (mill average 7.0, weighted by cane) under a flat 65 % share
and half the distance paid are settled at 7.5, 6.5 and 7.0, as the hand computation says, and
each statement shows the average and where the farmer stands."""

from decimal import ROUND_HALF_UP, Decimal

import pytest

from harvest.calculations import settlement as calc
from harvest.calculations.errors import SettlementInputError
from harvest.statement import statement_rows
from partners.models import RegistrationStatus
from tests.factories import FarmerFactory, PlotFactory
from tests.harvest.helpers import deliver, settled

D = Decimal
PAKIS_BARU = {
    "kind": "flat_value_share",
    "flat_farmer_share": "0.65",
    "sugar_price_per_kw": "1000000",
    "molasses_kg_per_kw_cane": "3",
    "molasses_price_per_kg": "1100",
}


def by_hand(cane_kw: Decimal, rendemen: Decimal) -> Decimal:
    """domain.md 5b, PG Pakis Baru: 65 % of the sugar value (hablur × Rp 1,000,000/kw) to the
    farmer, and molasses 3 kg per kw of cane at Rp 1,100."""
    sugar = cane_kw * rendemen / 100 * D("1000000") * D("0.65")
    molasses = cane_kw * 3 * D("1100")
    return (sugar + molasses).quantize(D("0.01"), rounding=ROUND_HALF_UP)


@pytest.mark.django_db
def test_three_farmers_are_paid_on_the_average_plus_half_their_distance(hw, english):
    hw.scheme.parameters = {**PAKIS_BARU, "relative_quality_share": "0.5"}
    hw.scheme.kind = "flat_value_share"
    hw.scheme.save()
    third = FarmerFactory(region=hw.north, name="Wagiman")
    third_plot = PlotFactory(
        farmer=third, code="U-002", registration_status=RegistrationStatus.CONTRACTED
    )
    loads = {
        hw.farmer: deliver(hw, net_kg=D("10000"), rendemen=D("8.0")),
        hw.south_farmer: deliver(hw, net_kg=D("10000"), rendemen=D("6.0"), plot=hw.south_plot),
        third: deliver(hw, net_kg=D("20000"), rendemen=D("7.0"), plot=third_plot),
    }
    orders = {
        farmer: settled(hw, [load], farmer=farmer, credit_deductions=())
        for farmer, load in loads.items()
    }

    assert orders[hw.farmer].payable == by_hand(D(100), D("7.5"))
    assert orders[hw.south_farmer].payable == by_hand(D(100), D("6.5"))
    assert orders[third].payable == by_hand(D(200), D("7.0"))
    # The DO keeps the farmer's own rendemen; the average is recorded with its inputs.
    assert orders[hw.farmer].rendemen_percent == D("8")
    assert D(orders[hw.farmer].inputs["mill_average_rendemen_percent"]) == D("7")

    rows = {row.code: row for row in statement_rows(orders[hw.farmer].lines)}
    assert rows["mill_average_rendemen"].value == "7,00 %"
    assert "1,00 % above the mill's average" in rows["rendemen_paid"].formula
    assert "50 %" in rows["rendemen_paid"].formula
    assert rows["rendemen_paid"].value == "7,50 %"
    below = {row.code: row for row in statement_rows(orders[hw.south_farmer].lines)}
    assert "1,00 % below the mill's average" in below["rendemen_paid"].formula


EIGHT, SEVEN = D("8"), D("7")


def _settle(share, *, own=EIGHT, average=SEVEN, parameters=PAKIS_BARU):
    scheme = calc.scheme_from_dict({**parameters, "relative_quality_share": share})
    delivery = calc.DeliveryInput(
        name="DO",
        area_ha=D(1),
        cane_kw=D(100),
        rendemen_percent=own,
        mill_average_rendemen_percent=average,
    )
    return calc.settle(delivery, scheme)


def _plain(rendemen):
    return calc.settle(
        calc.DeliveryInput(name="DO", area_ha=D(1), cane_kw=D(100), rendemen_percent=rendemen),
        calc.scheme_from_dict(PAKIS_BARU),
    )


def test_a_share_of_one_pays_his_own_rendemen_and_zero_the_mills_average():
    assert _settle("1").total_revenue == _plain(D("8")).total_revenue
    assert _settle("0").total_revenue == _plain(D("7")).total_revenue
    assert _settle("0.25").total_revenue == _plain(D("7.25")).total_revenue
    assert _settle("0.5").rendemen_percent == D("8")  # his own, as measured


def test_the_scheme_and_the_inputs_are_checked():
    with pytest.raises(SettlementInputError) as raised:
        _settle("1.5")
    assert raised.value.code == "out_of_range"
    with pytest.raises(SettlementInputError) as raised:
        _settle("0.5", average=None)
    assert raised.value.code == "missing_setting"
    with pytest.raises(SettlementInputError) as raised:
        _settle("0.5", average=D("25"))
    assert raised.value.code == "rendemen_out_of_range"
    by_weight = {"kind": "price_per_kg", "contract_price_per_kg": "380"}
    with pytest.raises(SettlementInputError) as raised:
        _settle("0.5", parameters=by_weight)
    assert raised.value.code == "not_applicable"
