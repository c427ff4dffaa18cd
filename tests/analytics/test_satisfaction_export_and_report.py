"""The result as an XLSX workbook (exact values shown with two decimals) and as a printable page."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from analytics.models import AnalysisRun
from tebu_site.formatting import round_half_up
from tebu_site.models import Role
from tests.factories import UserFactory
from tests.surveys.reference import EXPECTED, closed_reference_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference(client, django_capture_on_commit_callbacks, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    manager = UserFactory(role=Role.MANAGER)
    survey_round = closed_reference_round(manager, django_capture_on_commit_callbacks)
    client.force_login(manager)
    return AnalysisRun.objects.get(parameters__round_id=survey_round.pk)


def two(value) -> Decimal:
    return round_half_up(value, 2)


def test_xlsx_holds_the_reference_figures(client, reference):
    response = client.get(reverse("satisfaction:export", args=[reference.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert ".xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    summary = {row[0]: row[1] for row in workbook["CSI"].iter_rows(values_only=True)}
    values = list(summary.values())
    assert two(values[5]) == Decimal("84.36")  # CSI
    assert two(values[7]) == Decimal("421.81")  # WAT
    assert two(values[10]) == Decimal("3.92") and two(values[11]) == Decimal("4.24")
    assert workbook["CSI"]["B6"].number_format == "0.00"
    attributes = workbook.worksheets[1]
    rows = list(attributes.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 13
    for row, want in zip(rows, EXPECTED["attributes"], strict=True):
        assert row[2] == want["attribute"]
        assert (row[5], row[6]) == (want["importance_total"], want["performance_total"])
        assert [float(two(v)) for v in (row[7], row[8], row[9], row[10])] == [
            want["mis"],
            want["wf"],
            want["mss"],
            want["ws"],
        ]
        assert row[13] == want["quadrant"]
    quadrants = workbook.worksheets[3]
    assert "5. Pencairan dana kredit" in quadrants["D2"].value
    assert "13. Waktu pembayaran DO" in quadrants["D2"].value


def test_printable_report_has_the_figures_and_a_print_button(client, reference):
    response = client.get(reverse("satisfaction:report", args=[reference.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="csi">84,36 %' in html
    assert 'data-testid="wat">421,81' in html
    assert "window.print()" in html
    assert 'data-testid="ipa-chart"' in html


LINK = '=HYPERLINK("http://evil.example/","klik")'


def test_xlsx_shows_a_round_named_like_a_formula_as_text(
    client, django_capture_on_commit_callbacks, settings
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    manager = UserFactory(role=Role.MANAGER)
    survey_round = closed_reference_round(manager, django_capture_on_commit_callbacks, name=LINK)
    run = AnalysisRun.objects.get(parameters__round_id=survey_round.pk)
    client.force_login(manager)

    response = client.get(reverse("satisfaction:export", args=[run.pk]))

    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook["CSI"]["B1"].data_type == "s"
    assert workbook["CSI"]["B1"].value == "'" + LINK
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert not any(cell.data_type == "f" for cell in cells)
