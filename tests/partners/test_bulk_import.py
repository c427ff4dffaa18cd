"""Bulk import of farmers and plots: a dry run lists every row's errors, a real import is all or
nothing, and importing the same file again changes nothing (keys: NIK, plot code)."""

import csv
import io
import json

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from partners.imports import FARMER_COLUMNS, PLOT_COLUMNS, import_file
from partners.models import Farmer, Plot
from tests.factories import FarmerGroupFactory, square

pytestmark = pytest.mark.django_db


def farmer_rows(world, count=500):
    group = FarmerGroupFactory(region=world.north, name="Kelompok Tani Makmur")
    rows = []
    for i in range(count):
        rows.append(
            {
                "nik": f"3510{i:012d}",
                "name": f"Petani {i}",
                "mill": world.mill.code,
                "region": world.north.code,
                "group": group.name,
                "sex": "L" if i % 2 else "P",
                # Born 1940–1969: old enough to farm since 1980 and later.
                "birth_date": f"{1940 + i % 30}-0{1 + i % 9}-1{i % 9}",
                "phone": f"0812 {i:04d} {1000 + i}",
                "address": f"Dusun Krajan RT {i % 9 + 1}",
                "kabupaten": "Jember",
                "kecamatan": "Semboro",
                "desa": "Sidomekar",
                "education": ["sd", "smp", "sma"][i % 3],
                "farming_since_year": str(1980 + i % 40),
                "household_size": str(2 + i % 5),
                "bank_name": "BRI",
                "bank_account": f"0001{i:08d}",
                "partner_type": ["trk", "trm", "non_partner"][i % 3],
                "partner_since": "",
                "status": "active",
            }
        )
    return rows


def as_csv(rows, columns=FARMER_COLUMNS, delimiter=",") -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def as_xlsx(rows, columns=FARMER_COLUMNS) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(columns)
    for row in rows:
        sheet.append([row.get(c, "") for c in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run(world, content, name="petani.csv", kind="farmers", dry_run=False):
    return import_file(by=world.sinder, kind=kind, name=name, content=content, dry_run=dry_run)


def test_500_rows_with_two_bad_rows_import_nothing_and_list_both(world):
    rows = farmer_rows(world)
    rows[41]["nik"] = "3509-12"  # spreadsheet row 43
    rows[377]["phone"] = "12345"  # spreadsheet row 379
    rows[377]["sex"] = "X"
    before = Farmer.objects.count()
    report = run(world, as_csv(rows))
    assert Farmer.objects.count() == before
    assert [error.row for error in report.errors] == [43, 379]
    assert any("NIK" in m for m in report.errors[0].messages)
    assert len(report.errors[1].messages) == 2  # every problem of the row, not just the first
    assert not report.committed and report.created == 0


def test_fixed_file_imports_all_500_and_again_changes_nothing(world):
    rows = farmer_rows(world)
    content = as_csv(rows)
    before = Farmer.objects.count()
    report = run(world, content)
    assert report.ok and report.committed
    assert report.created == 500
    assert Farmer.objects.count() == before + 500
    farmer = Farmer.objects.get(nik="3510000000000007")
    assert farmer.phone == "+6281200071007"
    assert farmer.desa == world.desa and farmer.group.name == "Kelompok Tani Makmur"
    history_rows = Farmer.history.count()

    again = run(world, content)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 500)
    assert Farmer.objects.count() == before + 500
    assert Farmer.history.count() == history_rows  # not even an audit entry


def test_dry_run_saves_nothing_even_when_every_row_is_fine(world):
    report = run(world, as_csv(farmer_rows(world, 20)), dry_run=True)
    assert report.ok and report.created == 20
    assert not Farmer.objects.filter(nik__startswith="351000000000").exists()


def test_changed_row_updates_only_that_farmer(world):
    rows = farmer_rows(world, 10)
    run(world, as_csv(rows))
    rows[3]["household_size"] = "9"
    report = run(world, as_csv(rows))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 9)
    assert Farmer.objects.get(nik=rows[3]["nik"]).household_size == 9


def test_xlsx_and_semicolon_csv_are_read_too(world):
    rows = farmer_rows(world, 5)
    assert run(world, as_xlsx(rows), name="petani.xlsx").created == 5
    again = run(world, as_csv(rows, delimiter=";"), name="petani.csv")
    assert again.unchanged == 5


def test_rows_outside_the_users_region_are_errors(world):
    rows = farmer_rows(world, 3)
    rows[1]["region"] = world.south.code  # the sinder works in the north only
    rows[2]["nik"] = world.other_farmer.nik  # someone of another mill
    report = run(world, as_csv(rows))
    assert [e.row for e in report.errors] == [3, 4]


def test_same_nik_twice_in_a_file_is_an_error(world):
    rows = farmer_rows(world, 3)
    rows[2]["nik"] = rows[0]["nik"]
    report = run(world, as_csv(rows))
    assert [e.row for e in report.errors] == [4]
    assert "2" in report.errors[0].messages[0]


def test_plots_import_keyed_by_plot_code(world):
    run(world, as_csv(farmer_rows(world, 2)))
    rows = [
        {
            "code": f"SEM-{i:03d}-1",
            "mill": world.mill.code,
            "farmer_nik": f"3510{i:012d}",
            "area_ha": "1,0000",  # Indonesian decimal comma
            "rented_area_ha": "0.25",
            "land_type": "sawah",
            "crop_class": "rc",
            "ratoon_number": "2",
            "variety": "PS 881",
            "planted_or_cut_on": "15/06/2025",
            "geometry": json.dumps(square(113.45 + i * 0.01, -8.2)),
        }
        for i in range(2)
    ]
    content = as_csv(rows, columns=PLOT_COLUMNS)
    report = run(world, content, kind="plots")
    assert report.ok and report.created == 2
    plot = Plot.objects.get(code="SEM-000-1")
    assert plot.own_area_ha + plot.rented_area_ha == plot.area_ha
    assert plot.registration_status == "surveyed" and plot.measured_area_ha
    again = run(world, content, kind="plots")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_export_then_import_round_trip_changes_nothing(world, client):
    run(world, as_csv(farmer_rows(world, 30)))
    client.force_login(world.sinder)
    exported = client.get("/farmers/export/?format=xlsx").content
    report = run(world, exported, name="export.xlsx")
    assert report.ok and report.created == 0 and report.updated == 0
    assert report.unchanged == Farmer.objects.filter(region=world.north).count()


def test_import_page_dry_run_then_confirm(world, client):
    client.force_login(world.sinder)
    rows = farmer_rows(world, 12)
    upload = SimpleUploadedFile("petani.csv", as_csv(rows))
    response = client.post("/registry/import/", {"kind": "farmers", "file": upload})
    page = response.content.decode()
    assert 'data-testid="confirm-import"' in page
    assert not Farmer.objects.filter(nik=rows[0]["nik"]).exists()
    token = client.session["registry_import"]["token"]
    response = client.post("/registry/import/", {"confirm": token})
    assert response.status_code == 200
    assert Farmer.objects.filter(nik__in=[r["nik"] for r in rows]).count() == 12


def test_import_page_lists_bad_rows(world, client):
    client.force_login(world.sinder)
    rows = farmer_rows(world, 5)
    rows[0]["nik"] = "1"
    upload = SimpleUploadedFile("petani.csv", as_csv(rows))
    page = client.post("/registry/import/", {"kind": "farmers", "file": upload}).content.decode()
    assert page.count('data-testid="import-error-row"') == 1
    assert "confirm-import" not in page
