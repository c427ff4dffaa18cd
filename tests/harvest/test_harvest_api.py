"""The API from SPTA to payment: every step through its service, refusals in the project's error
shape, and the schema generated."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from harvest.models import DoStatus, Weighing

pytestmark = pytest.mark.django_db

D = Decimal


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_spta_to_paid_do_through_the_api(hw):
    today = timezone.localdate()
    spta = api(hw.sinder).post(
        "/api/sptas/",
        {
            "plot": hw.plot.pk,
            "cutting_date": today.isoformat(),
            "quota_kw": "300",
            "truck_plate": "P 7 Q",
            "driver_name": "Parman",
        },
        format="json",
    )
    assert spta.status_code == 201, spta.content
    number = spta.json()["number"]
    assert spta.json()["events"][0]["action"] == "issue"

    now = timezone.now()
    weighing = api(hw.clerk).post(
        "/api/weighings/",
        {
            "spta_number": number,
            "gross_kg": "37000",
            "tare_kg": "7000",
            "trash_percent": "0",
            "cut_at": (now - timedelta(hours=6)).isoformat(),
            "arrived_at": (now - timedelta(hours=1)).isoformat(),
        },
        format="json",
    )
    assert weighing.status_code == 201, weighing.content
    assert weighing.json()["net_kg"] == "30000.00"

    analysis = api(hw.qc).post(
        "/api/rendemen-analyses/",
        {"weighings": [weighing.json()["id"]], "rendemen_percent": "7", "direct_reason": "lab"},
        format="json",
    )
    assert analysis.status_code == 201, analysis.content
    assert analysis.json()["method"] == "direct"

    order = api(hw.manager).post(
        "/api/delivery-orders/",
        {
            "farmer": hw.farmer.pk,
            "season": hw.season.pk,
            "weighings": [weighing.json()["id"]],
            "credit_deductions": [{"label": "KUR angsuran 1", "amount": "1000000"}],
        },
        format="json",
    )
    assert order.status_code == 201, order.content
    body = order.json()
    assert body["status"] == "draft"
    assert body["cane_kw"] == "300.000"
    assert any(line["code"] == "deduction_credit" for line in body["lines"])

    issued = api(hw.manager).post(f"/api/delivery-orders/{body['id']}/issue/")
    assert issued.status_code == 200 and issued.json()["status"] == DoStatus.ISSUED
    payable = D(issued.json()["payable"])
    for amount in (payable / 2, payable - payable / 2):
        paid = api(hw.credit).post(
            "/api/do-payments/",
            {
                "delivery_order": body["id"],
                "paid_on": timezone.localdate().isoformat(),
                "amount": str(amount.quantize(D("0.01"))),
                "method": "transfer",
            },
            format="json",
        )
        assert paid.status_code == 201, paid.content
    final = api(hw.manager).get(f"/api/delivery-orders/{body['id']}/").json()
    assert final["status"] == DoStatus.PAID
    assert len(final["payments"]) == 2
    assert final["days_waited"] == 0


def test_refusals_use_the_error_shape_and_save_nothing(hw):
    from tests.factories import SptaFactory

    spta = SptaFactory(plot=hw.plot)
    now = timezone.now()
    response = api(hw.clerk).post(
        "/api/weighings/",
        {
            "spta": spta.pk,
            "gross_kg": "7000",
            "tare_kg": "15000",
            "cut_at": (now - timedelta(hours=6)).isoformat(),
            "arrived_at": (now - timedelta(hours=1)).isoformat(),
        },
        format="json",
    )

    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert "tare_kg" in body["errors"]
    assert not Weighing.objects.exists()


def test_rendemen_correction_through_the_api_keeps_history(hw):
    from tests.harvest.helpers import deliver

    load = deliver(hw, net_kg=D("10000"), rendemen=D("6.5"))
    analysis_id = load.rendemen_analysis_id

    response = api(hw.qc).post(
        f"/api/rendemen-analyses/{analysis_id}/correct/",
        {"rendemen_percent": "6.9", "direct_reason": "lab", "reason": "re-read"},
        format="json",
    )

    assert response.status_code == 200, response.content
    history = response.json()["history"]
    assert [row["rendemen_percent"] for row in history] == ["6.50", "6.90"]
    assert history[-1]["reason"] == "re-read"


def test_schema_lists_the_harvest_endpoints():
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    for path in (
        "/api/sptas/",
        "/api/weighings/",
        "/api/rendemen-analyses/",
        "/api/settlement-schemes/",
        "/api/delivery-orders/",
        "/api/do-payments/",
    ):
        assert path in paths
