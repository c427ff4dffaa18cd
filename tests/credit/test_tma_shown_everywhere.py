"""The one account of TMA money is the same wherever it is read: the farmer's DO page, the print,
the staff DO page, the harvest API's DO detail, the farmer's credit ledger (page and API); and a
weight corrected after issue moves the tranche's use with the DO, audited."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from credit.models import Payee, TrancheUse
from harvest.services.delivery_orders import issue_do
from harvest.services.settlement import settle_do
from harvest.services.weighbridge import correct_weighing
from tests.credit.test_tma_paid_once import TRANCHE, cut_by_the_mill, loan  # noqa: F401

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def issued(cw, loan):  # noqa: F811
    do = settle_do(
        by=cw.manager, farmer=cw.farmer, season=cw.season, weighings=cut_by_the_mill(cw, 30)
    )
    return issue_do(do=do, by=cw.manager)


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("page", ["my-do", "do-print"])
def test_the_farmer_reads_the_tranche_on_the_do_and_the_print(cw, loan, issued, client, page):  # noqa: F811
    client.force_login(cw.farmer_login)
    html = client.get(reverse(page, args=[issued.pk])).content.decode()
    assert 'data-testid="do-line-deduction_tma_paid"' in html
    assert "-Rp 26.150.000" in html
    assert loan.number in html
    assert 'data-testid="do-line-tma_charged"' in html and "Rp 50.350.000" in html
    assert 'data-testid="do-line-tma_left"' in html


def test_the_staff_do_page_shows_the_same_lines(cw, loan, issued, client):  # noqa: F811
    client.force_login(cw.manager)
    html = client.get(reverse("do-detail", args=[issued.pk])).content.decode()
    assert "-Rp 26.150.000" in html and "Rp 50.350.000" in html


def test_the_api_do_detail_gives_the_tma_account(cw, loan, issued):  # noqa: F811
    body = _api(cw.farmer_login).get(f"/api/delivery-orders/{issued.pk}/").json()
    account = body["tma_account"]
    assert account["cutting_and_haulage"] == "76500000.00"
    assert account["charged_on_do"] == "50350000.00"
    (paid,) = account["paid_from_loan"]
    assert loan.number in paid["tranche"]
    assert (paid["unused_before"], paid["paid"], paid["left"]) == (
        "26150000.00",
        "26150000.00",
        "0.00",
    )
    codes = [line["code"] for line in body["lines"]]
    assert codes.index("deduction_haulage") < codes.index("deduction_tma_paid")


def test_the_farmer_ledger_page_and_api_list_each_use(cw, loan, issued, client):  # noqa: F811
    client.force_login(cw.farmer_login)
    html = client.get(reverse("credit-portal-ledger")).content.decode()
    assert 'data-state="used"' in html
    assert 'data-testid="ledger-tranche-use"' in html
    assert issued.number in html
    for figure in ("Rp 76.500.000", "<strong>Rp 26.150.000</strong>", "Rp 50.350.000"):
        assert figure in html
    assert 'data-testid="ledger-tranche-left"' in html

    body = _api(cw.farmer_login).get("/api/credit/ledger/").json()
    tranche = body["loans"][0]["tranches"][1]
    assert tranche["state"] == "used" and tranche["left"] == "0.00"
    assert tranche["uses"] == [
        {
            "delivery_order": issued.number,
            "used_on": timezone.localdate(issued.issued_at).isoformat(),
            "cutting_and_haulage": "76500000.00",
            "paid_from_tranche": "26150000.00",
            "charged_on_do": "50350000.00",
        }
    ]


def test_a_weight_corrected_after_issue_gives_back_what_the_do_no_longer_uses(
    cw,
    loan,  # noqa: F811
    issued,
):
    """One load of 300 kw corrected to 100 kw: the DO's cutting and haulage fall by 200 kw ×
    Rp 8,500 = Rp 1,700,000, still above the tranche, so it still pays all of it. Then the DO
    shrinks below the tranche: the tranche pays only the charges, and Rp 650,000 is left."""
    tma = loan.disbursements.get(payee=Payee.MILL)
    weighings = list(issued.weighings.order_by("id"))
    correct_weighing(
        weighing=weighings[0],
        by=cw.manager,
        reason="Angka timbang salah ketik",
        gross_kg=D("17000"),
        tare_kg=D("7000"),
        trash_percent=D("0"),
    )
    issued.refresh_from_db()
    assert issued.line("tma_charged").amount == D("76500000") - D("1700000") - TRANCHE
    assert TrancheUse.objects.get(delivery_order=issued).amount == TRANCHE

    # The other 29 loads were 100 kw too: 3,000 kw in all, Rp 25,500,000 of cutting and haulage.
    for weighing in weighings[1:]:
        correct_weighing(
            weighing=weighing,
            by=cw.manager,
            reason="Angka timbang salah ketik",
            gross_kg=D("17000"),
            tare_kg=D("7000"),
            trash_percent=D("0"),
        )
    issued.refresh_from_db()
    use = TrancheUse.objects.get(delivery_order=issued)
    assert use.amount == D("25500000")
    assert issued.line("tma_left").amount == TRANCHE - D("25500000")
    assert issued.line("tma_charged").amount == 0
    tma.refresh_from_db()
    assert tma.left == TRANCHE - D("25500000")
    assert tma.state == "partly_used" and tma.used_by_delivery_order is None
    # Every change of the use is in its history, with who made it.
    history = list(use.history.order_by("history_date", "history_id"))
    assert history[0].amount == TRANCHE and history[-1].amount == D("25500000")
    assert {h.history_user for h in history} == {cw.manager}
