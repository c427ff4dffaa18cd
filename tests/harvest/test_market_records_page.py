"""The page where the manager records the sugar auction price and the revenue streams' sales of
a period (issue 12.3 and 12.8): errors beside the field, only the manager records, and each mill
sees only its own records."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from harvest.models import AuctionPrice, StreamSale
from harvest.services.market import record_auction_price
from partners.models import Season
from tebu_site.models import Role
from tests.factories import UserFactory
from tests.harvest.helpers import html

pytestmark = pytest.mark.django_db


def test_the_manager_records_an_auction_price_and_a_sale(hw, client):
    client.force_login(hw.manager)
    response = client.post(
        reverse("market-records"),
        {
            "which": "auction",
            "season": hw.season.pk,
            "period_start": "2026-06-01",
            "period_end": "2026-06-30",
            "price_per_kw": "1048000",
            "note": "Lelang 1",
        },
    )
    assert response.status_code == 302
    assert AuctionPrice.objects.get().price_per_kw == Decimal("1048000")
    response = client.post(
        reverse("market-records"),
        {
            "which": "sale",
            "season": hw.season.pk,
            "stream": "molasses_sales",
            "period_start": "2026-06-01",
            "period_end": "2026-06-30",
            "amount": "3000000",
        },
    )
    assert response.status_code == 302
    assert StreamSale.objects.get().stream == "molasses_sales"
    page = html(client.get(reverse("market-records")))
    assert "Rp 1.048.000" in page and "Rp 3.000.000" in page


@pytest.mark.parametrize("price", ["-5", "abc", "999999999999"])
def test_a_bad_price_is_refused_beside_the_field(hw, client, price):
    client.force_login(hw.manager)
    response = client.post(
        reverse("market-records"),
        {
            "which": "auction",
            "season": hw.season.pk,
            "period_start": "2026-06-01",
            "period_end": "2026-06-30",
            "price_per_kw": price,
        },
    )
    assert response.status_code == 200
    assert response.context["auction_form"].errors["price_per_kw"]
    assert not AuctionPrice.objects.exists()


def test_an_overlapping_period_is_refused_on_the_page(hw, client):
    record_auction_price(
        by=hw.manager,
        mill=hw.mill,
        season=hw.season,
        period_start=date(2026, 6, 1),
        period_end=date(2026, 6, 30),
        price_per_kw=Decimal("1"),
    )
    client.force_login(hw.manager)
    response = client.post(
        reverse("market-records"),
        {
            "which": "auction",
            "season": hw.season.pk,
            "period_start": "2026-06-15",
            "period_end": "2026-07-15",
            "price_per_kw": "1048000",
        },
    )
    assert response.status_code == 200
    assert response.context["auction_form"].errors["period_start"]
    assert AuctionPrice.objects.count() == 1


def test_field_staff_read_but_do_not_record(hw, client):
    client.force_login(hw.sinder)
    page = client.get(reverse("market-records"))
    assert page.status_code == 200
    assert 'data-testid="auction-form"' not in page.content.decode()
    response = client.post(
        reverse("market-records"),
        {
            "which": "auction",
            "season": hw.season.pk,
            "period_start": "2026-06-01",
            "period_end": "2026-06-30",
            "price_per_kw": "1",
        },
    )
    assert response.status_code == 403
    assert not AuctionPrice.objects.exists()


def test_each_mill_sees_only_its_own_records(hw, client):
    other_season = Season.objects.get(mill=hw.other_mill)
    other_manager = UserFactory(role=Role.MANAGER, mills=[hw.other_mill])
    record_auction_price(
        by=other_manager,
        mill=hw.other_mill,
        season=other_season,
        period_start=date(2026, 6, 1),
        period_end=date(2026, 6, 30),
        price_per_kw=Decimal("1234567"),
    )
    client.force_login(hw.manager)
    assert "1.234.567" not in html(client.get(reverse("market-records")))
    response = client.post(
        reverse("market-records"),
        {
            "which": "auction",
            "season": other_season.pk,
            "period_start": "2026-07-01",
            "period_end": "2026-07-30",
            "price_per_kw": "1",
        },
    )
    assert response.status_code == 200
    assert response.context["auction_form"].errors["season"]
