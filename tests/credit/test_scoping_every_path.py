"""Nobody sees another's credit, on every path: API lists and details of applications, documents
(and their files), tranches and repayments, the ledger by API and by selector. Tried by the
farmer of another farmer, field staff of another region and a manager of another mill."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from credit.selectors import ledger_for
from credit.services import disbursements, repayments, workflow
from tests.credit.helpers import kur_application, to_verified

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def loan(cw):
    application = to_verified(cw, kur_application(cw, requested=D("40000000")))
    workflow.approve_application(
        application=application,
        by=cw.credit,
        amount=D("40000000"),
        approved_on=timezone.localdate() - timedelta(days=40),
    )
    tranche = application.disbursements.order_by("order").first()
    disbursements.record_tranche_paid(
        disbursement=tranche, by=cw.credit, paid_on=timezone.localdate() - timedelta(days=30)
    )
    repayments.record_repayment(
        by=cw.credit,
        farmer=cw.farmer,
        season=cw.season,
        paid_on=timezone.localdate(),
        amount=D("1000000"),
    )
    return application


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def outsiders(cw):
    return {
        "farmer of another farmer": cw.south_login,
        "field staff of another region": cw.south_sinder,
        "manager of another mill": cw.other_manager,
    }


@pytest.mark.parametrize("who", ["own farmer", "sinder", "credit officer", "manager"])
def test_those_who_may_see_it_see_it_on_every_path(cw, loan, who):
    user = {
        "own farmer": cw.farmer_login,
        "sinder": cw.sinder,
        "credit officer": cw.credit,
        "manager": cw.manager,
    }[who]
    client = client_for(user)
    assert loan.pk in ids(client.get("/api/credit/applications/"))
    assert client.get(f"/api/credit/applications/{loan.pk}/").status_code == 200
    document = loan.documents.first()
    download = client.get(f"/api/credit/documents/{document.pk}/download/")
    assert download.status_code == 200
    assert download["Cache-Control"] == "private, no-store"
    tranche = loan.disbursements.first()
    assert tranche.pk in ids(client.get("/api/credit/disbursements/"))
    assert len(ids(client.get("/api/credit/repayments/"))) == 1
    ledger = client.get(f"/api/credit/ledger/{cw.farmer.pk}/")
    assert ledger.status_code == 200
    assert ledger.json()["loans"][0]["number"] == loan.number


@pytest.mark.parametrize(
    "who", ["farmer of another farmer", "field staff of another region", "manager of another mill"]
)
def test_nobody_else_sees_it_on_any_path(cw, loan, who):
    user = outsiders(cw)[who]
    client = client_for(user)
    assert loan.pk not in ids(client.get("/api/credit/applications/"))
    assert client.get(f"/api/credit/applications/{loan.pk}/").status_code == 404
    document = loan.documents.first()
    assert client.get(f"/api/credit/documents/{document.pk}/").status_code == 404
    assert client.get(f"/api/credit/documents/{document.pk}/download/").status_code == 404
    tranche = loan.disbursements.first()
    assert tranche.pk not in ids(client.get("/api/credit/disbursements/"))
    assert client.get(f"/api/credit/disbursements/{tranche.pk}/").status_code == 404
    assert ids(client.get("/api/credit/repayments/")) == set()
    assert client.get(f"/api/credit/ledger/{cw.farmer.pk}/").status_code == 404
    assert ledger_for(user, cw.farmer) is None
    # Nor may they act on it.
    assert client.post(f"/api/credit/disbursements/{tranche.pk}/pay/", {}).status_code in (403, 404)


def test_the_farmer_reads_their_own_ledger_without_an_id(cw, loan):
    response = client_for(cw.farmer_login).get("/api/credit/ledger/")
    assert response.status_code == 200
    body = response.json()
    assert body["farmer"] == cw.farmer.pk
    assert body["loans"][0]["repayments"][0]["interest"] is not None
    other = client_for(cw.south_login).get("/api/credit/ledger/")
    assert other.status_code == 200
    assert other.json()["loans"] == []


def test_products_are_for_the_mills_staff_only(cw):
    assert cw.kur.pk in ids(client_for(cw.sinder).get("/api/credit/products/"))
    assert ids(client_for(cw.farmer_login).get("/api/credit/products/")) == set()
    assert ids(client_for(cw.other_manager).get("/api/credit/products/")) == set()


def test_only_managers_write_products(cw):
    change = {"annual_rate_percent": "6.5"}
    assert (
        client_for(cw.credit).patch(f"/api/credit/products/{cw.kur.pk}/", change).status_code == 403
    )
    assert (
        client_for(cw.farmer_login).patch(f"/api/credit/products/{cw.kur.pk}/", change).status_code
        == 403
    )
    response = client_for(cw.manager).patch(f"/api/credit/products/{cw.kur.pk}/", change)
    assert response.status_code == 200, response.content
    cw.kur.refresh_from_db()
    assert cw.kur.annual_rate_percent == D("6.5")


def test_staff_cannot_apply_for_a_farmer_they_cannot_see(cw):
    payload = {
        "farmer": cw.farmer.pk,
        "product": cw.kur.pk,
        "requested_amount": "1000000",
        "declares_no_bank_loan": True,
        "plots": [{"plot": cw.ratoon_plot.pk}],
    }
    refused = client_for(cw.south_sinder).post("/api/credit/applications/", payload, format="json")
    assert refused.status_code == 400
    assert "farmer" in refused.json()["errors"]
    created = client_for(cw.sinder).post("/api/credit/applications/", payload, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["ceiling_amount"] == "41300000.00"
