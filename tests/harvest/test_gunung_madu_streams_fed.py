"""PT Gunung Madu (domain.md 5b, issue 12.8): the farmer's shares of the harvest, the molasses
sales and the sugar sales are fed from his weighings and the mill's recorded sales of the
period, never typed into the DO; a fed value may be corrected by hand with a reason (audited)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from rest_framework.test import APIClient

from harvest.services.market import record_stream_sale
from harvest.services.schemes import create_scheme
from harvest.services.settlement import update_draft
from harvest.statement import statement_rows
from tebu_site.history import changes
from tests.harvest.helpers import deliver, settled

pytestmark = pytest.mark.django_db

D = Decimal
GUNUNG_MADU = {
    "kind": "multi_stream",
    "stream_shares": {"harvest": "0.70", "molasses_sales": "0.60", "sugar_sales": "0.65"},
    "stream_sources": {
        "harvest": {"from": "weighings", "price_per_kw_cane": "40000"},
        "molasses_sales": {"from": "sales", "basis": "cane"},
        "sugar_sales": {"from": "sales", "basis": "hablur"},
    },
}


@pytest.fixture
def gunung_madu(hw):
    hw.scheme.delete()
    return create_scheme(
        by=hw.manager,
        mill=hw.mill,
        season=hw.season,
        name="Kemitraan mandiri Gunung Madu",
        parameters=GUNUNG_MADU,
        effective_from=date(2025, 1, 1),
    )


def sales(hw, **amounts):
    today = timezone.localdate()
    for stream, amount in amounts.items():
        record_stream_sale(
            by=hw.manager,
            mill=hw.mill,
            season=hw.season,
            stream=stream,
            period_start=today - timedelta(days=6),
            period_end=today,
            amount=D(amount),
        )


@pytest.fixture
def period(hw, gunung_madu):
    """Buriyanto delivers 500 kw at rendemen 8 (hablur 40 kw), Sumarni 500 kw at rendemen 6
    (hablur 30 kw): the period holds 1,000 kw of cane and 70 kw of hablur."""
    own = deliver(hw, net_kg=D("50000"), rendemen=D("8"))
    deliver(hw, net_kg=D("50000"), rendemen=D("6"), plot=hw.south_plot)
    return own


def test_each_stream_is_fed_from_the_weighings_and_the_recorded_sales(hw, period):
    # harvest: 500 kw × Rp 40,000 = 20,000,000, farmer 70 % = 14,000,000
    # molasses: 3,000,000 × 500/1,000 kw of cane = 1,500,000, farmer 60 % = 900,000
    # sugar: 70,000,000 × 40/70 kw of hablur = 40,000,000, farmer 65 % = 26,000,000
    sales(hw, molasses_sales="3000000", sugar_sales="70000000")

    order = settled(hw, [period])

    assert order.total_revenue == D("40900000")
    streams = {line.label: line.amount for line in order.lines if line.code == "revenue_stream"}
    assert streams == {
        "harvest": D("14000000"),
        "molasses_sales": D("900000"),
        "sugar_sales": D("26000000"),
    }
    fed = {line.label: line for line in order.lines if line.code.startswith("stream_from_")}
    assert fed["harvest"].quantity == D("500")
    assert fed["harvest"].rate == D("40000")
    assert fed["molasses_sales|cane"].rate == D("0.5")
    assert fed["sugar_sales|hablur"].amount == D("40000000")
    assert "stream_values" not in order.inputs
    with translation.override("en"):
        rows = {row.code + row.title: row for row in statement_rows(order.lines)}
    sugar = rows["stream_from_salesYour part of the sugar sales of the period"]
    assert "Rp 70.000.000" in sugar.formula
    assert "your hablur" in sugar.formula


def test_typing_the_streams_again_is_refused(hw, period):
    sales(hw, molasses_sales="3000000", sugar_sales="70000000")
    with pytest.raises(ValidationError) as caught:
        settled(hw, [period], stream_values={"harvest": D("1")})
    assert "stream_values" in caught.value.message_dict


def test_without_the_periods_sales_the_do_waits(hw, period):
    sales(hw, molasses_sales="3000000")
    with pytest.raises(ValidationError) as caught:
        settled(hw, [period])
    assert "sugar_sales" in " ".join(caught.value.messages)


def test_a_hand_correction_needs_a_reason_and_stays_in_the_history(hw, period):
    sales(hw, molasses_sales="3000000", sugar_sales="70000000")
    order = settled(hw, [period])

    with pytest.raises(ValidationError) as caught:
        update_draft(
            do=order, by=hw.manager, stream_corrections={"molasses_sales": {"amount": "1600000"}}
        )
    assert "stream_corrections" in caught.value.message_dict

    update_draft(
        do=order,
        by=hw.manager,
        stream_corrections={
            "molasses_sales": {"amount": "1600000", "reason": "Tetes dari truk yang tertunda"}
        },
    )
    order.refresh_from_db()
    # 0.60 × 1,600,000 = 960,000 instead of 900,000.
    assert order.total_revenue == D("40960000")
    correction = order.line("stream_correction")
    assert (correction.quantity, correction.amount) == (D("1500000"), D("1600000"))
    with translation.override("en"):
        (row,) = [
            r
            for r in statement_rows([correction], inputs=order.inputs)
            if r.code == correction.code
        ]
    assert "Tetes dari truk yang tertunda" in row.formula
    assert "Rp 1.500.000" in row.formula
    # The history names who corrected the stream, with the inputs before and after.
    latest = changes(order, order.history.order_by("history_date", "history_id"))[-1]
    assert "stream_corrections" not in latest.before.inputs
    assert latest.after.inputs["stream_corrections"]["molasses_sales"]["reason"] == (
        "Tetes dari truk yang tertunda"
    )
    assert latest.by == hw.manager


def test_the_api_records_sales_and_corrects_a_draft_stream(hw, period):
    client = APIClient()
    client.force_authenticate(hw.manager)
    today = timezone.localdate()
    for stream, amount in (("molasses_sales", "3000000"), ("sugar_sales", "70000000")):
        response = client.post(
            "/api/stream-sales/",
            {
                "season": hw.season.pk,
                "stream": stream,
                "period_start": (today - timedelta(days=6)).isoformat(),
                "period_end": today.isoformat(),
                "amount": amount,
            },
            format="json",
        )
        assert response.status_code == 201, response.content
    response = client.post(
        "/api/delivery-orders/",
        {"farmer": hw.farmer.pk, "season": hw.season.pk, "weighings": [period.pk]},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["total_revenue"] == "40900000.00"
    draft = client.post(
        f"/api/delivery-orders/{response.json()['id']}/draft/",
        {"stream_corrections": {"sugar_sales": {"amount": "-5", "reason": "x"}}},
        format="json",
    )
    assert draft.status_code == 400
    draft = client.post(
        f"/api/delivery-orders/{response.json()['id']}/draft/",
        {"stream_corrections": {"sugar_sales": {"amount": "41000000", "reason": "Susut gudang"}}},
        format="json",
    )
    assert draft.status_code == 200, draft.content
    # 26,000,000 -> 0.65 × 41,000,000 = 26,650,000.
    assert draft.json()["total_revenue"] == "41550000.00"

    other = APIClient()
    other.force_authenticate(hw.other_sinder)
    assert other.get("/api/stream-sales/").json()["results"] == []


def test_sources_must_name_exactly_the_shared_streams(hw):
    from harvest.calculations.errors import SettlementInputError
    from harvest.calculations.settlement import scheme_from_dict

    sources = dict(GUNUNG_MADU["stream_sources"])
    del sources["harvest"]
    with pytest.raises(SettlementInputError):
        scheme_from_dict({**GUNUNG_MADU, "stream_sources": sources})
    with pytest.raises(SettlementInputError):
        scheme_from_dict(
            {
                **GUNUNG_MADU,
                "stream_sources": {
                    **GUNUNG_MADU["stream_sources"],
                    "sugar_sales": {"from": "sales", "basis": "weather"},
                },
            }
        )
