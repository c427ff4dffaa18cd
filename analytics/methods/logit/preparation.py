"""Reading the outcome and predictor columns into numbers: blank cells (which drop a case), the
event indicator (text or number matching), and predictors parsed as numbers with clear errors for
text, dates and infinities. Uploaded files arrive as text, so each check is made once per distinct
value and spread back over the rows. Separate from the fit because it is about the input cells,
not the statistics.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from analytics.methods.errors import AnalysisInputError


def _is_number_dtype(series: pd.Series) -> bool:
    dtype = series.dtype
    return (
        pd.api.types.is_bool_dtype(dtype)
        or pd.api.types.is_numeric_dtype(dtype)
        and not pd.api.types.is_complex_dtype(dtype)
    )


def _distinct_text(series: pd.Series) -> tuple[np.ndarray, pd.Series] | None:
    """``(codes, distinct values)`` of a column of text with no missing cell, else None.

    An uploaded file arrives as text (analytics.inputs.read_table gives every cell as ``str``), and
    its columns repeat their values (ages, family sizes, yes/no). The per-cell checks below depend
    only on a cell's value, and ``pandas.to_numeric`` infers its result type from the set of values
    it sees, which the distinct values share with the whole column; so each check is made once per
    distinct value and spread back with the codes: the same answer as checking every cell, without
    a Python call per cell. Only plain text qualifies, because ``pd.factorize`` treats ``1``,
    ``1.0`` and ``True`` as one value, which the per-cell checks tell apart.
    """
    if series.dtype != object:
        return None
    # "Every cell is a str" is checked on the distinct values rather than on every cell: a cell
    # that is not a str either is missing (NaN or None, code -1) or is, or shares its code with,
    # a distinct value that is not a str (factorize never merges a str with a non-str).
    codes, uniques = pd.factorize(series)
    uniques = np.asarray(uniques, dtype=object)
    if (len(codes) and codes.min() < 0) or pd.api.types.infer_dtype(
        uniques, skipna=False
    ) != "string":
        return None
    return codes, pd.Series(uniques, dtype=object)


def _blank_mask(series: pd.Series, coded: tuple[np.ndarray, pd.Series] | None = None) -> np.ndarray:
    """Blank cells; ``coded`` is the column's ``_distinct_text`` when the caller has it."""
    coded = coded if coded is not None else _distinct_text(series)
    if coded is not None:
        codes, distinct = coded
        return _blank_mask_per_cell(distinct)[codes]
    return _blank_mask_per_cell(series)


def _blank_mask_per_cell(series: pd.Series) -> np.ndarray:
    blank = series.isna().to_numpy(dtype=bool)
    if not _is_number_dtype(series):
        text = series.astype("string").str.strip()
        blank |= (text == "").fillna(True).to_numpy(dtype=bool)
    return blank


def _as_number(value: Any) -> float | None:
    if isinstance(value, bool | np.bool_):
        return float(value)
    try:
        number = float(str(value).strip()) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _event_indicator(series: pd.Series, event: Any) -> np.ndarray:
    """1 where the outcome equals ``event`` as text or as a number, else 0."""
    coded = _distinct_text(series)
    if coded is not None:
        codes, distinct = coded
        return _event_indicator_per_cell(distinct, event)[codes]
    return _event_indicator_per_cell(series, event)


def _event_indicator_per_cell(series: pd.Series, event: Any) -> np.ndarray:
    text = series.astype("string").str.strip().str.casefold()
    is_event = (text == str(event).strip().casefold()).fillna(False).to_numpy(dtype=bool)
    event_number = _as_number(event)
    if event_number is not None:
        if _is_number_dtype(series):
            numbers = series.to_numpy(dtype=float, na_value=np.nan)
        else:
            numbers = pd.to_numeric(series.astype(object), errors="coerce").to_numpy(
                dtype=float, na_value=np.nan
            )
        is_event |= numbers == event_number
    return is_event.astype(float)


def _predictor(series: pd.Series, name: str) -> tuple[np.ndarray, np.ndarray]:
    """A predictor column's blank mask and its numbers (NaN where blank); see _distinct_text."""
    coded = _distinct_text(series)
    if coded is not None:
        codes, distinct = coded
        blank = _blank_mask_per_cell(distinct)
        return blank[codes], _numeric_predictor(distinct, blank, name)[codes]
    blank = _blank_mask_per_cell(series)
    return blank, _numeric_predictor(series, blank, name)


def _numeric_predictor(series: pd.Series, blank: np.ndarray, name: str) -> np.ndarray:
    if _is_number_dtype(series):
        values = series.to_numpy(dtype=float, na_value=np.nan)
    else:
        if pd.api.types.is_datetime64_any_dtype(series.dtype) or pd.api.types.is_timedelta64_dtype(
            series.dtype
        ):
            raise AnalysisInputError(
                "non_numeric", f"Column '{name}' holds dates, not numbers.", column=name
            )
        values = pd.to_numeric(series.astype(object).where(~blank), errors="coerce").to_numpy(
            dtype=float, na_value=np.nan
        )
        if np.any(np.isnan(values) & ~blank):
            raise AnalysisInputError(
                "non_numeric", f"Column '{name}' contains values that are not numbers.", column=name
            )
    if np.any(np.isinf(values)):
        raise AnalysisInputError(
            "non_numeric", f"Column '{name}' contains infinite values.", column=name
        )
    return values
