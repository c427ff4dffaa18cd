"""The other schemes of domain.md 5b settle a test farmer through the DO service. No published
figures exist for them, so the numbers are worked out by hand in each test."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from harvest.services.delivery_orders import issue_do
from harvest.services.schemes import create_scheme
from harvest.services.spta import issue_spta
from harvest.services.weighbridge import record_weighing
from harvest.signals import do_paid_below_contract
from tests.harvest.helpers import TARE_KG, deliver, settled

pytestmark = pytest.mark.django_db

D = Decimal


def use_scheme(hw, parameters, price_note=""):
    """Replace the world's PG Djatiroto scheme (no DO uses it yet) by another kind."""
    hw.scheme.delete()
    return create_scheme(
        by=hw.manager,
        mill=hw.mill,
        season=hw.season,
        name="Skema uji",
        parameters=parameters,
        effective_from=date(2025, 1, 1),
        price_note=price_note,
    )


def lines_of(order) -> dict:
    return {line.code: line for line in order.lines}


def test_pakis_baru_flat_share_of_the_sugar_value(hw):
    # Two loads: 600 kw at rendemen 7.00 and 400 kw at 7.50 -> cane 1,000 kw, rendemen weighted
    # by cane (600 × 7 + 400 × 7.5) / 1000 = 7.2; hablur 1000 × 7.2 % = 72 kw.
    # Sugar value 72 kw × Rp 1,000,000 = 72,000,000; farmer 65 % = 46,800,000 (46.8 kw), mill
    # 35 % = 25.2 kw as milling fee. Molasses 3 kg × 1000 kw = 3,000 kg × Rp 1,100 = 3,300,000.
    # Proceeds 50,100,000; BRI credit instalment 10,000,000 -> net 40,100,000.
    use_scheme(
        hw,
        {
            "kind": "flat_value_share",
            "flat_farmer_share": "0.65",
            "sugar_price_per_kw": "1000000",
            "molasses_kg_per_kw_cane": "3",
            "molasses_price_per_kg": "1100",
        },
    )
    loads = [
        deliver(hw, net_kg=D("60000"), rendemen=D("7.00")),
        deliver(hw, net_kg=D("40000"), rendemen=D("7.50")),
    ]

    order = settled(hw, loads, credit_deductions=[("BRI 6 % angsuran", D("10000000"))])

    assert order.cane_kw == D("1000")
    assert order.rendemen_percent == D("7.2")
    assert order.hablur_kw == D("72")
    assert order.farmer_sugar_kw == D("46.8")
    assert order.mill_sugar_kw == D("25.2")
    assert order.molasses_kg == D("3000")
    assert order.total_revenue == D("50100000")
    assert order.total_deductions == D("10000000")
    assert order.net == order.payable == D("40100000")
    lines = lines_of(order)
    assert lines["sugar_value"].amount == D("72000000")
    assert lines["revenue_sugar"].amount == D("46800000")
    assert lines["revenue_molasses"].amount == D("3300000")
    assert lines["deduction_credit"].label == "BRI 6 % angsuran"
    assert order.warnings == []


def test_pt_sms_cane_by_weight_keeps_agreed_and_paid_price_and_raises_a_signal(
    hw, client, django_capture_on_commit_callbacks
):
    # Two loads, no rendemen needed (cane bought by weight): 15,000 − 7,000 = 8,000 kg, and
    # 15,000 − 7,000 = 8,000 kg less 12.5 % trash = 7,000 kg -> 15,000 kg = 150 kw.
    # Paid 15,000 kg × Rp 250 = 3,750,000; agreed 15,000 × Rp 380 = 5,700,000; shortfall
    # 1,950,000. The mill's crews cut and hauled: cutting 150 kw × 5,000 = 750,000, haulage
    # 150 kw × 3,000 = 450,000 -> net 3,750,000 − 1,200,000 = 2,550,000.
    use_scheme(
        hw,
        {
            "kind": "price_per_kg",
            "contract_price_per_kg": "380",
            "paid_price_per_kg": "250",
            "cutting_fee_per_kw_cane": "5000",
            "haulage_fee_per_kw_cane": "3000",
        },
        price_note="Stalks below the contract height; variety not pure",
    )
    weighings = []
    for trash in (D("0"), D("12.5")):
        spta = issue_spta(
            by=hw.manager,
            plot=hw.plot,
            cutting_date=timezone.localdate(),
            quota_kw=D("80"),
            truck_plate="EA 1 B",
            driver_name="Jamal",
            tma_by_mill=True,
        )
        now = timezone.now()
        weighings.append(
            record_weighing(
                spta=spta,
                gross_kg=D("15000"),
                tare_kg=TARE_KG,
                trash_percent=trash,
                cut_at=now - timedelta(hours=6),
                arrived_at=now - timedelta(hours=1),
                by=hw.clerk,
            )
        )
    assert [w.net_kg for w in weighings] == [D("8000"), D("7000")]

    order = settled(hw, weighings)

    assert order.cane_kw == D("150")
    assert order.tma_by_mill is True
    lines = lines_of(order)
    assert lines["revenue_cane"].amount == D("3750000")
    assert lines["agreed_revenue"].amount == D("5700000")
    assert order.price_shortfall == D("1950000")
    assert lines["deduction_cutting"].amount == D("750000")
    assert lines["deduction_haulage"].amount == D("450000")
    assert order.payable == D("2550000")
    assert [w["code"] for w in order.warnings] == ["paid_below_contract_price"]
    client.force_login(hw.manager)
    page = client.get(reverse("do-detail", args=[order.pk])).content.decode()
    assert (
        'data-testid="do-warning">Dibayar Rp 250/kg, di bawah harga kontrak Rp 380/kg: '
        "kurang Rp 1.950.000.<" in page
    )

    received = []

    def compliance_hook(sender, delivery_order, **kwargs):
        received.append(delivery_order.pk)

    do_paid_below_contract.connect(compliance_hook)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            issue_do(do=order, by=hw.manager)
    finally:
        do_paid_below_contract.disconnect(compliance_hook)
    assert received == [order.pk]


def test_pt_sms_scheme_paid_below_contract_needs_the_reason(hw):
    hw.scheme.delete()
    with pytest.raises(ValidationError) as caught:
        create_scheme(
            by=hw.manager,
            mill=hw.mill,
            season=hw.season,
            name="Dompu",
            parameters={
                "kind": "price_per_kg",
                "contract_price_per_kg": "380",
                "paid_price_per_kg": "250",
            },
            effective_from=date(2025, 1, 1),
        )
    assert "price_note" in caught.value.message_dict


def test_gunung_madu_shares_of_several_streams(hw):
    # 0.70 × 10,000,000 + 0.60 × 2,000,000 + 0.65 × 30,000,000 = 27,700,000.
    use_scheme(
        hw,
        {
            "kind": "multi_stream",
            "stream_shares": {"harvest": "0.70", "molasses_sales": "0.60", "sugar_sales": "0.65"},
        },
    )
    load = deliver(hw, net_kg=D("50000"), rendemen=D("7"))

    order = settled(
        hw,
        [load],
        stream_values={
            "harvest": D("10000000"),
            "molasses_sales": D("2000000"),
            "sugar_sales": D("30000000"),
        },
    )

    assert order.total_revenue == D("27700000")
    # One line per stream (in the scheme's order; PostgreSQL's jsonb may reorder the keys).
    assert sorted(line.label for line in order.lines if line.code == "revenue_stream") == [
        "harvest",
        "molasses_sales",
        "sugar_sales",
    ]
