"""Export cells that a spreadsheet would run as a formula are escaped with a leading quote
(OWASP CSV injection); numbers, and texts that are only a number, stay as they are; an import
takes the quote off again."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from tebu_site.exports import SafeCsvWriter, escape_cell, escape_workbook, unescape_cell

LINK = '=HYPERLINK("http://evil.example/","klik")'


@pytest.mark.parametrize(
    "text",
    [LINK, "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)", "\t=1", "\r=1", "-"],
)
def test_text_a_spreadsheet_would_run_gets_a_quote(text):
    assert escape_cell(text) == "'" + text
    assert unescape_cell(escape_cell(text)) == text


@pytest.mark.parametrize(
    "value",
    ["Buriyanto", "", "1+1", "'quoted", -1500, -2.5, Decimal("-3.25"), None, "-1500.00", "+62812"],
)
def test_plain_text_and_numbers_are_left_alone(value):
    assert escape_cell(value) == value


def test_csv_writer_escapes_text_cells_only():
    buffer = io.StringIO()
    SafeCsvWriter(buffer).writerow([LINK, -2.5, "-7"])

    assert next(csv.reader(io.StringIO(buffer.getvalue()))) == ["'" + LINK, "-2.5", "-7"]


def test_workbook_text_is_text_and_negative_numbers_stay_numbers():
    book = Workbook()
    book.active.append([LINK, -2.5, "Sidomekar"])

    escape_workbook(book)
    buffer = io.BytesIO()
    book.save(buffer)
    link, number, name = next(load_workbook(buffer).active.iter_rows())

    assert link.data_type == "s" and link.value == "'" + LINK
    assert number.data_type == "n" and number.value == -2.5
    assert name.value == "Sidomekar"


def test_every_export_in_the_code_goes_through_the_helper():
    """A new export written with openpyxl, the csv module or tablib must escape its cells too."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    skipped = {"tests", "bench", ".venv", "node_modules"}
    unsafe = []
    for path in root.rglob("*.py"):
        relative = path.relative_to(root)
        if relative.parts[0] in skipped or relative == Path("tebu_site/exports.py"):
            continue
        text = path.read_text(encoding="utf-8")
        if "Workbook(" in text and "escape_workbook(" not in text:
            unsafe.append(f"{relative}: Workbook without escape_workbook")
        if "csv.writer(" in text or "csv.DictWriter(" in text:
            unsafe.append(f"{relative}: csv writer instead of SafeCsvWriter")
        if ".export(" in text and "tablib" in text and "escape_row(" not in text:
            unsafe.append(f"{relative}: tablib export without escape_row")
    assert unsafe == []
