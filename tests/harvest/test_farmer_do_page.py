"""The farmer's DO page: from cane to rupiah line by line with the formula in words, every
delivery's weights and rendemen inputs, the days waited, the what-if calculator (no JavaScript),
and the printable statement."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from harvest.models import DeliveryOrder
from harvest.services.delivery_orders import issue_do
from harvest.services.rendemen import record_rendemen
from harvest.statement import settled_rendemen, what_if
from tebu_site.formatting import format_rupiah, round_half_up
from tests.factories import SptaFactory, farmer_user
from tests.harvest.helpers import html, settled, weigh

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def issued(hw):
    # 1,000 kw net in two loads of 500 kw, analysed together
    loads = [
        weigh(hw, SptaFactory(plot=hw.plot, quota_kw=D("500")), gross_kg=D("57000"))
        for _ in range(2)
    ]
    record_rendemen(
        by=hw.qc,
        weighings=loads,
        readings={
            "brix_reading": D("20"),
            "temperature_correction": D("0.2"),
            "pol_reading": D("65"),
            "specific_gravity": D("1.08"),
            "dilution_factor": D("1"),
            "extraction_factor": D("0.5"),
        },
    )
    order = settled(hw, loads, credit_deductions=[("KUR angsuran 1", D("5000000"))])
    order = issue_do(do=order, by=hw.manager)
    DeliveryOrder.objects.filter(pk=order.pk).update(issued_at=timezone.now() - timedelta(days=12))
    return order


@pytest.fixture
def farmer_client(hw, client):
    client.force_login(farmer_user(hw.farmer))
    return client


def test_list_shows_status_amount_and_days_waited(issued, farmer_client):
    page = farmer_client.get(reverse("my-dos")).content.decode().replace("<wbr>", "")

    assert issued.number in page
    assert "12" in page.split('data-testid="do-card-waited"')[1].split("</small>")[0]
    assert "Rp" in page.split('data-testid="do-card-amount"')[1].split("</span>")[0]


def test_do_page_walks_from_cane_to_rupiah_with_every_input(issued, farmer_client):
    page = html(farmer_client.get(reverse("my-do", args=[issued.pk])))

    for code in (
        "cane",
        "rendemen",
        "hablur",
        "sugar_tier",
        "farmer_sugar",
        "auctioned_sugar",
        "natura",
        "revenue_sugar",
        "revenue_profit_sharing",
        "revenue_molasses",
        "total_revenue",
        "deduction_sacks",
        "deduction_credit",
        "total_deductions",
        "net",
        "payable",
    ):
        assert f'data-testid="do-line-{code}"' in page, code
    assert "1.000,000 kw" in page  # cane, the Indonesian way
    assert "KUR angsuran 1" in page
    assert "× Rp 910.000/kw" in page  # the bridging price in the formula
    # The rendemen inputs: readings, each step and the result.
    inputs = page.split('data-testid="rendemen-inputs"')[1].split("</ol>")[0]
    assert "20,2" in inputs and "0,5" in inputs and "6,91 %" in inputs
    assert "12" in page.split('data-testid="do-days-waited"')[1].split("</dd>")[0]


def test_what_if_calculator_works_without_javascript(issued, farmer_client):
    # 1,000 kw at 7.91 % instead of 6.91: one more point at 70 % × 1.003 = 7.021 kw more sugar.
    page = farmer_client.get(reverse("my-do", args=[issued.pk]) + "?rendemen=7.91").content
    text = page.decode()

    result = text.split('data-testid="what-if-result"')[1].split("</p>")[0]
    assert "7,91 %" in result
    actual = issued.farmer_sugar_kw
    assert f"{actual + D('7.021'):.3f}".replace(".", ",") in result


def test_what_if_refuses_an_impossible_rendemen(issued, farmer_client):
    page = html(farmer_client.get(reverse("my-do", args=[issued.pk]) + "?rendemen=25"))
    assert 'data-testid="what-if-result"' not in page
    assert "field-error" in page


def test_printable_statement(issued, farmer_client):
    page = html(farmer_client.get(reverse("do-print", args=[issued.pk])))
    assert 'data-testid="do-paper"' in page
    assert issued.farmer.nik in page
    assert 'data-testid="do-line-payable"' in page


def test_what_if_at_the_rendemen_the_do_shows_gives_the_do_to_the_rupiah(issued, farmer_client):
    """Issue 14.3: typing the rendemen the DO shows (2 decimals) must give the DO's own
    proceeds, not a figure a few rupiah off; the answer is at the calculator, not the top."""

    order = DeliveryOrder.objects.get(pk=issued.pk)
    shown = round_half_up(settled_rendemen(order), 2)
    estimate = what_if(order, shown)
    assert estimate.estimated_revenue == order.total_revenue
    assert estimate.farmer_sugar_kw == order.farmer_sugar_kw
    assert estimate.revenue_difference == 0
    # After the same deductions (the KUR instalment of Rp 5,000,000): what the DO pays.
    assert estimate.estimated_payable == order.payable
    assert estimate.payable_difference == 0
    one_more = what_if(order, shown + 1)
    assert one_more.estimated_payable > order.payable

    page = html(farmer_client.get(reverse("my-do", args=[issued.pk]) + f"?rendemen={shown}"))
    result = page.split('data-testid="what-if-result"')[1].split("</p>")[0]
    assert format_rupiah(order.total_revenue) in result.replace("&nbsp;", " ")
    assert 'action="#what-if"' in page and 'id="what-if"' in page


def test_what_if_at_an_unrounded_rendemen_matches_a_fresh_settlement(hw):
    """Three loads whose weighted rendemen has more decimals than the page shows: the DO's own
    rendemen still reproduces the DO, and one point more is more than the DO."""
    loads = [
        weigh(hw, SptaFactory(plot=hw.plot, quota_kw=D("500")), gross_kg=gross)
        for gross in (D("41337"), D("39871"), D("44219"))
    ]
    for load, pol in zip(loads, (D("65"), D("63.7"), D("66.1")), strict=True):
        record_rendemen(
            by=hw.qc,
            weighings=[load],
            readings={
                "brix_reading": D("20"),
                "temperature_correction": D("0.2"),
                "pol_reading": pol,
                "specific_gravity": D("1.08"),
                "dilution_factor": D("1"),
                "extraction_factor": D("0.5"),
            },
        )
    order = settled(hw, loads)

    own = settled_rendemen(order)
    assert own != round_half_up(own, 2)  # the case the farmer meets: more decimals than shown
    assert what_if(order, round_half_up(own, 2)).estimated_revenue == order.total_revenue
    assert what_if(order, round_half_up(own, 2)).estimated_payable == order.payable
    assert what_if(order, round_half_up(own, 2) + 1).estimated_revenue > order.total_revenue


def test_what_if_reads_the_indonesian_decimal_comma(issued, farmer_client):
    page = html(farmer_client.get(reverse("my-do", args=[issued.pk]) + "?rendemen=7,91"))
    result = page.split('data-testid="what-if-result"')[1].split("</p>")[0]
    assert "7,91 %" in result  # 7.91, not 791 refused nor 79.1
    assert 'inputmode="decimal"' in page and 'value="7,91"' in page
