"""Batch settlement for a period: a draft DO per farmer with settled-ready deliveries; those
waiting for rendemen are counted; the mill's crews' loads get their own DO."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from harvest.models import DeliveryOrder
from harvest.services.schemes import create_scheme, end_scheme
from harvest.services.settlement import settle_period
from tests.factories import SptaFactory
from tests.harvest.helpers import deliver, weigh

pytestmark = pytest.mark.django_db

D = Decimal


def test_settle_a_week_for_every_farmer(hw):
    deliver(hw, net_kg=D("10000"), rendemen=D("7"))
    deliver(hw, net_kg=D("12000"), rendemen=D("7.2"))
    deliver(hw, net_kg=D("9000"), rendemen=D("6.5"), plot=hw.south_plot)
    deliver(hw, net_kg=D("9000"), rendemen=D("6.5"), tma_by_mill=False, plot=hw.south_plot)
    weigh(hw, SptaFactory(plot=hw.plot))  # no rendemen yet
    today = timezone.localdate()

    result = settle_period(
        by=hw.manager,
        mill=hw.mill,
        season=hw.season,
        start=today - timedelta(days=6),
        end=today,
        natura_consumed_kw=D("0"),
    )

    assert sorted(o.farmer.name for o in result.created) == ["Buriyanto", "Sumarni"]
    assert result.waiting_for_rendemen == 1
    assert result.skipped == []
    mine = next(o for o in result.created if o.farmer == hw.farmer)
    assert mine.delivery_count == 2 and mine.cane_kw == D("220")

    again = settle_period(by=hw.manager, mill=hw.mill, season=hw.season, start=today, end=today)
    assert again.created == []


def test_loads_cut_by_the_mills_crews_get_their_own_do(hw):
    end_scheme(scheme=hw.scheme, by=hw.manager, effective_to=hw.scheme.effective_from)
    create_scheme(
        by=hw.manager,
        mill=hw.mill,
        season=hw.season,
        name="Dengan TMA",
        parameters={
            **hw.scheme.parameters,
            "cutting_fee_per_kw_cane": "5500",
            "haulage_fee_per_kw_cane": "3000",
        },
        effective_from=hw.scheme.effective_from + timedelta(days=1),
    )
    deliver(hw, net_kg=D("10000"), rendemen=D("7"))
    deliver(hw, net_kg=D("10000"), rendemen=D("7"), tma_by_mill=True)
    today = timezone.localdate()

    result = settle_period(by=hw.manager, mill=hw.mill, season=hw.season, start=today, end=today)

    assert sorted(o.tma_by_mill for o in result.created) == [False, True]
    with_tma = DeliveryOrder.objects.get(tma_by_mill=True)
    assert with_tma.line("deduction_cutting").amount == D("550000")  # 100 kw × 5,500


def test_a_farmer_who_cannot_be_settled_is_listed_with_the_reason(hw):
    deliver(hw, net_kg=D("10000"), rendemen=D("7"), tma_by_mill=True)  # no TMA fee in scheme
    today = timezone.localdate()

    result = settle_period(by=hw.manager, mill=hw.mill, season=hw.season, start=today, end=today)

    assert result.created == []
    assert "Buriyanto" in result.skipped[0]
    assert "biaya tebang atau angkut" in result.skipped[0]


def test_the_proposed_period_follows_the_mill_policy(hw):
    from harvest.models import HarvestPolicy
    from harvest.selectors import default_settlement_period

    today = timezone.localdate()
    start, end = default_settlement_period(hw.manager, season=hw.season)
    assert start.weekday() == 0 and (end - start).days == 6 and end < today  # last full week

    HarvestPolicy.objects.update_or_create(mill=hw.mill, defaults={"settlement_period": "batch"})
    deliver(hw, net_kg=D("10000"), rendemen=D("7"))
    assert default_settlement_period(hw.manager, season=hw.season) == (today, today)
