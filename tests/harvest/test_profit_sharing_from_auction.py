"""Profit sharing computed from the recorded auction price, through the services, the scheme
page and the API (issue 12.3, domain.md 5)."""

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from harvest.models import AuctionPrice, SettlementScheme
from harvest.services.market import correct_market_record, record_auction_price
from harvest.services.schemes import create_scheme
from harvest.services.settlement import update_draft
from harvest.statement import statement_rows
from tebu_site.models import Role
from tests.factories import DJATIROTO_SCHEME, UserFactory, farmer_user
from tests.harvest.helpers import deliver, html, settled

pytestmark = pytest.mark.django_db

D = Decimal
COMPUTED = {
    **{k: v for k, v in DJATIROTO_SCHEME.items() if k != "profit_sharing_per_kw_auctioned"},
    "profit_sharing_farmer_share": "1",
}


def computed_scheme(hw):
    hw.scheme.delete()
    return create_scheme(
        by=hw.manager,
        mill=hw.mill,
        season=hw.season,
        name="KOA dengan bagi untung lelang",
        parameters=COMPUTED,
        effective_from=date(2025, 1, 1),
    )


def auction(hw, price="1048000", by=None):
    today = timezone.localdate()
    return record_auction_price(
        by=by or hw.manager,
        mill=hw.mill,
        season=hw.season,
        period_start=today - timedelta(days=7),
        period_end=today,
        price_per_kw=D(price),
        note="Lelang APTRI",
    )


def test_a_do_shares_the_gain_of_the_recorded_auction(hw):
    # 900 kw at rendemen 6: hablur 54 kw, farmer 0.66 × 54 = 35.64 kw, 90 % auctioned = 32.076.
    # (1,048,000 − 910,000) × 100 % = 138,000/kw -> 32.076 × 138,000 = 4,426,488.
    computed_scheme(hw)
    auction(hw)
    order = settled(hw, [deliver(hw, net_kg=D("90000"), rendemen=D("6"))])

    lines = {line.code: line for line in order.lines}
    assert lines["profit_sharing_per_kw"].amount == D("138000")
    assert lines["revenue_profit_sharing"].rate == D("138000")
    assert lines["revenue_profit_sharing"].amount == D("4426488")
    assert order.inputs["auction_price_per_kw"] == "1048000"
    rows = {row.code: row for row in statement_rows(order.lines, parameters=COMPUTED)}
    assert rows["auction_price"].value == "Rp 1.048.000/kw"
    assert "Rp 910.000/kw" in rows["auction_price"].formula
    assert "Rp 138.000/kw" in rows["profit_sharing_per_kw"].formula
    assert "100 %" in rows["profit_sharing_per_kw"].formula


def test_without_a_recorded_auction_price_the_do_is_refused_with_a_reason(hw, english):
    computed_scheme(hw)
    with pytest.raises(ValidationError) as caught:
        settled(hw, [deliver(hw, net_kg=D("90000"), rendemen=D("6"))])
    assert "auction price" in " ".join(caught.value.messages)


def test_a_corrected_auction_price_reaches_the_draft_when_it_is_settled_again(hw):
    computed_scheme(hw)
    record = auction(hw)
    order = settled(hw, [deliver(hw, net_kg=D("90000"), rendemen=D("6"))])

    correct_market_record(
        by=hw.manager, record=record, value=D("1010000"), reason="Salah ketik risalah lelang"
    )
    update_draft(do=order, by=hw.manager)

    order.refresh_from_db()
    line = order.line("profit_sharing_per_kw")
    assert line.amount == D("100000")
    history = record.history.order_by("history_date")
    assert [h.price_per_kw for h in history] == [D("1048000"), D("1010000")]
    assert history.last().history_change_reason == "Salah ketik risalah lelang"
    assert history.last().history_user == hw.manager


