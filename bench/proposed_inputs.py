"""A proposed analytics.inputs.read_table, measured by ``bench/run.py --proposed`` (not the app's).

analytics/inputs.py is not the benchmark's to change; this module shows what the proposed change
would give so that its owner can decide. Compared with the current read_table it

1. sniffs the separator on the first line only, instead of ``text.splitlines()[0]``, which splits
   the whole file into a list of a million strings to look at one;
2. hands the bytes to pandas' C parser (``encoding="utf-8-sig"``, latin-1 if that fails, as now)
   instead of decoding them into a str and wrapping that in a StringIO: two fewer copies of the
   file in memory;
3. optionally (``numeric``) lets the C parser read the columns that the method is going to parse as
   numbers anyway (the t-test's value column, the logit predictors, the CSI scores) as float64,
   an empty cell as NaN, every other column as text as now. These are the doubles that
   ``pandas.to_numeric`` gives for the same text (both use pandas' xstrtod; checked on 600,000
   random decimals), so the methods' results do not change. If a numeric column holds anything
   else (a word, a whitespace-only cell), the file is read again all as text, as now, and the
   method names the column in its message as it does today.

1 and 2 change nothing at all in what read_table returns; 3 changes the dtype of the named columns.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable
from pathlib import PurePath

import pandas as pd

from analytics.inputs import read_table as current_read_table
from analytics.methods.errors import AnalysisInputError


def first_line(text: str) -> str:
    """``text.splitlines()[0]`` (or "" for no line) without splitting the whole text."""
    size = 4096
    while True:
        lines = text[:size].splitlines()
        if len(lines) > 1 or size >= len(text):
            return lines[0] if lines else ""
        size *= 4


def read_table(data: bytes, name: str, *, numeric: Iterable[str] = ()) -> pd.DataFrame:
    """analytics.inputs.read_table, with the three changes above."""
    if PurePath(name).suffix.lower() == ".xlsx":
        return current_read_table(data, name)
    try:
        text, encoding = data.decode("utf-8-sig"), "utf-8-sig"
    except UnicodeDecodeError:
        text, encoding = data.decode("latin-1"), "latin-1"
    if not text or text.isspace():  # = not text.strip(), without copying the text
        raise AnalysisInputError("empty_input", "the file is empty", name=name)
    try:
        separator = csv.Sniffer().sniff(first_line(text), delimiters=",;\t").delimiter
    except csv.Error:
        separator = ","
    del text  # the C parser decodes the bytes itself
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
            pass  # a "numeric" column holds text (or is missing): read everything as text
    try:
        return pd.read_csv(
            io.BytesIO(data), sep=separator, encoding=encoding, dtype=str, keep_default_na=False
        )
    except Exception as error:
        raise AnalysisInputError(
            "unreadable_file", f"cannot read the CSV file: {error}", name=name
        ) from None


#: The columns each benchmark case's method parses as numbers, from its parameters.
def numeric_columns(kind: str, parameters: dict) -> list[str]:
    if kind == "ttest":
        return [parameters["value"]]
    if kind == "logit":
        return list(parameters["predictors"])
    if kind == "csi-ipa":
        return ["importance", "performance"]
    return []
