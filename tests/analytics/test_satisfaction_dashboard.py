"""The satisfaction dashboard shows the stored result of the PG Semboro reference round: CSI with
its band, every attribute figure at two decimals (half-up, Indonesian separators), the cut lines,
the IPA diagram's data and the quadrant lists."""

import json
import re

import pytest
from django.urls import reverse

from tebu_site.formatting import format_number
from tebu_site.models import Role
from tests.factories import UserFactory
from tests.surveys.reference import EXPECTED, closed_reference_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def dashboard(client, django_capture_on_commit_callbacks, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    manager = UserFactory(role=Role.MANAGER)
    survey_round = closed_reference_round(manager, django_capture_on_commit_callbacks)
    manager.mills.set([survey_round.mill])
    client.force_login(manager)
    response = client.get(reverse("satisfaction:round", args=[survey_round.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _by_testid(html: str, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}"[^>]*>(.*?)</', html, re.S)
    assert match, testid
    return match.group(1).strip()


def test_csi_band_wat_and_cut_lines_at_two_decimals(dashboard):
    assert _by_testid(dashboard, "csi") == "84,36 %"
    assert _by_testid(dashboard, "wat") == "421,81"
    assert _by_testid(dashboard, "cut-x") == "4,24"
    assert _by_testid(dashboard, "cut-y") == "3,92"
    assert _by_testid(dashboard, "respondents") == "24"
    band = _by_testid(dashboard, "csi-band")
    assert band in {"very satisfied", "sangat puas"}


def test_every_attribute_row_shows_the_reference_figures(dashboard):
    for number, want in enumerate(EXPECTED["attributes"], start=1):
        row = re.search(rf'<tr data-testid="attribute-{number}">(.*?)</tr>', dashboard, re.S).group(
            1
        )
        cells = re.findall(r'<td class="num">([^<]*)</td>', row)
        n, imp_total, perf_total, mis, wf, mss, ws = cells[:7]
        assert n == "24"
        assert imp_total == str(want["importance_total"])
        assert perf_total == str(want["performance_total"])
        assert [mis, wf, mss, ws] == [
            format_number(want[key]) for key in ("mis", "wf", "mss", "ws")
        ], want["attribute"]
        assert f">{want['quadrant']}</span>" in row


def test_quadrant_a_lists_attributes_5_11_and_13(dashboard):
    block = re.search(r'data-testid="quadrant-A">(.*?)</article>', dashboard, re.S).group(1)
    assert re.findall(r'data-attribute-number="(\d+)"', block) == ["5", "11", "13"]
    assert "Pencairan dana kredit" in block
    assert "Informasi rendemen" in block
    assert "Waktu pembayaran DO" in block


def test_ipa_diagram_gets_points_cut_lines_and_quadrant_names(dashboard):
    assert 'data-testid="ipa-chart"' in dashboard
    assert "vendor/chartjs/chart.umd.min.js" in dashboard
    payload = re.search(
        r'<script id="ipa-data" type="application/json">(.*?)</script>', dashboard, re.S
    ).group(1)
    chart = json.loads(payload)
    assert len(chart["points"]) == 13
    assert chart["cut_x_text"] == "4,24" and chart["cut_y_text"] == "3,92"
    assert [p["number"] for p in chart["points"] if p["quadrant"] == "A"] == [5, 11, 13]
    assert set(chart["quadrants"]) == {"A", "B", "C", "D"}
    assert chart["x_min"] <= min(p["x"] for p in chart["points"])
    assert chart["y_max"] >= max(p["y"] for p in chart["points"])
