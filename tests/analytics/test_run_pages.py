"""Analysis pages: start from a file, read SPSS-style tables, download, and who may see what."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from analytics.models import AnalysisRun, RunStatus
from analytics.services import execute_run, request_file_run
from tebu_site.models import Role
from tests.factories import FarmerFactory, MillFactory, RegionFactory, UserFactory, farmer_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def mill():
    return MillFactory(name="PG Semboro")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def finished_run(data: bytes, mill, kind="csi-ipa", parameters=None):
    run = request_file_run(
        kind=kind,
        data=data,
        file_name="data.csv",
        parameters=parameters or {},
        mill=mill,
        enqueue=False,
    )
    return execute_run(run_id=run.pk)


def test_manager_starts_a_run_from_a_file_and_reads_the_result(
    mill, semboro_csv, django_capture_on_commit_callbacks
):
    manager = UserFactory(role=Role.MANAGER, mills=[mill])
    client = client_for(manager)
    upload = SimpleUploadedFile("semboro.csv", semboro_csv, content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("analytics:run-start"),
            {"kind": "csi-ipa", "mill": mill.pk, "input_file": upload, "title": "Survei 2019"},
        )
    run = AnalysisRun.objects.get()
    assert response["Location"] == reverse("analytics:run-detail", args=[run.pk])
    assert run.requested_by == manager and run.status == RunStatus.SUCCEEDED
    page = client.get(response["Location"]).content.decode()
    assert "84,36" in page  # CSI, Indonesian decimal comma, half-up
    assert "421,81" in page
    assert "Informasi rendemen" in page


def test_form_errors_are_shown_beside_the_field(mill):
    client = client_for(UserFactory(role=Role.ANALYST, mills=[mill]))
    upload = SimpleUploadedFile("data.json", b"{}", content_type="application/json")
    response = client.post(
        reverse("analytics:run-start"), {"kind": "ttest", "mill": mill.pk, "input_file": upload}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "input_file" in form.errors and "value" in form.errors and "group" in form.errors
    assert AnalysisRun.objects.count() == 0


def test_failed_run_page_explains_the_reason(mill):
    run = finished_run(b"respondent,attribute,importance\nR1,A,3\n", mill)
    client = client_for(UserFactory(role=Role.MANAGER, mills=[mill]))
    page = client.get(reverse("analytics:run-detail", args=[run.pk])).content.decode()
    assert "performance" in page
    assert 'data-testid="run-error"' in page


def test_downloads_hold_the_unrounded_result(mill, semboro_csv):
    run = finished_run(semboro_csv, mill)
    client = client_for(UserFactory(role=Role.ANALYST, mills=[mill]))
    body = client.get(reverse("analytics:run-download", args=[run.pk, "json"])).content
    assert json.loads(body)["result"]["csi"] == run.result["csi"]
    csv_text = client.get(reverse("analytics:run-download", args=[run.pk, "csv"])).content
    assert "Informasi rendemen" in csv_text.decode("utf-8-sig")
    xlsx = client.get(reverse("analytics:run-download", args=[run.pk, "xlsx"])).content
    workbook = load_workbook(io.BytesIO(xlsx))
    values = [cell.value for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert pytest.approx(run.result["csi"]) in values


def test_run_again_makes_a_new_run_with_the_same_input(mill, semboro_csv):
    run = finished_run(semboro_csv, mill)
    client = client_for(UserFactory(role=Role.MANAGER, mills=[mill]))
    response = client.post(reverse("analytics:run-again", args=[run.pk]))
    again = AnalysisRun.objects.exclude(pk=run.pk).get()
    assert response["Location"] == reverse("analytics:run-detail", args=[again.pk])
    assert again.input_hash == run.input_hash


@pytest.mark.parametrize("role", [Role.FIELD_STAFF, Role.FARMER, Role.QC, Role.WEIGHBRIDGE_CLERK])
def test_roles_without_analyses_are_refused(mill, semboro_csv, role):
    run = finished_run(semboro_csv, mill)
    region = RegionFactory(mill=mill)
    user = UserFactory(role=role, mills=[mill], regions=[region])
    if role == Role.FARMER:
        user = farmer_user(FarmerFactory(region=region))
    client = client_for(user)
    for url in (
        reverse("analytics:run-list"),
        reverse("analytics:run-start"),
        reverse("analytics:run-detail", args=[run.pk]),
        reverse("analytics:run-download", args=[run.pk, "json"]),
    ):
        assert client.get(url).status_code == 403, url


def test_manager_of_another_mill_cannot_see_runs_or_results(mill, semboro_csv):
    run = finished_run(semboro_csv, mill)
    outsider = client_for(UserFactory(role=Role.MANAGER, mills=[MillFactory()]))
    assert outsider.get(reverse("analytics:run-detail", args=[run.pk])).status_code == 404
    for fmt in ("json", "csv", "xlsx"):
        url = reverse("analytics:run-download", args=[run.pk, fmt])
        assert outsider.get(url).status_code == 404
    assert outsider.post(reverse("analytics:run-again", args=[run.pk])).status_code == 404
    listing = outsider.get(reverse("analytics:run-list"))
    assert list(listing.context["page"]) == []


def test_list_shows_progress_for_unfinished_runs(mill, semboro_csv):
    request_file_run(
        kind="csi-ipa", data=semboro_csv, file_name="a.csv", parameters={}, mill=mill, enqueue=False
    )
    client = client_for(UserFactory(role=Role.MANAGER, mills=[mill]))
    page = client.get(reverse("analytics:run-list")).content.decode()
    assert "<progress" in page and "hx-get" in page


def _csv(rows: list[str]) -> bytes:
    return ("\n".join(rows) + "\n").encode()


SEPARATED = ["x,y,z"] + [f"{i},{int(i > 5)},{(i * 7) % 5}" for i in range(12)]
COLLINEAR = ["x,y,z"] + [f"{i},{int(i % 3 == 0)},{2 * i}" for i in range(12)]


@pytest.mark.parametrize(
    ("kind", "rows", "fields", "message"),
    [
        (
            "ttest",
            ["x,g", "1,a", "2,b"],
            {"value": "income", "group": "g"},
            "Kolom “income” tidak ada",
        ),
        (
            "ttest",
            ["income,g", "satu,a", "2,a", "3,b"],
            {"value": "income", "group": "g"},
            "bukan angka",
        ),
        (
            "ttest",
            ["income,g", "1,a", "2,a"],
            {"value": "income", "group": "g"},
            "tepat dua kelompok",
        ),
        (
            "logit",
            ["x,y", "1,1", "2,1", "3,1", "4,1"],
            {"outcome": "y", "event": "1", "predictors": "x"},
            "hasil yang sama",
        ),
        (
            "logit",
            SEPARATED,
            {"outcome": "y", "event": "1", "predictors": "x"},
            "memisahkan kedua hasil",
        ),
        (
            "logit",
            COLLINEAR,
            {"outcome": "y", "event": "1", "predictors": "x,z"},
            "kombinasi persis",
        ),
        (
            "logit",
            ["x,y", "1,1", "2,0"],
            {"outcome": "y", "event": "1", "predictors": "x"},
            "terlalu sedikit",
        ),
    ],
)
def test_every_bad_input_case_gets_its_message_on_the_page(
    mill, kind, rows, fields, message, django_capture_on_commit_callbacks
):
    client = client_for(UserFactory(role=Role.ANALYST, mills=[mill]))
    upload = SimpleUploadedFile("data.csv", _csv(rows), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("analytics:run-start"),
            {"kind": kind, "mill": mill.pk, "input_file": upload, "ci": "0.95", **fields},
        )
    assert response.status_code == 302, response.context["form"].errors
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="run-error"' in page
    assert message in page


def test_a_long_table_shows_its_first_rows_and_the_download_holds_them_all(
    mill, semboro_csv, monkeypatch
):
    """A mill's thousands of farms would make a page of thousands of rows a table (issue 14)."""
    from analytics.presentation import tables_for
    from analytics.views import runs as run_views

    monkeypatch.setattr(run_views, "PAGE_ROWS", 5)
    run = finished_run(semboro_csv, mill)
    longest = max(tables_for(run.kind, run.result), key=lambda table: len(table.rows))
    assert len(longest.rows) > 5
    client = client_for(UserFactory(role=Role.MANAGER, mills=[mill]))
    page = client.get(reverse("analytics:run-detail", args=[run.pk])).content.decode()
    title = page.split(f'<h2 class="table-title">{longest.title}</h2>', 1)[1]
    table = title.split("</table>", 1)[0]
    assert table.count("<tr") == 1 + 5  # the header and five rows
    more = title.split("</table>", 1)[1].split("<h2", 1)[0]
    assert f"{len(longest.rows) - 5} baris lagi" in more
    csv_text = client.get(reverse("analytics:run-download", args=[run.pk, "csv"])).content
    last_row_label = str(longest.rows[-1][0])
    assert last_row_label in csv_text.decode("utf-8-sig")
    assert last_row_label not in table
