"""Result downloads (CSV and XLSX) show an attribute named like a formula as text, and keep the
figures, negative ones included, as numbers."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from analytics.services import execute_run, request_file_run
from tebu_site.models import Role
from tests.factories import MillFactory, UserFactory

pytestmark = pytest.mark.django_db

LINK = '=HYPERLINK("http://evil.example/","klik")'


@pytest.fixture
def run(semboro_csv):
    mill = MillFactory()
    hostile = semboro_csv.decode().replace(
        "Persyaratan pengajuan kredit", '"=HYPERLINK(""http://evil.example/"",""klik"")"'
    )
    started = request_file_run(
        kind="csi-ipa",
        data=hostile.encode(),
        file_name="data.csv",
        parameters={},
        mill=mill,
        enqueue=False,
    )
    return execute_run(run_id=started.pk), mill


def _client(mill) -> Client:
    client = Client()
    client.force_login(UserFactory(role=Role.ANALYST, mills=[mill]))
    return client


def test_xlsx_download_shows_the_attribute_as_text(run):
    finished, mill = run

    content = _client(mill).get(reverse("analytics:run-download", args=[finished.pk, "xlsx"]))

    cells = [c for sheet in load_workbook(io.BytesIO(content.content)) for r in sheet for c in r]
    hostile = [c for c in cells if isinstance(c.value, str) and "evil.example" in c.value]
    assert hostile and all(c.data_type == "s" and c.value == "'" + LINK for c in hostile)
    assert not any(c.data_type == "f" for c in cells)
    negatives = [c for c in cells if isinstance(c.value, (int, float)) and c.value < 0]
    assert negatives and all(c.data_type == "n" for c in negatives)  # the gaps below zero


def test_csv_download_escapes_the_attribute(run):
    finished, mill = run

    content = _client(mill).get(reverse("analytics:run-download", args=[finished.pk, "csv"]))

    cells = [c for row in csv.reader(io.StringIO(content.content.decode("utf-8-sig"))) for c in row]
    assert "'" + LINK in cells
    assert LINK not in cells
    assert any(c.startswith("-") and float(c) < 0 for c in cells)  # negative figures unquoted
