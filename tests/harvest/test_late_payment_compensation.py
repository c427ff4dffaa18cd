"""Late payment costs the mill (issue 16): from the DO's payment date, what is still owed earns
the contract's yearly rate day by day; the farmer sees it on his DO and home, the mill records
paying it, and the scorecard counts it per season."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from compliance.scorecard import summary
from compliance.scorecard.build import build_scorecard
from harvest.models import DeliveryOrder, DoStatus, HarvestPolicy, PaymentMethod
from harvest.services import late_payment
from harvest.services.delivery_orders import issue_do, record_payment
from tests.factories import DeliveryOrderFactory, FarmerFactory, farmer_user
from tests.harvest.helpers import deliver, html, settled

pytestmark = pytest.mark.django_db

RATE = D("12")


def _late_do(hw, *, rate=RATE, days_past_due=40):
    HarvestPolicy.objects.filter(mill=hw.mill).update(late_payment_rate_percent=rate)
    order = issue_do(
        do=settled(hw, [deliver(hw, net_kg=D("90000"), rendemen=D("7"))]), by=hw.manager
    )
    today = timezone.localdate()
    DeliveryOrder.objects.filter(pk=order.pk).update(
        issued_at=timezone.now() - timedelta(days=days_past_due + 30),
        expected_payment_on=today - timedelta(days=days_past_due),
    )
    return DeliveryOrder.objects.get(pk=order.pk)


def _pay(hw, order, amount, *, days_ago):
    return record_payment(
        do=order,
        by=hw.manager,
        paid_on=timezone.localdate() - timedelta(days=days_ago),
        amount=amount,
        method=PaymentMethod.TRANSFER,
    )


def _hand(owed, days):
    return owed * RATE / 100 * days / 365


def test_the_rate_is_the_contracts_when_the_do_was_issued(hw):
    order = _late_do(hw)
    HarvestPolicy.objects.filter(mill=hw.mill).update(late_payment_rate_percent=D("30"))
    assert DeliveryOrder.objects.get(pk=order.pk).late_rate_percent == RATE


def test_paid_late_in_two_parts_the_compensation_is_counted_stretch_by_stretch(hw, client):
    order = _late_do(hw)
    payable = order.payable
    first = (payable * D("0.4")).quantize(D("0.01"))
    rest = payable - first

    _pay(hw, order, first, days_ago=30)  # 10 days late on all of it
    order.refresh_from_db()
    # Counted to today at the payment: 10 days on all, then 30 days on the rest so far.
    so_far = (_hand(payable, 10) + _hand(rest, 30)).quantize(D("0.01"))
    assert order.status == DoStatus.PARTLY_PAID
    assert order.late_compensation == so_far

    _pay(hw, order, rest, days_ago=0)  # the rest today: 40 days late
    order.refresh_from_db()
    assert order.status == DoStatus.PAID
    assert order.late_compensation == so_far  # nothing more after the last payment
    assert order.history.filter(late_compensation=so_far).exists()  # audited with the DO

    client.force_login(farmer_user(hw.farmer))
    page = html(client.get(reverse("my-do", args=[order.pk])))
    section = page.split('data-testid="do-late-compensation"')[1].split("</section>")[0]
    rupiah = "Rp " + f"{so_far.quantize(D('1')):,}".replace(",", ".")
    assert rupiah in section.replace("&nbsp;", " ")
    assert "40 hari" in section
    assert section.count("<li>") == 2  # the two stretches, each with its formula
    assert 'data-testid="do-late-owed"' in section


def test_the_mill_records_paying_it_once_and_the_scorecard_counts_it(hw, client):
    order = _late_do(hw)
    _pay(hw, order, order.payable, days_ago=0)
    order.refresh_from_db()
    owed = order.late_compensation
    assert owed == _hand(order.payable, 40).quantize(D("0.01"))

    summary.refresh(hw.season)
    late = build_scorecard(hw.manager, mill=hw.mill, season=hw.season).late_payment
    assert (late.owed, late.unpaid, late.late_dos) == (owed, owed, 1)
    other = build_scorecard(hw.other_sinder, mill=hw.mill, season=hw.season).late_payment
    assert other.late_dos == 0  # not his mill

    client.force_login(hw.manager)
    card = html(client.get(reverse("compliance:scorecard"), {"season": hw.season.pk}))
    metric_card = card.split('data-testid="late-compensation"')[1].split("</div>")[0]
    assert "Rp " + f"{owed.quantize(D('1')):,}".replace(",", ".") in metric_card.replace(
        "&nbsp;", " "
    )
    response = client.post(
        reverse("do-compensation-paid", args=[order.pk]),
        {"paid_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.late_compensation_paid_on == timezone.localdate()
    assert order.late_compensation_paid_by == hw.manager
    again = client.post(
        reverse("do-compensation-paid", args=[order.pk]),
        {"paid_on": timezone.localdate().isoformat()},
        follow=True,
    )
    assert "sudah dicatat dibayar" in html(again) or "already recorded" in html(again)
    summary.refresh(hw.season)
    late = build_scorecard(hw.manager, mill=hw.mill, season=hw.season).late_payment
    assert (late.owed, late.unpaid) == (owed, 0)  # still counted for the season, now paid

    client.force_login(farmer_user(hw.farmer))
    page = html(client.get(reverse("my-do", args=[order.pk])))
    assert 'data-testid="do-late-paid"' in page


def test_the_farmer_home_adds_what_is_owed_for_lateness(hw, client):
    order = _late_do(hw, days_past_due=63)
    client.force_login(farmer_user(hw.farmer))
    card = html(client.get(reverse("home"))).split('data-testid="home-do-card"')[1]
    late = card.split('data-testid="home-do-late-compensation">')[1].split("</small>")[0]
    expected = _hand(order.payable, 63).quantize(D("1"))
    assert f"{expected:,}".replace(",", ".") in late


def test_without_a_rate_in_the_contract_nothing_is_counted_or_shown(hw, client):
    order = _late_do(hw, rate=D("0"))
    _pay(hw, order, order.payable, days_ago=0)
    order.refresh_from_db()
    assert order.late_compensation == 0
    client.force_login(farmer_user(hw.farmer))
    assert 'data-testid="do-late-compensation"' not in html(
        client.get(reverse("my-do", args=[order.pk]))
    )


def test_the_nightly_count_reads_the_same_queries_for_2_and_20_late_dos():
    def queries_for(n: int) -> int:
        farmer = FarmerFactory()
        today = timezone.localdate()
        orders = [
            DeliveryOrderFactory(
                farmer=farmer,
                late_rate_percent=RATE,
                expected_payment_on=today - timedelta(days=15),
            )
            for _ in range(n)
        ]
        with CaptureQueriesContext(connection) as captured:
            assert late_payment.refresh_unpaid(mill_id=farmer.mill_id) == n
        for order in orders:
            order.refresh_from_db()
            assert order.late_compensation == _hand(order.payable, 15).quantize(D("0.01"))
        return len(captured)

    assert queries_for(2) == queries_for(20)