def test_auction_periods_of_a_mill_do_not_overlap(hw):
    auction(hw)
    with pytest.raises(ValidationError) as caught:
        auction(hw, price="1050000")
    assert "period_start" in caught.value.message_dict


def test_only_a_manager_records_an_auction_price(hw):
    with pytest.raises(PermissionDenied):
        auction(hw, by=hw.sinder)


def test_a_correction_needs_a_reason(hw):
    record = auction(hw)
    with pytest.raises(ValidationError) as caught:
        correct_market_record(by=hw.manager, record=record, value=D("1"), reason=" ")
    assert "reason" in caught.value.message_dict


def test_the_scheme_page_refuses_a_share_of_55_percent_naming_the_regulation(hw, client):
    before = SettlementScheme.objects.count()
    client.force_login(hw.manager)
    response = client.post(
        reverse("scheme-create"),
        {
            "season": hw.season.pk,
            "name": "Bagi untung 55/45",
            "parameters": json.dumps({**COMPUTED, "profit_sharing_farmer_share": "0.55"}),
            "effective_from": "2030-01-01",
        },
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["parameters"])
    assert "Permentan 245/PD.320/M/5/2011" in errors
    assert "55" in errors
    assert "Permentan 245/PD.320/M/5/2011" in html(response)
    assert SettlementScheme.objects.count() == before


def test_the_api_refuses_a_share_of_55_percent_naming_the_regulation(hw):
    before = SettlementScheme.objects.count()
    client = APIClient()
    client.force_authenticate(hw.manager)
    response = client.post(
        "/api/settlement-schemes/",
        {
            "season": hw.season.pk,
            "name": "Bagi untung 55/45",
            "parameters": {**COMPUTED, "profit_sharing_farmer_share": "0.55"},
            "effective_from": "2030-01-01",
        },
        format="json",
    )
    assert response.status_code == 400, response.content
    assert "Permentan 245/PD.320/M/5/2011" in " ".join(response.json()["errors"]["parameters"])
    assert SettlementScheme.objects.count() == before


def test_the_api_records_auction_prices_and_lists_only_the_callers_mill(hw):
    client = APIClient()
    client.force_authenticate(hw.manager)
    today = timezone.localdate()
    response = client.post(
        "/api/auction-prices/",
        {
            "season": hw.season.pk,
            "period_start": (today - timedelta(days=6)).isoformat(),
            "period_end": today.isoformat(),
            "price_per_kw": "1048000",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["price_per_kw"] == "1048000.00"
    record = AuctionPrice.objects.get()

    corrected = client.post(
        f"/api/auction-prices/{record.pk}/correct/",
        {"value": "1040000", "reason": "Risalah lelang direvisi"},
        format="json",
    )
    assert corrected.status_code == 200, corrected.content
    assert corrected.json()["price_per_kw"] == "1040000.00"

    outsider = APIClient()
    outsider.force_authenticate(UserFactory(role=Role.MANAGER, mills=[hw.other_mill]))
    assert outsider.get("/api/auction-prices/").json()["results"] == []
    assert outsider.get(f"/api/auction-prices/{record.pk}/").status_code == 404
    farmer = APIClient()
    farmer.force_authenticate(farmer_user(hw.farmer))
    assert (
        farmer.post(
            f"/api/auction-prices/{record.pk}/correct/",
            {"value": "1", "reason": "x"},
            format="json",
        ).status_code
        == 403
    )


def test_the_api_refuses_a_negative_or_absurd_auction_price(hw):
    client = APIClient()
    client.force_authenticate(hw.manager)
    for price in ("-1", "1e400", "999999999999"):
        response = client.post(
            "/api/auction-prices/",
            {
                "season": hw.season.pk,
                "period_start": "2026-06-01",
                "period_end": "2026-06-07",
                "price_per_kw": price,
            },
            format="json",
        )
        assert response.status_code == 400, (price, response.content)
        assert "price_per_kw" in response.json()["errors"]
    assert AuctionPrice.objects.count() == 0
