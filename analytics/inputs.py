"""Reading analysts' files (CSV, XLSX, JSON) into what the methods take."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import PurePath

import pandas as pd
from django.utils.translation import gettext as _

from analytics.methods.errors import AnalysisInputError

TABLE_SUFFIXES = {".csv", ".txt", ".xlsx"}
MAX_SNAPSHOT_BYTES = 256 * 1024  # inputs up to this size are kept on the run row itself


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_table(data: bytes, name: str) -> pd.DataFrame:
    """A CSV (comma or semicolon, as Indonesian Excel writes it) or XLSX file as text columns.

    Everything is read as text so the methods decide what a blank or a bad number is and can name
    the column in their message.
    """
    suffix = PurePath(name).suffix.lower()
    if suffix == ".xlsx":
        try:
            return pd.read_excel(io.BytesIO(data), dtype=str, engine="openpyxl")
        except Exception as error:
            raise AnalysisInputError(
                "unreadable_file", f"cannot read the spreadsheet: {error}", name=name
            ) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    if not text.strip():
        raise AnalysisInputError("empty_input", "the file is empty", name=name)
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;\t")
        separator = dialect.delimiter
    except csv.Error:
        separator = ","
    try:
        return pd.read_csv(io.StringIO(text), sep=separator, dtype=str, keep_default_na=False)
    except Exception as error:
        raise AnalysisInputError(
            "unreadable_file", f"cannot read the CSV file: {error}", name=name
        ) from None


def read_json(data: bytes, name: str):
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise AnalysisInputError("unreadable_file", f"not valid JSON: {error}", name=name) from None


def describe_suffixes() -> str:
    return _("CSV or XLSX")
