"""PG Pakis Baru's terms on the pages: the limit's reasons on the application page and the
farmer's ledger, the guarantor form, the first-harvest bands and the fertiliser draw form."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from credit.models import GuarantorKind, GuarantorRule
from credit.services import workflow
from tests.credit.helpers import kur_application, to_verified
from tests.credit.pakis_baru import earlier_season, first_harvest, pakis_baru_product
from tests.harvest.helpers import html

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

D = Decimal


@pytest.fixture
def application(cw):
    first_harvest(cw, earlier_season(cw))
    return kur_application(cw, product=pakis_baru_product(cw), requested=D("16000000"))


def test_staff_see_what_decided_the_first_loan_and_record_the_mill_as_avalis(
    client, cw, application
):
    client.force_login(cw.sinder)
    page = html(client.get(reverse("credit-application", args=[application.pk])))
    assert "2017/2018" in page and "Rp 8.000.000" in page and "Rp 16.000.000" in page
    # The four quality checks, each with its value and what it gave.
    assert page.count('data-testid="limit-row"') == 4
    assert "6,80 %" in page and "864 kw/ha" in page and "1 of 11 loads" in page
    # 2 ha × 500 kg = 1,000 kg: 600 Phonska, 400 ZA.
    assert "600 kg Phonska" in page and "400 kg ZA" in page
    assert 'data-testid="record-guarantee"' in page

    url = reverse("credit-application-guarantee", args=[application.pk])
    refused = client.post(url, {"kind": GuarantorKind.PERSON, "person_name": "Sutrisno"})
    assert refused.status_code == 400
    assert "guaranteed by the mill" in html(refused)
    response = client.post(url, {"kind": GuarantorKind.MILL})
    assert response.status_code == 302
    page = html(client.get(reverse("credit-application", args=[application.pk])))
    assert f"<strong>{cw.mill.name}</strong>" in page
    assert "Guarantee letter (avalis)" in page


def test_the_farmer_reads_the_same_reasons_and_the_quota_left(client, cw):
    first_harvest(cw, earlier_season(cw))
    product = pakis_baru_product(cw, guarantor_rule=GuarantorRule.NONE)
    application = to_verified(cw, kur_application(cw, product=product, requested=D("16000000")))
    workflow.approve_application(
        application=application, by=cw.credit, amount=D("16000000"), approved_on=date(2018, 6, 1)
    )
    client.force_login(cw.credit)
    draw_url = reverse("credit-fertiliser-draw", args=[cw.farmer.pk])
    over = client.post(
        draw_url,
        {
            "season": cw.season.pk,
            "phonska_kg": "601",
            "za_kg": "0",
            "value": "0",
            "drawn_on": "2018-07-01",
        },
    )
    assert over.status_code == 400 and "Only 600,00 kg of Phonska" in html(over)
    drawn = client.post(
        draw_url,
        {
            "season": cw.season.pk,
            "phonska_kg": "250",
            "za_kg": "100",
            "value": "745000",
            "drawn_on": "2018-07-01",
        },
    )
    assert drawn.status_code == 302

    client.force_login(cw.farmer_login)
    page = html(client.get(reverse("credit-portal-ledger")))
    assert "How your credit limit was decided" in page
    assert "First loan sized by the 2017/2018 harvest" in page
    # 600 − 250 = 350 kg Phonska and 400 − 100 = 300 kg ZA left.
    assert 'data-testid="phonska-left">350 kg' in page
    assert 'data-testid="za-left">300 kg' in page
    assert "record-guarantee" not in page and "fertiliser-draw-link" not in page


def test_a_manager_sets_the_first_harvest_bands(client, cw):
    product = pakis_baru_product(cw)
    url = reverse("credit-product-bands", args=[product.pk])
    client.force_login(cw.manager)
    form = {
        "band-TOTAL_FORMS": "1",
        "band-INITIAL_FORMS": "0",
        "band-0-limit_per_ha": "10000000",
    }
    refused = client.post(url, form)
    assert refused.status_code == 400 and "at least one threshold" in html(refused)
    form["band-0-min_rendemen_percent"] = "6.5"
    assert client.post(url, form).status_code == 302
    assert [
        (b.limit_per_ha, b.min_rendemen_percent) for b in product.first_harvest_bands.all()
    ] == [(D("10000000"), D("6.5"))]
    page = html(client.get(reverse("credit-product-tranches", args=[product.pk])))
    assert "Rp 10.000.000/ha" in page and 'data-testid="bands-link"' in page
    client.force_login(cw.sinder)
    assert client.post(url, form).status_code == 403


def test_the_ledger_api_gives_the_decision_and_the_quota(client, cw, application):
    client.force_login(cw.farmer_login)
    data = client.get(reverse("credit-api-ledger-own")).json()
    limit = data["loans"][0]["limit"]
    assert limit["decision"]["basis"] == "first_harvest"
    assert limit["decision"]["amount"] == "16000000.00"
    assert [f["code"] for f in limit["decision"]["factors"]] == [
        "rendemen",
        "yield",
        "rejected",
        "trash",
    ]
    assert limit["guarantor_rule"] == "mill" and limit["guarantee"] is None
    assert limit["fertiliser_quota"] == {
        "area_ha": "2.0000",
        "phonska_kg": "600.00",
        "za_kg": "400.00",
    }
    # Not a loan yet: no season quota to draw from.
    assert data["fertiliser_quotas"] == []
