"""The farm income results page, its downloads and `manage.py analyze farm-income` show explicit
vs implicit costs, income vs profit, R/C, break-even, and each productivity beside its comparison
with a plain verdict.

The reference is the PT SMS Pekat farm. The study prints only its totals; its cost and revenue
lines are RECONSTRUCTED in methods/data/farm_income_pt_sms_pekat.json (the file says how) so that
the computation gives exactly the printed explicit 12,398,926, implicit 2,880,613, income
8,487,324, profit 5,606,711, R/C 1.37, capital productivity 45.22 % and land productivity
Rp 9,598,285/ha. Here those lines are entered as a farm record, analysed by the system run, and
read off the page as a person sees them (Indonesian format, half-up).
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from analytics.models import AnalysisRun, FarmCostLine, FarmRecord, FarmRevenueLine, RunStatus
from analytics.services import execute_run, request_system_run
from tebu_site.models import Role
from tests.analytics.conftest import METHOD_DATA
from tests.factories import FarmerFactory, RegionFactory, SeasonFactory, UserFactory

pytestmark = pytest.mark.django_db

PEKAT_FILE = METHOD_DATA / "farm_income_pt_sms_pekat.json"
PEKAT = json.loads(PEKAT_FILE.read_text("utf-8"))["inputs"]
COMPARISONS = ("local_wage_per_hko", "interest_rate_percent", "land_rent_per_ha")


class Tables(HTMLParser):
    """The rows (cell texts) of each table on a page that has a data-testid."""

    def __init__(self, page: str):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table = self._row = self._cell = None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("data-testid"):
            self._table = self.tables.setdefault(attrs["data-testid"], [])
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self._table.append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def enter_pekat(farmer, season, *, with_comparisons: bool = True) -> FarmRecord:
    """The reconstructed Pekat lines as staff would enter them (family labour as HKO x wage,
    the tools by straight-line depreciation)."""
    record = FarmRecord.objects.create(
        farmer=farmer,
        season=season,
        area_ha=Decimal(PEKAT["area_ha"]),
        family_labour_hko=Decimal(PEKAT["family_labour_hko"]),
        **{key: Decimal(PEKAT[key]) for key in COMPARISONS if with_comparisons},
    )
    for line in PEKAT["fixed_costs"] + PEKAT["variable_costs"]:
        values = {"record": record, "item": line["item"], "category": line["category"]}
        if "purchase_price" in line:
            values.update(
                unit_price=0,
                purchase_price=Decimal(line["purchase_price"]),
                salvage_value=Decimal(line["salvage_value"]),
                life_years=int(line["life_years"]),
            )
        elif line["category"] == "family_labour":
            values.update(quantity=Decimal("0.5"), unit="HKO", unit_price=Decimal("81667"))
        else:
            values.update(unit_price=Decimal(line["amount"]))
        FarmCostLine.objects.create(**values)
    for line in PEKAT["revenues"]:
        FarmRevenueLine.objects.create(
            record=record,
            item=line["item"],
            quantity=Decimal(line["quantity"]),
            unit=line["unit"],
            price=Decimal(line["price"]),
            main_product=True,
        )
    return record


@pytest.fixture
def pekat_season():
    region = RegionFactory()
    season = SeasonFactory(mill=region.mill, name="2019/2020")
    enter_pekat(FarmerFactory(region=region, name="Pekat"), season)
    return season


def system_run(season, **parameters) -> AnalysisRun:
    run = request_system_run(
        kind="farm-income",
        mill=season.mill,
        season=season,
        enqueue=False,
        parameters={"mill_id": season.mill_id, "season_id": season.pk, **parameters},
    )
    run = execute_run(run_id=run.pk)
    assert run.status == RunStatus.SUCCEEDED, run.error_message
    return run


def analyst(mill) -> Client:
    client = Client()
    client.force_login(UserFactory(role=Role.ANALYST, mills=[mill]))
    return client


def test_pekat_results_page_shows_the_printed_figures_each_with_its_comparison(pekat_season):
    run = system_run(pekat_season)
    page = analyst(pekat_season.mill).get(reverse("analytics:run-detail", args=[run.pk]))
    tables = Tables(page.content.decode()).tables

    costs = tables["table-farm-costs"]
    assert costs[1] == [
        "Pekat",
        "Rp 3.008.780",  # fixed: tax, depreciation, own land rent
        "Rp 12.270.760",  # variable
        "Rp 12.398.926",  # explicit
        "Rp 2.839.780",  # own land rent (implicit)
        "Rp 40.834",  # family labour (implicit), 40,833.50 half-up
        "Rp 0",  # interest on own capital
        "Rp 2.880.613",  # implicit
        "Rp 15.279.539",  # total
    ]
    income = tables["table-farm-income"]
    assert income[1] == [
        "Pekat",
        "Rp 20.886.250",
        "Rp 8.487.324",
        "Rp 5.606.711",
        "1,37",
        "layak",
    ]
    break_even = tables["table-farm-break-even"][1]
    assert break_even[0:2] == ["Pekat", "kg"] and break_even[-1] == "layak"

    labour = tables["table-farm-labour"][1]
    assert labour[0:7] == [
        "Pekat",
        "0,50",
        "Rp 11.295.089",
        "Rp 81.667",
        labour[4],
        "layak",
        labour[6],
    ]
    assert "Rp 11.295.089" in labour[6] and "Rp 81.667" in labour[6]
    assert labour[7] == "138,307"  # the study's divisor, shown beside the Rp-per-HKO figure
    capital = tables["table-farm-capital"][1]
    assert capital[0:6] == ["Pekat", "Rp 12.398.926", "45,22", "6,00", capital[4], "layak"]
    assert "45,22" in capital[6] and "6,00" in capital[6]
    land = tables["table-farm-land"][1]
    assert land[0:6] == ["Pekat", "0,88", "Rp 9.598.285", "Rp 3.227.022", land[4], "layak"]
    assert "Rp 9.598.285" in land[6] and "Rp 3.227.022" in land[6]
    # The three comparisons came from the farm record, and the labour unit slip is explained
    # beside the labour table.
    assert labour[4] == capital[4] == land[4]
    assert page.content.decode().count('data-testid="table-explanation"') >= 5
    assert "138,307" in page.content.decode().split('data-testid="table-farm-labour"')[0]


def test_run_values_stand_in_for_a_farm_without_its_own_and_give_the_verdict(pekat_season):
    FarmRecord.objects.update(
        local_wage_per_hko=None, interest_rate_percent=None, land_rent_per_ha=None
    )
    # An interest rate above what the money earns on the farm: not feasible, and it says why.
    run = system_run(
        pekat_season,
        comparisons={"local_wage_per_hko": "81667", "interest_rate_percent": "50"},
    )
    client = analyst(pekat_season.mill)
    tables = Tables(client.get(reverse("analytics:run-detail", args=[run.pk])).content.decode())
    capital = tables.tables["table-farm-capital"][1]
    assert capital[2:4] == ["45,22", "50,00"] and capital[5] == "tidak layak"
    assert "45,22" in capital[6] and "50,00" in capital[6]
    labour = tables.tables["table-farm-labour"][1]
    assert labour[2:4] == ["Rp 11.295.089", "Rp 81.667"] and labour[5] == "layak"
    assert labour[4] == capital[4]  # both from the run's settings
    land = tables.tables["table-farm-land"][1]
    assert land[2:4] == ["Rp 9.598.285", ""] and land[5] == "–"  # no rent: no verdict
    assert land[4] != capital[4]
    reading = client.get(reverse("analytics:run-detail", args=[run.pk])).content.decode()
    assert (
        "Rp 9.598.285" not in reading.split('data-testid="run-reading"')[1].split("</article>")[0]
    )
    comparisons = run.result["farms"][0]["comparisons"]
    assert [c["benchmark_source"] for c in comparisons] == ["run", "run", None]
    assert [c["reason"] for c in comparisons] == ["above", "below", "no_benchmark"]


def test_downloads_and_json_carry_the_split_and_the_comparisons(pekat_season):
    run = system_run(pekat_season)
    client = analyst(pekat_season.mill)
    body = json.loads(client.get(reverse("analytics:run-download", args=[run.pk, "json"])).content)
    farm = body["result"]["farms"][0]
    assert Decimal(farm["explicit_cost"]) == Decimal("12398926")
    assert Decimal(farm["implicit_cost"]) == Decimal("2880613")
    assert [c["measure"] for c in farm["comparisons"]] == ["labour", "capital", "land"]
    assert all(c["feasible"] is True for c in farm["comparisons"])

    text = client.get(reverse("analytics:run-download", args=[run.pk, "csv"])).content
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    # The capital row: farm, explicit cost, capital productivity, interest, from, verdict, why.
    capital = next(
        row
        for row in rows
        if len(row) == 7 and row[0] == "Pekat" and Decimal(row[1]) == Decimal("12398926")
    )
    assert Decimal(capital[2]).quantize(Decimal("0.01")) == Decimal("45.22")
    assert Decimal(capital[3]) == 6 and capital[5] == "layak"

    workbook = load_workbook(
        io.BytesIO(client.get(reverse("analytics:run-download", args=[run.pk, "xlsx"])).content)
    )
    values = [cell.value for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert 12398926 in values and 2880613 in values and 5606711 in values
    assert pytest.approx(9598284.659, abs=0.001) in values and 3227022 in values


def test_analyze_command_json_has_the_pekat_comparisons(tmp_path):
    out = io.StringIO()
    call_command("analyze", "farm-income", "--input", str(PEKAT_FILE), "--json", stdout=out)
    farm = json.loads(out.getvalue())["farms"][0]
    assert Decimal(farm["profit"]) == Decimal("5606711")
    assert [c["reason"] for c in farm["comparisons"]] == ["above", "above", "above"]
    assert Decimal(farm["comparisons"][2]["benchmark_value"]) == Decimal("3227022")

    # A file without comparisons takes them from the command line.
    inputs = dict(PEKAT)
    for key in COMPARISONS:
        del inputs[key]
    path = tmp_path / "pekat.json"
    path.write_text(json.dumps(inputs))
    out = io.StringIO()
    call_command(
        "analyze", "farm-income", "--input", str(path), "--json", "--interest", "50", stdout=out
    )
    capital = json.loads(out.getvalue())["farms"][0]["comparisons"][1]
    assert (capital["benchmark_value"], capital["benchmark_source"]) == ("50", "run")
    assert capital["feasible"] is False and capital["reason"] == "below"


def test_file_run_form_takes_the_comparisons(pekat_season, django_capture_on_commit_callbacks):
    inputs = dict(PEKAT)
    for key in COMPARISONS:
        del inputs[key]
    client = analyst(pekat_season.mill)
    upload = SimpleUploadedFile("pekat.json", json.dumps(inputs).encode(), "application/json")
    refused = client.post(
        reverse("analytics:run-start"),
        {
            "kind": "farm-income",
            "mill": pekat_season.mill_id,
            "input_file": upload,
            "interest_rate_percent": "150",
        },
    )
    assert "interest_rate_percent" in refused.context["form"].errors
    upload.seek(0)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("analytics:run-start"),
            {
                "kind": "farm-income",
                "mill": pekat_season.mill_id,
                "input_file": upload,
                "local_wage_per_hko": "81667",
                "land_rent_per_ha": "3227022",
            },
        )
    run = AnalysisRun.objects.get()
    assert run.parameters == {
        "comparisons": {"local_wage_per_hko": "81667", "land_rent_per_ha": "3227022"}
    }
    reasons = [c["reason"] for c in run.result["farms"][0]["comparisons"]]
    assert reasons == ["above", "no_benchmark", "above"]


def test_a_result_stored_before_the_comparisons_still_shows(pekat_season):
    run = system_run(pekat_season)
    old = json.loads(json.dumps(run.result))
    for farm in old["farms"]:
        for key in ("comparisons", "own_land_rent", "family_labour_value", "family_labour_hko"):
            farm.pop(key)
    AnalysisRun.objects.filter(pk=run.pk).update(result=old)
    page = analyst(pekat_season.mill).get(reverse("analytics:run-detail", args=[run.pk]))
    tables = Tables(page.content.decode()).tables
    assert tables["table-farm-income"][1][2] == "Rp 8.487.324"
    assert "table-farm-labour" not in tables


def test_farm_record_keeps_its_comparisons_and_shows_them_with_the_verdict():
    region = RegionFactory()
    season = SeasonFactory(mill=region.mill)
    farmer = FarmerFactory(region=region)
    record = enter_pekat(farmer, season, with_comparisons=False)
    client = Client()
    client.force_login(UserFactory(role=Role.FIELD_STAFF, mills=[region.mill], regions=[region]))
    form = {
        "farmer": farmer.pk,
        "season": season.pk,
        "area_ha": "0.88",
        "family_labour_hko": "0.5",
        "local_wage_per_hko": "81667",
        "interest_rate_percent": "6",
        "land_rent_per_ha": "3227022",
        **{
            f"{prefix}-{key}": value
            for prefix in ("cost", "revenue")
            for key, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))
        },
    }
    url = reverse("analytics:farm-record-edit", args=[record.pk])
    refused = client.post(url, {**form, "land_rent_per_ha": "-1"})
    assert "land_rent_per_ha" in refused.context["form"].errors
    assert client.post(url, form).status_code == 302
    record.refresh_from_db()
    assert (record.local_wage_per_hko, record.interest_rate_percent) == (
        Decimal("81667"),
        Decimal("6"),
    )
    page = client.get(reverse("analytics:farm-record-detail", args=[record.pk])).content.decode()
    rows = Tables(page).tables["farm-comparisons"][1:]
    assert [row[1] for row in rows] == ["Rp 11.295.089 per HKO", "45,22 %", "Rp 9.598.285 per ha"]
    assert all(row[3].startswith("layak ") for row in rows)
    assert "Rp 12.398.926" in page and "Rp 2.880.613" in page and "Rp 5.606.711" in page
    assert "138,307" in page  # the slip, explained beside the labour figure


def test_demo_farm_records_carry_comparisons_so_the_demo_run_gives_verdicts():
    call_command("load_demo", verbosity=0)
    call_command("load_demo_farms", verbosity=0)
    records = FarmRecord.objects.all()
    assert records.exists()
    assert not records.filter(local_wage_per_hko=None).exists()
    # Run again on records from before the comparisons existed: they get the demo's, once.
    records.update(local_wage_per_hko=None, interest_rate_percent=None, land_rent_per_ha=None)
    call_command("load_demo_farms", verbosity=0)
    assert not records.filter(interest_rate_percent=None).exists()
    season = records.first().season
    run = system_run(season)
    verdicts = [c["feasible"] for f in run.result["farms"] for c in f["comparisons"]]
    assert verdicts and None not in verdicts
