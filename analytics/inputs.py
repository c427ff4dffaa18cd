"""Reading analysts' files (CSV, XLSX, JSON) into what the methods take."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import PurePath

import pandas as pd

from analytics.methods.errors import AnalysisInputError

TABLE_SUFFIXES = {".csv", ".txt", ".xlsx"}
MAX_SNAPSHOT_BYTES = 256 * 1024  # inputs up to this size are kept on the run row itself


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _first_line(prefix: Callable[[int], str], length: int) -> str:
    """``text.splitlines()[0]`` without splitting a million-line file to look at one line.

    ``prefix(size)`` is ``text[:size]`` and ``length`` is ``len(text)``."""
    size = 4096
    while True:
        lines = prefix(size).splitlines()
        if len(lines) > 1 or size >= length:
            return lines[0] if lines else ""
        size *= 4


def _is_blank(prefix: Callable[[int], str], length: int) -> bool:
    """``not text or text.isspace()``, looking at the whole text only if its start is blank."""
    if length == 0:
        return True
    return prefix(4096).isspace() and prefix(length).isspace()


def read_table(data: bytes, name: str, *, numeric: Iterable[str] = ()) -> pd.DataFrame:
    """A CSV (comma or semicolon, as Indonesian Excel writes it) or XLSX file.

    Columns are read as text so the methods decide what a blank or a bad number is and can name
    the column in their message. ``numeric`` names columns the method will parse as numbers
    anyway: pandas' C parser reads those as float64 directly (the same doubles pandas.to_numeric
    gives; bench/RESULTS.md), and if one holds anything else the file is read again all as text so
    the method reports the bad cell as before.
    """
    suffix = PurePath(name).suffix.lower()
    if suffix == ".xlsx":
        try:
            return pd.read_excel(io.BytesIO(data), dtype=str, engine="openpyxl")
        except Exception as error:
            raise AnalysisInputError(
                "unreadable_file", f"cannot read the spreadsheet: {error}", name=name
            ) from None
    if data.isascii():
        # Most files: ASCII is valid UTF-8 without a BOM and decodes to the same characters, so
        # only the part looked at is decoded, not a copy of the whole file.
        encoding, length = "utf-8-sig", len(data)

        def prefix(size: int) -> str:
            return data[:size].decode("ascii")

    else:
        try:
            text, encoding = data.decode("utf-8-sig"), "utf-8-sig"
        except UnicodeDecodeError:
            text, encoding = data.decode("latin-1"), "latin-1"
        length = len(text)

        def prefix(size: int) -> str:
            return text[:size]

    if _is_blank(prefix, length):
        raise AnalysisInputError("empty_input", "the file is empty", name=name)
    try:
        separator = csv.Sniffer().sniff(_first_line(prefix, length), delimiters=",;\t").delimiter
    except csv.Error:
        separator = ","
    # The C parser decodes the bytes itself: the decoded text (if any) is not kept.
    del prefix
    text = None
    numeric = list(numeric)
    if numeric:
        try:
            return pd.read_csv(
                io.BytesIO(data),
                sep=separator,
                encoding=encoding,
                keep_default_na=False,
                dtype=defaultdict(lambda: str, dict.fromkeys(numeric, "float64")),
                na_values={column: [""] for column in numeric},
            )
        except (ValueError, TypeError):
            pass  # a numeric column holds text, or is missing: read everything as text
    try:
        return pd.read_csv(
            io.BytesIO(data), sep=separator, encoding=encoding, dtype=str, keep_default_na=False
        )
    except Exception as error:
        raise AnalysisInputError(
            "unreadable_file", f"cannot read the CSV file: {error}", name=name
        ) from None


def read_json(data: bytes, name: str):
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise AnalysisInputError("unreadable_file", f"not valid JSON: {error}", name=name) from None
