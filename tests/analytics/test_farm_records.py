"""Farm records entered by staff feed income, t-test and logit analyses on the system's data."""

from decimal import Decimal

import numpy as np
import pytest
from django.test import Client
from django.urls import reverse

from analytics.models import CostCategory, FarmCostLine, FarmRecord, FarmRevenueLine, RunStatus
from analytics.services import execute_run, request_system_run
from partners.models import PartnerType
from tebu_site.models import Role
from tests.factories import FarmerFactory, RegionFactory, SeasonFactory, UserFactory, farmer_user

pytestmark = pytest.mark.django_db


def add_record(farmer, season, *, cane_kw, price=38000, labour=11_000_000, area="1.0"):
    record = FarmRecord.objects.create(farmer=farmer, season=season, area_ha=Decimal(area))
    FarmCostLine.objects.create(
        record=record, item="Sewa", category=CostCategory.LAND_RENT, unit_price=Decimal("5000000")
    )
    FarmCostLine.objects.create(
        record=record,
        item="Tenaga kerja",
        category=CostCategory.HIRED_LABOUR,
        unit_price=Decimal(labour),
    )
    FarmRevenueLine.objects.create(
        record=record,
        item="Tebu",
        quantity=Decimal(cane_kw),
        unit="kw",
        price=Decimal(price),
        main_product=True,
    )
    return record


@pytest.fixture
def season_with_farms():
    region = RegionFactory()
    season = SeasonFactory(mill=region.mill, name="2025/2026")
    rng = np.random.default_rng(11)
    for _ in range(8):
        partner = FarmerFactory(
            region=region,
            partner_type=PartnerType.TRK,
            farming_since_year=int(rng.integers(1985, 2015)),
            education="sma",
            household_size=int(rng.integers(2, 8)),
        )
        add_record(partner, season, cane_kw=int(rng.normal(1000, 120)))
        other = FarmerFactory(
            region=region,
            partner_type=PartnerType.NON_PARTNER,
            farming_since_year=int(rng.integers(1985, 2015)),
            education="sd",
            household_size=int(rng.integers(2, 8)),
        )
        add_record(other, season, cane_kw=int(rng.normal(900, 120)))
    return season


