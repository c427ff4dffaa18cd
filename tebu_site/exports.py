"""Cells for CSV and XLSX files that people open in a spreadsheet.

A text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by Excel,
LibreOffice and Google Sheets as a formula (CSV injection, OWASP): a farmer named
``=HYPERLINK("http://evil.example/","klik")`` would become a live link in the mill's export.
Every export escapes its text cells here, the way OWASP recommends: a single quote in front, so
the spreadsheet shows the text as typed. Numbers stay numbers, and so does a text that is only a
number ("-1500.00", "+62812..."): a spreadsheet reads it as a number, never as a formula.
Imports take the quote off again (``unescape_cell``), so an export can be edited and imported back.

Hand-written because neither tablib (its ``escape`` drops the ``=``, changing the data) nor
openpyxl nor the csv module offers this.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any

from django.utils.functional import Promise

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def escape_cell(value: Any) -> Any:
    """``value`` as a spreadsheet must receive it: text that a spreadsheet would run as a formula
    gets a leading single quote; anything else is returned unchanged."""
    if isinstance(value, Promise):  # a lazy translation is text too
        value = str(value)
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not _PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def escape_row(values: Iterable[Any]) -> list[Any]:
    return [escape_cell(value) for value in values]


def unescape_cell(text: str) -> str:
    """The text an export escaped, as it was before (for imports of edited exports)."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


class SafeCsvWriter:
    """``csv.writer`` whose every row goes through ``escape_row``."""

    def __init__(self, stream, **options):
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow(escape_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def escape_workbook(workbook) -> None:
    """Escape every text cell of an openpyxl workbook, once it is built and before it is saved.

    openpyxl stores a text that starts with ``=`` as a formula; after this every such cell is
    plain text. The exports write no formula of their own, so nothing meant is lost.
    """
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.value = escape_cell(cell.value)
