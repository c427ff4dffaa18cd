"""PT SMS Dompu (domain.md 5b, issue 12.7): each load's price per kg follows its quality check
(age, stalk height and quality, variety purity, pest-free): the contract price Rp 380/kg when it
meets every standard, Rp 250/kg otherwise, and the DO statement names the standard it failed."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from harvest.calculations.errors import SettlementInputError
from harvest.calculations.settlement import scheme_from_dict
from harvest.models import DoAdjustment, QualityCheck
from harvest.services.delivery_orders import issue_do
from harvest.services.quality import record_quality_check
from harvest.services.schemes import create_scheme
from harvest.services.spta import issue_spta
from harvest.statement import statement_rows
from tests.factories import farmer_user
from tests.harvest.helpers import html, settled, weigh

pytestmark = pytest.mark.django_db

D = Decimal
PT_SMS = {
    "kind": "price_per_kg",
    "contract_price_per_kg": "380",
    "below_standard_price_per_kg": "250",
    "quality_standards": {
        "min_age_months": "12",
        "min_stalk_height_cm": "200",
        "min_variety_purity_percent": "95",
    },
}
GOOD = {
    "age_months": D("13"),
    "stalk_height_cm": D("240"),
    "stalk_quality_ok": True,
    "variety_purity_percent": D("98"),
    "pest_free": True,
}


@pytest.fixture
def dompu(hw):
    hw.scheme.delete()
    return create_scheme(
        by=hw.manager,
        mill=hw.mill,
        season=hw.season,
        name="Pola inti-plasma PT SMS Dompu",
        parameters=PT_SMS,
        effective_from=date(2025, 1, 1),
    )


def load(hw, **changes):
    spta = issue_spta(
        by=hw.manager,
        plot=hw.plot,
        cutting_date=timezone.localdate(),
        quota_kw=D("80"),
        truck_plate="EA 1 B",
        driver_name="Jamal",
    )
    return weigh(hw, spta, **changes)  # 15,000 − 7,000 = 8,000 kg


def check(hw, weighing, **changes):
    return record_quality_check(by=hw.qc, weighing=weighing, **{**GOOD, **changes})


def test_the_worked_example_one_load_passes_one_fails(hw, dompu):
    # Load 1 meets every standard: 8,000 kg × Rp 380 = 3,040,000.
    # Load 2 has stalks of 180 cm (standard: at least 200): 8,000 kg × Rp 250 = 2,000,000.
    passing, failing = load(hw), load(hw)
    check(hw, passing)
    check(hw, failing, stalk_height_cm=D("180"))

    order = settled(hw, [passing, failing])

    lines = [line for line in order.lines if line.code == "revenue_load"]
    assert [(line.quantity, line.rate, line.amount) for line in lines] == [
        (D("8000"), D("380"), D("3040000")),
        (D("8000"), D("250"), D("2000000")),
    ]
    assert order.total_revenue == D("5040000")
    # A lower price decided by a recorded check is the contract's rule, not a shortfall.
    assert order.price_shortfall == 0
    assert order.warnings == []
    with translation.override("en"):
        rows = [
            row
            for row in statement_rows(order.lines, parameters=dompu.parameters)
            if row.code == "revenue_load"
        ]
    assert rows[0].title == f"Load {passing.spta.number}: meets the quality standards"
    assert "Rp 380/kg" in rows[0].formula
    assert rows[1].title == f"Load {failing.spta.number}: below the quality standard"
    assert "Rp 250/kg" in rows[1].formula
    assert "stalk height at least 200 cm" in rows[1].formula
    assert "pests" not in rows[1].formula


def test_every_failed_standard_is_named(hw, dompu):
    weighing = load(hw)
    check(
        hw,
        weighing,
        age_months=D("10"),
        stalk_quality_ok=False,
        variety_purity_percent=D("90"),
        pest_free=False,
    )
    order = settled(hw, [weighing])
    line = order.line("revenue_load")
    assert line.label.split("|")[1] == "age,stalk_quality,variety_purity,pest_free"
    with translation.override("en"):
        (row,) = [
            row
            for row in statement_rows([line], parameters=dompu.parameters)
            if row.code == "revenue_load"
        ]
    for words in (
        "cane age at least 12 months",
        "stalk quality",
        "variety purity at least 95 %",
        "free of pests",
    ):
        assert words in row.formula


def test_the_do_statement_pages_name_the_failed_standard(hw, dompu, client, english):
    weighing = load(hw)
    check(hw, weighing, pest_free=False)
    order = settled(hw, [weighing])
    issue_do(do=order, by=hw.manager)

    client.force_login(farmer_user(hw.farmer))
    page = html(client.get(reverse("my-do", args=[order.pk])))
    assert "free of pests" in page
    assert "Rp 250/kg" in page or "Rp 250/kg".replace(" ", "&nbsp;") in page


def test_a_load_without_a_check_is_not_settled(hw, dompu):
    checked, unchecked = load(hw), load(hw)
    check(hw, checked)
    with pytest.raises(ValidationError) as caught:
        settled(hw, [checked, unchecked])
    assert unchecked.spta.number in " ".join(caught.value.messages)


def test_a_correction_needs_a_reason_and_adjusts_the_issued_do(hw, dompu):
    weighing = load(hw)
    check(hw, weighing, stalk_height_cm=D("180"))
    order = settled(hw, [weighing])
    issue_do(do=order, by=hw.manager)
    assert order.total_revenue == D("2000000")

    with pytest.raises(ValidationError) as caught:
        check(hw, weighing)
    assert "reason" in caught.value.message_dict

    check(hw, weighing, reason="Tinggi batang diukur ulang: 210 cm", stalk_height_cm=D("210"))

    order.refresh_from_db()
    assert order.total_revenue == D("3040000")
    adjustment = DoAdjustment.objects.get(delivery_order=order)
    assert "Tinggi batang diukur ulang" in adjustment.reason
    quality = QualityCheck.objects.get(weighing=weighing)
    assert [h.stalk_height_cm for h in quality.history.order_by("history_date")] == [
        D("180"),
        D("210"),
    ]


def test_the_api_records_a_check_and_refuses_bad_values(hw, dompu):
    weighing = load(hw)
    client = APIClient()
    client.force_authenticate(hw.qc)
    body = {
        "weighing": weighing.pk,
        "age_months": "13",
        "stalk_height_cm": "240",
        "stalk_quality_ok": True,
        "variety_purity_percent": "98",
        "pest_free": False,
    }
    for field, bad in (("variety_purity_percent", "101"), ("stalk_height_cm", "-1")):
        response = client.post("/api/quality-checks/", {**body, field: bad}, format="json")
        assert response.status_code == 400, response.content
        assert field in response.json()["errors"]
    response = client.post("/api/quality-checks/", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["pest_free"] is False
    again = client.post("/api/quality-checks/", body, format="json")
    assert again.status_code == 400
    assert "reason" in again.json()["errors"]

    farmer = APIClient()
    farmer.force_authenticate(farmer_user(hw.farmer))
    assert farmer.post("/api/quality-checks/", body, format="json").status_code == 403
    assert [row["id"] for row in farmer.get("/api/quality-checks/").json()["results"]] == [
        response.json()["id"]
    ]
    other = APIClient()
    other.force_authenticate(hw.other_sinder)
    assert other.get("/api/quality-checks/").json()["results"] == []


def test_a_scheme_with_standards_needs_the_lower_price_and_no_blanket_paid_price():
    without_lower = {k: v for k, v in PT_SMS.items() if k != "below_standard_price_per_kg"}
    with pytest.raises(SettlementInputError):
        scheme_from_dict(without_lower)
    with pytest.raises(SettlementInputError):
        scheme_from_dict({**PT_SMS, "paid_price_per_kg": "250"})
    with pytest.raises(SettlementInputError):
        scheme_from_dict({**PT_SMS, "quality_standards": {"min_sweetness": "1"}})
    with pytest.raises(SettlementInputError):
        scheme_from_dict({**PT_SMS, "below_standard_price_per_kg": "400"})