def test_staff_enter_a_farm_record_on_the_form_and_see_its_feasibility():
    region = RegionFactory()
    season = SeasonFactory(mill=region.mill)
    farmer = FarmerFactory(region=region)
    client = Client()
    client.force_login(UserFactory(role=Role.FIELD_STAFF, mills=[region.mill], regions=[region]))
    management = {
        f"{p}-{k}": v
        for p in ("cost", "revenue")
        for k, v in (
            ("TOTAL_FORMS", "1"),
            ("INITIAL_FORMS", "0"),
            ("MIN_NUM_FORMS", "0"),
            ("MAX_NUM_FORMS", "1000"),
        )
    }
    response = client.post(
        reverse("analytics:farm-record-new"),
        {
            "farmer": farmer.pk,
            "season": season.pk,
            "area_ha": "2",
            **management,
            "cost-0-item": "Tenaga kerja",
            "cost-0-category": "hired_labour",
            "cost-0-quantity": "2",
            "cost-0-unit": "ha",
            "cost-0-unit_price": "10000000",
            "revenue-0-item": "Tebu",
            "revenue-0-quantity": "2000",
            "revenue-0-unit": "kw",
            "revenue-0-price": "38000",
            "revenue-0-main_product": "on",
        },
    )
    record = FarmRecord.objects.get()
    assert response["Location"] == reverse("analytics:farm-record-detail", args=[record.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Rp 76.000.000" in page  # TR = 2,000 kw x Rp 38,000
    assert "3,80" in page  # R/C = 76,000,000 / 20,000,000


def test_farm_records_are_scoped(season_with_farms):
    record = FarmRecord.objects.first()
    other_region = RegionFactory(mill=record.farmer.mill)
    sinder = Client()
    sinder.force_login(
        UserFactory(role=Role.FIELD_STAFF, mills=[other_region.mill], regions=[other_region])
    )
    url = reverse("analytics:farm-record-detail", args=[record.pk])
    assert sinder.get(url).status_code == 404
    farmer = Client()
    farmer.force_login(farmer_user(record.farmer))
    assert farmer.get(url).status_code == 403


def test_ttest_on_system_data_compares_partners_with_non_partners(season_with_farms):
    season = season_with_farms
    run = request_system_run(
        kind="ttest",
        mill=season.mill,
        season=season,
        enqueue=False,
        parameters={
            "mill_id": season.mill_id,
            "season_id": season.pk,
            "value": "income_per_ha",
            "group": "group",
            "groups": ["mitra", "non-mitra"],
        },
    )
    run = execute_run(run_id=run.pk)
    assert run.status == RunStatus.SUCCEEDED, run.error_message
    groups = {g["name"]: g for g in run.result["groups"]}
    assert groups["mitra"]["n"] == 8 and groups["non-mitra"]["n"] == 8
    assert groups["mitra"]["mean"] > groups["non-mitra"]["mean"]
    assert run.input_rows == 16 and len(run.input_hash) == 64


def test_logit_and_farm_income_on_system_data(season_with_farms):
    season = season_with_farms
    base = {"mill_id": season.mill_id, "season_id": season.pk}
    logit = execute_run(
        run_id=request_system_run(
            kind="logit",
            mill=season.mill,
            season=season,
            enqueue=False,
            parameters={
                **base,
                "outcome": "partner",
                "event": "1",
                "predictors": ["household_size", "income_million_per_ha"],
                "ci": 0.9,
            },
        ).pk
    )
    assert logit.status == RunStatus.SUCCEEDED, logit.error_message
    names = [c["name"] for c in logit.result["coefficients"]]
    assert names == ["household_size", "income_million_per_ha", "constant"]
    assert logit.result["n"] == 16
    separated = execute_run(
        run_id=request_system_run(
            kind="logit",
            mill=season.mill,
            season=season,
            enqueue=False,
            parameters={
                **base,
                "outcome": "partner",
                "event": "1",
                "predictors": ["education_years"],
            },
        ).pk
    )
    # Education (SMA for every partner, SD for every other) separates the groups perfectly.
    assert separated.status == RunStatus.FAILED
    assert separated.error_code == "perfect_separation"
    income = execute_run(
        run_id=request_system_run(
            kind="farm-income",
            mill=season.mill,
            season=season,
            enqueue=False,
            parameters=base,
        ).pk
    )
    assert income.status == RunStatus.SUCCEEDED
    assert len(income.result["farms"]) == 16
    assert {g["group"] for g in income.result["groups"]} == {"mitra", "non-mitra"}


def test_system_run_page_starts_a_run(season_with_farms, django_capture_on_commit_callbacks):
    season = season_with_farms
    client = Client()
    client.force_login(UserFactory(role=Role.ANALYST, mills=[season.mill]))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("analytics:run-start-system"),
            {"kind": "ttest", "season": season.pk, "ci": "0.95"},
        )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "mitra" in page and "Uji Sampel Independen" in page


def test_result_page_reads_income_difference_in_rupiah_and_shows_warnings(season_with_farms):
    season = season_with_farms
    base = {"mill_id": season.mill_id, "season_id": season.pk}
    ttest = execute_run(
        run_id=request_system_run(
            kind="ttest",
            mill=season.mill,
            season=season,
            enqueue=False,
            parameters={
                **base,
                "value": "income_per_ha",
                "group": "group",
                "groups": ["mitra", "non-mitra"],
            },
        ).pk
    )
    logit = execute_run(
        run_id=request_system_run(
            kind="logit",
            mill=season.mill,
            season=season,
            enqueue=False,
            parameters={
                **base,
                "outcome": "partner",
                "event": "1",
                "predictors": ["household_size", "income_million_per_ha"],
            },
        ).pk
    )
    client = Client()
    client.force_login(UserFactory(role=Role.MANAGER, mills=[season.mill]))
    page = client.get(reverse("analytics:run-detail", args=[ttest.pk])).content.decode()
    assert "juta/ha" in page and "Petani mitra berpendapatan Rp" in page
    page = client.get(reverse("analytics:run-detail", args=[logit.pk])).content.decode()
    # 16 farms and 2 predictors: 4 cases of the rarer outcome per predictor, below the 10 advised.
    assert 'data-testid="run-warning"' in page and "dianjurkan minimal 10" in page
