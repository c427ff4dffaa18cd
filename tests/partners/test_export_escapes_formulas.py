"""A farmer or plot whose text starts like a formula is exported as text, in XLSX and CSV alike,
and the edited export imports back unchanged (the escaping quote is taken off)."""

import csv
import io

import pytest
from openpyxl import load_workbook

from partners.imports import FARMER_COLUMNS, PLOT_COLUMNS, import_file
from partners.models import Farmer
from tests.factories import FarmerFactory, PlotFactory

pytestmark = pytest.mark.django_db

LINK = '=HYPERLINK("http://evil.example/","klik")'


@pytest.fixture
def hostile(world):
    farmer = FarmerFactory(region=world.north, name=LINK, address="@SUM(1+1)*cmd|' /C calc'!A0")
    PlotFactory(farmer=farmer, code="P-HOSTILE", variety="+cmd|' /C calc'!A0")
    return farmer


def _xlsx_rows(content: bytes):
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(min_row=2))


def test_xlsx_shows_the_hostile_name_as_text(world, client, hostile):
    client.force_login(world.sinder)

    content = client.get("/farmers/export/?format=xlsx").content

    row = next(r for r in _xlsx_rows(content) if r[0].value == hostile.nik)
    name = row[FARMER_COLUMNS.index("name")]
    address = row[FARMER_COLUMNS.index("address")]
    assert name.data_type == "s" and name.value == "'" + LINK
    assert address.data_type == "s" and address.value.startswith("'@SUM")


def test_csv_escapes_the_hostile_name(world, client, hostile):
    client.force_login(world.sinder)

    text = client.get("/farmers/export/?format=csv").content.decode("utf-8-sig")

    row = next(r for r in csv.reader(io.StringIO(text)) if r[0] == hostile.nik)
    assert row[FARMER_COLUMNS.index("name")] == "'" + LINK


def test_plot_export_escapes_text_cells(world, client, hostile):
    client.force_login(world.sinder)

    content = client.get("/plots/export/?format=xlsx").content

    row = next(r for r in _xlsx_rows(content) if r[0].value == "P-HOSTILE")
    variety = row[PLOT_COLUMNS.index("variety")]
    assert variety.data_type == "s" and variety.value == "'+cmd|' /C calc'!A0"


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_escaped_export_imports_back_unchanged(world, client, hostile, file_format):
    client.force_login(world.sinder)
    exported = client.get(f"/farmers/export/?format={file_format}").content

    report = import_file(
        by=world.sinder,
        kind="farmers",
        name=f"export.{file_format}",
        content=exported,
        dry_run=False,
    )

    assert report.ok, report.errors
    assert report.updated == 0
    assert Farmer.objects.get(pk=hostile.pk).name == LINK
