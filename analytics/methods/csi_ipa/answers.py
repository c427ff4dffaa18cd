"""Reading and checking the long-form answers before any arithmetic: the required columns,
blank respondents and attributes, scores parsed as whole numbers in 1..scale_max (with fast routes
for text and float columns), attributes outside the survey, a respondent answering an attribute
twice, and the ``invalid_value`` error that names the caller's row. Separate from the CSI and IPA
formulas because almost all of the method's error paths, and most of its speed work, are here.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from analytics.methods.errors import AnalysisInputError

REQUIRED_COLUMNS = ("respondent", "attribute", "importance", "performance")
SCORE_COLUMNS = ("importance", "performance")


def _duplicated_answers(
    data: pd.DataFrame,
    respondent: tuple[np.ndarray, np.ndarray] | None,
    attribute: tuple[np.ndarray, np.ndarray] | None,
) -> pd.Series:
    """True for a row repeating an earlier row's (respondent, attribute), as DataFrame.duplicated.

    With both columns factorised, a pair is one integer and the rows are checked by that."""
    if respondent is None or attribute is None:
        return data.duplicated(subset=["respondent", "attribute"], keep="first")
    pair = respondent[0].astype(np.int64, copy=False) * len(attribute[1])
    pair += attribute[0]  # in place: one array of a million pairs, not two
    pairs = len(respondent[1]) * len(attribute[1])
    # Usually there is no duplicate at all, which counting the pairs shows in one pass when there
    # are not many more possible pairs than rows; only then are the repeats looked for by hashing.
    if pairs <= 4 * len(pair) + 1024 and np.bincount(pair, minlength=pairs).max(initial=0) <= 1:
        return pd.Series(False, index=data.index)
    return pd.Series(pd.Series(pair).duplicated(keep="first").to_numpy(), index=data.index)


def _attribute_order(
    data: pd.DataFrame,
    labels: pd.Index,
    attribute_order: list[str] | None,
    coded: tuple[np.ndarray, np.ndarray] | None = None,
) -> list[Any]:
    if attribute_order is None:
        # factorize lists the distinct values in order of first appearance, as pd.unique does.
        distinct = coded[1] if coded is not None else pd.unique(data["attribute"])
        return [_plain(a) for a in distinct]
    known = set(attribute_order)
    unknown = ~data["attribute"].isin(known)
    if unknown.any():
        _raise_invalid(
            data,
            labels,
            unknown,
            "attribute",
            "unknown_attribute",
            "the attribute is not in the survey",
        )
    return list(attribute_order)


def _text_codes(series: pd.Series) -> tuple[np.ndarray, np.ndarray] | None:
    """``(codes, distinct values)`` of a column of text with no missing cell, else None.

    An uploaded file arrives as text (analytics.inputs.read_table gives every cell as ``str``, a
    blank cell as ""), and a score, respondent or attribute column has few distinct values
    compared with its rows (five scores, thirteen attributes). Every check here depends only on a
    cell's value, and ``pandas.to_numeric`` infers its result type from the set of values it sees,
    which the distinct values share with the whole column; so each check is made once per
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
    return codes, uniques


def _blank_mask(series: pd.Series, coded: tuple[np.ndarray, np.ndarray] | None = None) -> pd.Series:
    """True where a cell is NaN/None or a string of only whitespace.

    ``coded`` is the column's ``_text_codes`` when the caller already has it."""
    if isinstance(series.dtype, np.dtype) and series.dtype.kind in "biuf":
        return series.isna()  # numbers are never whitespace
    factorised = coded if coded is not None else _text_codes(series)
    if factorised is not None:
        codes, uniques = factorised
        # ``value.strip() == ""`` exactly when the text is empty or all whitespace (str.isspace);
        # mapping the unbound method avoids a Python-level call per distinct value.
        blank = np.fromiter(map(str.isspace, uniques), dtype=bool, count=len(uniques))
        blank |= uniques == ""
        if not blank.any():  # the usual case: nothing to spread over the rows
            return pd.Series(False, index=series.index, name=series.name)
        return pd.Series(blank[codes], index=series.index, name=series.name)
    as_text = series.map(lambda v: v.strip() if isinstance(v, str) else v)
    return series.isna() | as_text.eq("")


