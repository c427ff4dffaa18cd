"""The three PG Djatiroto farmers of the reference file, settled by the DO service from deliveries
in the database (SPTA → weighing → rendemen → settle_do).

Source: shared/reference/do_settlement_djatiroto.json — Valentine (2017), Faktor-faktor yang
mendasari pengambilan keputusan petani tebu bermitra dengan PG Djatiroto, Lampiran 3 and 15
(season 2016). The thesis prints sugar to 3 decimals and money to whole rupiah, computed from
unrounded values: sugar is compared within 0.001 kw and money within Rp 100.
"""

from decimal import Decimal

import pytest

from tests.factories import FarmerFactory, PlotFactory
from tests.harvest.helpers import deliver, settled

pytestmark = pytest.mark.django_db

D = Decimal
SUGAR_TOLERANCE_KW = D("0.001")
MONEY_TOLERANCE_RP = D("100")

# name, plot areas (ha), loads of net cane (kg) summing to the thesis cane, rendemen, natura kept
FARMERS = [
    ("Buriyanto", ["2.7"], ["80000", "80000", "69100"], "6.47", "1"),  # 2291 kw
    ("Mahmuji", ["2.5"], ["90000", "82600"], "6", "1"),  # 1726 kw
    ("Bambang S", ["6", "6"], ["90000"] * 12 + ["57800"], "6.59", "2"),  # 11378 kw
]
EXPECTED = {
    "Buriyanto": {
        "cane_kw": "2291",
        "farmer_sugar_kw": "98.284",
        "auctioned_sugar_kw": "88.456",
        "revenue_sugar": "80494270",
        "molasses_kg": "6873",
        "revenue_molasses": "8247600",
        "revenue_natura": "9755338",
        "revenue_profit_sharing": "12206823",
        "total_revenue": "110704032",
    },
    "Mahmuji": {
        "cane_kw": "1726",
        "farmer_sugar_kw": "68.35",
        "auctioned_sugar_kw": "61.515",
        "revenue_sugar": "55978322",
        "molasses_kg": "5178",
        "revenue_molasses": "6213600",
        "revenue_natura": "6447631",
        "revenue_profit_sharing": "8489020",
        "total_revenue": "77128574",
    },
    "Bambang S": {
        "cane_kw": "11378",
        "farmer_sugar_kw": "497.701",
        "auctioned_sugar_kw": "447.931",
        "revenue_sugar": "407617048",
        "molasses_kg": "34134",
        "revenue_molasses": "40960800",
        "revenue_natura": "52785951",
        "revenue_profit_sharing": "61814453",
        "total_revenue": "563178252",
    },
}


@pytest.mark.parametrize(("name", "areas", "loads", "rendemen", "natura"), FARMERS)
def test_djatiroto_farmer_gets_the_thesis_figures_from_the_settlement_service(
    hw, name, areas, loads, rendemen, natura
):
    farmer = FarmerFactory(region=hw.north, name=name)
    plots = [
        PlotFactory(
            farmer=farmer,
            area_ha=D(area),
            own_area_ha=D(area),
            registration_status="contracted",
        )
        for area in areas
    ]
    weighings = [
        deliver(hw, net_kg=D(load), rendemen=D(rendemen), plot=plots[index % len(plots)])
        for index, load in enumerate(loads)
    ]

    order = settled(hw, weighings, farmer=farmer, natura_consumed_kw=D(natura))

    expected = EXPECTED[name]
    assert order.cane_kw == D(expected["cane_kw"])
    assert order.rendemen_percent == D(rendemen)
    assert order.delivery_count == len(loads)
    assert order.harvested_area_ha == sum(D(a) for a in areas)
    for key in ("farmer_sugar_kw", "auctioned_sugar_kw"):
        assert abs(getattr(order, key) - D(expected[key])) <= SUGAR_TOLERANCE_KW, key
    assert order.molasses_kg == D(expected["molasses_kg"])
    assert abs(order.total_revenue - D(expected["total_revenue"])) <= MONEY_TOLERANCE_RP
    amounts = {line.code: line.amount for line in order.lines}
    for key in ("revenue_sugar", "revenue_molasses", "revenue_natura", "revenue_profit_sharing"):
        assert abs(amounts[key] - D(expected[key])) <= MONEY_TOLERANCE_RP, key
    # Sacks are the only deduction (Rp 7,500 per kw auctioned); nothing is negative.
    assert order.total_deductions == (order.total_revenue - order.net)
    assert order.payable == order.net > 0
    assert order.carried_debt == 0
