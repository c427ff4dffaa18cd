from decimal import Decimal

import pytest

from harvest.demo import AS_OF, load_demo_harvest
from harvest.models import (
    AdjustmentKind,
    DeliveryOrder,
    DoAdjustment,
    DoPayment,
    DoStatus,
    RendemenAnalysis,
    RendemenMethod,
    SettlementScheme,
    Spta,
    SptaEvent,
    SptaStatus,
    Weighing,
)
from partners.demo import load_demo
from partners.models import Farmer

pytestmark = pytest.mark.django_db

MODELS = [
    SettlementScheme,
    Spta,
    SptaEvent,
    Weighing,
    RendemenAnalysis,
    DeliveryOrder,
    DoPayment,
    DoAdjustment,
]


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_demo_harvest_loads_after_load_demo_and_twice_changes_nothing():
    load_demo()
    load_demo_harvest()
    counts = _counts()
    load_demo_harvest()  # a second `make run`
    load_demo()
    assert _counts() == counts
    assert counts["SettlementScheme"] == 2
    assert counts["DeliveryOrder"] >= 20
    statuses = set(Spta.objects.values_list("status", flat=True))
    assert {SptaStatus.USED, SptaStatus.ISSUED, SptaStatus.EXPIRED} <= statuses
    assert RendemenAnalysis.objects.filter(method=RendemenMethod.DIRECT).exists()
    for weighing in Weighing.objects.all():
        assert Decimal(50) <= weighing.cane_kw <= Decimal(80)
    for analysis in RendemenAnalysis.objects.all():
        assert Decimal(6) <= analysis.rendemen_percent <= Decimal(8)
    unpaid = DeliveryOrder.objects.filter(status__in=[DoStatus.ISSUED, DoStatus.PARTLY_PAID])
    assert unpaid.exists()
    for do in unpaid:
        assert 20 <= do.days_waited(AS_OF) <= 90, do.number
    assert any(do.days_overdue(AS_OF) > 0 for do in unpaid)
    semboro = SettlementScheme.objects.get(mill__code="semboro").parameters
    assert semboro["bridging_price_per_kw"] == "1450000"
    assert semboro["cutting_fee_per_kw_cane"] == "5500"
    # PG Semboro computes profit sharing from the month's auction price (60 % of the gain).
    assert semboro["profit_sharing_farmer_share"] == "0.6"
    assert "profit_sharing_per_kw_auctioned" not in semboro
    semboro_dos = DeliveryOrder.objects.filter(mill__code="semboro")
    assert semboro_dos.exists()
    for do in semboro_dos:
        rate = do.line("profit_sharing_per_kw").amount
        assert Decimal("114000") <= rate <= Decimal("126000"), do.number


def test_the_petani_farmer_sees_dos_payments_and_a_rendemen_correction():
    load_demo()
    load_demo_harvest()
    farmer = Farmer.objects.get(user__username="petani")
    dos = DeliveryOrder.objects.filter(farmer=farmer)
    assert dos.count() >= 3
    assert len(set(dos.values_list("status", flat=True))) >= 2
    assert any(do.payments.count() == 2 for do in dos)
    assert dos.filter(status=DoStatus.ISSUED, payments__isnull=True).exists()
    assert any("credit" in line.code for do in dos for line in do.lines)

    adjustment = DoAdjustment.objects.get(
        delivery_order__farmer=farmer, kind=AdjustmentKind.RENDEMEN_CORRECTION
    )
    assert adjustment.by.username == "qc"
    assert adjustment.at > adjustment.delivery_order.issued_at
    assert adjustment.payable_after != adjustment.payable_before
    corrected = RendemenAnalysis.objects.get(weighings__delivery_order=adjustment.delivery_order)
    latest = corrected.history.first()
    assert latest.history_change_reason
    assert latest.history_user.username == "qc"