def _score_values(raw: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """``(blank, numeric, is_bool)`` cell by cell: numeric is NaN where blank or unparsable."""
    if isinstance(raw.dtype, np.dtype) and raw.dtype.kind in "iuf":
        # A column of numbers: no cell is whitespace or a bool, to_numeric keeps the values.
        blank = raw.isna()
        numeric = pd.to_numeric(raw.where(~blank), errors="coerce").astype(float)
        return blank, numeric, pd.Series(False, index=raw.index)
    factorised = _text_codes(raw)
    if factorised is not None:
        codes, uniques = factorised
        blank, numeric, is_bool = _score_values_per_cell(pd.Series(uniques, dtype=object))
        return (
            pd.Series(blank.to_numpy()[codes], index=raw.index),
            pd.Series(numeric.to_numpy()[codes], index=raw.index, name=raw.name),
            pd.Series(is_bool.to_numpy()[codes], index=raw.index),
        )
    return _score_values_per_cell(raw)


def _score_values_per_cell(raw: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    blank = _blank_mask(raw)
    numeric = pd.to_numeric(raw.where(~blank), errors="coerce").astype(float)
    # pandas reads True as 1; a yes/no cell is not a Likert score.
    is_bool = raw.map(lambda v: isinstance(v, (bool, np.bool_))).astype(bool)
    return blank, numeric, is_bool


def _parse_scores(data: pd.DataFrame, labels: pd.Index, column: str, scale_max: int) -> pd.Series:
    """Return the column as floats with NaN for skipped answers; raise on anything else."""
    raw = data[column]
    if isinstance(raw.dtype, np.dtype) and raw.dtype.kind == "f":
        return _parse_float_scores(data, labels, column, scale_max)
    blank, numeric, is_bool = _score_values(raw)
    not_a_number = ~blank & (numeric.isna() | is_bool)
    if not_a_number.any():
        _raise_invalid(
            data, labels, not_a_number, column, "not_a_number", f"'{column}' is not a number"
        )
    out_of_range = ~blank & ((numeric < 1) | (numeric > scale_max))
    if out_of_range.any():
        _raise_invalid(
            data,
            labels,
            out_of_range,
            column,
            "out_of_range",
            f"'{column}' must be between 1 and {scale_max}",
            minimum=1,
            maximum=scale_max,
        )
    fractional = ~blank & (numeric != np.floor(numeric))
    if fractional.any():
        _raise_invalid(
            data, labels, fractional, column, "not_an_integer", f"'{column}' must be a whole number"
        )
    return numeric.where(~blank)


def _parse_float_scores(
    data: pd.DataFrame, labels: pd.Index, column: str, scale_max: int
) -> pd.Series:
    """``_parse_scores`` for a column of floats (analytics.inputs.read_table reads the scores as
    float64): blank is NaN and every other cell is a number and no bool, so "not a number" cannot
    occur and the range and whole-number checks are made on the array itself, in the same order
    and with the same messages. The values are returned as they are (NaN where blank), without
    the copies the general route makes."""
    raw = data[column]
    values = raw.to_numpy(dtype=float)
    blank = np.isnan(values)
    out_of_range = (values < 1) | (values > scale_max)  # False where NaN
    if out_of_range.any():
        _raise_invalid(
            data,
            labels,
            out_of_range,
            column,
            "out_of_range",
            f"'{column}' must be between 1 and {scale_max}",
            minimum=1,
            maximum=scale_max,
        )
    fractional = np.floor(values) != values  # True where NaN, hence the blank mask
    fractional &= ~blank
    if fractional.any():
        _raise_invalid(
            data, labels, fractional, column, "not_an_integer", f"'{column}' must be a whole number"
        )
    return pd.Series(values, index=raw.index, name=raw.name)


def _raise_invalid(
    data: pd.DataFrame,
    labels: pd.Index,
    mask: pd.Series | np.ndarray,
    column: str,
    reason: str,
    what: str,
    **extra: Any,
) -> None:
    """Raise invalid_value for the first row where ``mask`` (a Series or an array) is true."""
    position = int(np.flatnonzero(np.asarray(mask))[0])
    # Iterating the index gives its labels as Python objects (list(index)[position]) without
    # building a list of a million labels.
    row = _plain(next(iter(labels[position : position + 1])))
    respondent = _plain(data["respondent"].iat[position])
    value = _plain(data[column].iat[position])
    raise AnalysisInputError(
        "invalid_value",
        f"Row {row!r} (respondent {respondent!r}): {what}; got {value!r}.",
        column=column,
        row=row,
        respondent=respondent,
        value=value,
        reason=reason,
        **extra,
    )


def _plain(value: Any) -> Any:
    """numpy scalars -> Python scalars, NaN -> None, so error params are JSON-ready."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and np.isnan(value):
        return None
    return value
