"""Customer Satisfaction Index (CSI) and Importance-Performance Analysis (IPA).

A survey round asks each farmer, for each attribute, an importance score and a performance score on
a 1..scale_max Likert scale (domain.md section 6). For attribute i:

- MIS_i, MSS_i: mean importance and mean performance over the respondents who answered that score;
- WF_i = MIS_i / sum(MIS) * 100;  WS_i = WF_i * MSS_i;  WAT = sum(WS_i);  CSI = WAT / scale_max;
- IPA places the attribute at (x = MSS_i, y = MIS_i); the cut lines are the means over attributes,
  performance_mean = mean(MSS_i) and importance_mean = mean(MIS_i). Quadrants:
  A (prioritas utama) y >= Y and x < X;  B (pertahankan prestasi) y >= Y and x >= X;
  C (prioritas rendah) y < Y and x < X;  D (berlebihan) y < Y and x >= X.

Everything is computed exactly with ``fractions.Fraction`` (the scores are integers, so every mean
is a ratio of integers) and converted to float only at the end. That makes the band and the quadrant
decisions exact at their boundaries (a CSI of exactly 80 is "sangat puas", an attribute exactly on a
cut line is on the ">=" side) and gives correctly rounded floats, so half-up display rounding of a
true 4.125 prints 4.13 as the published tables do.

Blank scores (NaN, None, empty string) mean the respondent skipped that score for that attribute;
they are left out of that attribute's mean, and each attribute reports how many answered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from analytics.methods.errors import AnalysisInputError

__all__ = [
    "CSI_BANDS",
    "QUADRANT_LABELS",
    "AttributeScore",
    "CsiIpaResult",
    "DimensionScore",
    "csi_band",
    "csi_ipa",
]

REQUIRED_COLUMNS = ("respondent", "attribute", "importance", "performance")
SCORE_COLUMNS = ("importance", "performance")

#: (lower bound in %, band code, Indonesian label), highest first. A CSI at a bound is in that band.
CSI_BANDS: tuple[tuple[int, str, str], ...] = (
    (80, "very_satisfied", "sangat puas"),
    (60, "satisfied", "puas"),
    (40, "fairly_satisfied", "cukup puas"),
    (20, "dissatisfied", "tidak puas"),
    (0, "very_dissatisfied", "sangat tidak puas"),
)

#: IPA quadrant -> Indonesian label used in the sources.
QUADRANT_LABELS: dict[str, str] = {
    "A": "prioritas utama",
    "B": "pertahankan prestasi",
    "C": "prioritas rendah",
    "D": "berlebihan",
}


@dataclass(frozen=True)
class AttributeScore:
    """One attribute's CSI and IPA figures (all unrounded)."""

    attribute: Any
    dimension: str | None
    n: int  # respondents who answered importance or performance (or both)
    n_importance: int
    n_performance: int
    importance_total: int
    performance_total: int
    mis: float
    mss: float
    wf: float  # weighting factor, % of the sum of MIS
    ws: float  # weighted score, WF * MSS
    conformity: float  # tingkat kesesuaian, %
    gap: float  # MSS - MIS
    quadrant: str  # "A", "B", "C" or "D"

    def to_dict(self) -> dict[str, Any]:
        return {
            "attribute": self.attribute,
            "dimension": self.dimension,
            "n": self.n,
            "n_importance": self.n_importance,
            "n_performance": self.n_performance,
            "importance_total": self.importance_total,
            "performance_total": self.performance_total,
            "mis": self.mis,
            "mss": self.mss,
            "wf": self.wf,
            "ws": self.ws,
            "conformity": self.conformity,
            "gap": self.gap,
            "quadrant": self.quadrant,
        }


@dataclass(frozen=True)
class DimensionScore:
    """CSI of one SERVQUAL dimension: the CSI formula over its attributes only."""

    dimension: str
    csi: float
    n_attributes: int
    mis_mean: float
    mss_mean: float
    attributes: tuple[Any, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "dimension": self.dimension,
            "csi": self.csi,
            "n_attributes": self.n_attributes,
            "mis_mean": self.mis_mean,
            "mss_mean": self.mss_mean,
            "attributes": list(self.attributes),
        }


@dataclass(frozen=True)
class CsiIpaResult:
    """The whole CSI/IPA analysis of a survey round (all figures unrounded)."""

    n_respondents: int
    csi: float  # in %
    csi_band: str  # band code, e.g. "very_satisfied"
    csi_band_label: str  # Indonesian label, e.g. "sangat puas"
    wat: float
    sum_mis: float
    sum_mss: float
    importance_mean: float  # IPA cut line on the y axis (mean MIS over attributes)
    performance_mean: float  # IPA cut line on the x axis (mean MSS over attributes)
    dimensions: tuple[DimensionScore, ...]
    attributes: tuple[AttributeScore, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "n_respondents": self.n_respondents,
            "csi": self.csi,
            "csi_band": self.csi_band,
            "csi_band_label": self.csi_band_label,
            "wat": self.wat,
            "sum_mis": self.sum_mis,
            "sum_mss": self.sum_mss,
            "importance_mean": self.importance_mean,
            "performance_mean": self.performance_mean,
            "dimensions": [d.to_dict() for d in self.dimensions],
            "attributes": [a.to_dict() for a in self.attributes],
        }


def csi_band(csi: float | Fraction) -> tuple[str, str]:
    """Return ``(band_code, indonesian_label)`` for a CSI in %.

    A value on a bound is in that band (exactly 80 is "sangat puas").
    """
    for lower, code, label in CSI_BANDS:
        if csi >= lower:
            return code, label
    return CSI_BANDS[-1][1], CSI_BANDS[-1][2]


def csi_ipa(
    responses: pd.DataFrame,
    *,
    scale_max: int = 5,
    attribute_order: list[str] | None = None,
    dimensions: dict[str, str] | None = None,
) -> CsiIpaResult:
    """Compute CSI and IPA from long-form survey answers.

    ``responses`` has one row per (respondent, attribute) with columns ``respondent``,
    ``attribute``, ``importance`` and ``performance``; scores are integers 1..``scale_max`` or blank
    (skipped). Attributes are reported in ``attribute_order`` if given, else in order of first
    appearance. ``dimensions`` maps attribute -> SERVQUAL dimension; attributes it does not map get
    dimension ``None`` and belong to no dimension's CSI.

    ``n_respondents`` counts respondents with at least one answered score.

    Raises ``AnalysisInputError`` with code:

    - ``empty_input``: no rows, no answered score at all, or an attribute whose importance (or
      performance) nobody answered (params ``attribute``, ``column``) - its mean does not exist;
    - ``missing_column``: a required column is absent (param ``column``);
    - ``invalid_value``: params ``column``, ``row`` (the DataFrame index label), ``respondent``,
      ``value`` and ``reason``: ``not_a_number``, ``out_of_range`` (also ``minimum``,
      ``maximum``), ``not_an_integer``, ``blank`` (respondent or attribute missing),
      ``unknown_attribute`` (not in ``attribute_order``) or ``duplicate`` (a respondent answered
      the same attribute in two rows).
    """
    if isinstance(scale_max, bool) or not isinstance(scale_max, (int, np.integer)) or scale_max < 2:
        raise ValueError(f"scale_max must be an integer >= 2, got {scale_max!r}")
    scale_max = int(scale_max)
    if attribute_order is not None and len(set(attribute_order)) != len(attribute_order):
        raise ValueError("attribute_order lists an attribute more than once")

    if len(responses.columns) == 0 and len(responses) == 0:
        raise AnalysisInputError("empty_input", "There are no survey answers to analyse.")
    for column in REQUIRED_COLUMNS:
        if column not in responses.columns:
            raise AnalysisInputError(
                "missing_column", f"Required column '{column}' is missing.", column=column
            )
    if len(responses) == 0:
        raise AnalysisInputError("empty_input", "There are no survey answers to analyse.")

    # Work on positions (the caller's index may repeat); errors report the caller's index label.
    # Nothing below writes into ``data`` (the parsed scores are kept apart in ``scores``), so when
    # the frame has exactly the four columns a shallow copy serves, and otherwise ``.loc`` makes
    # the selection; either way the frame is this function's own and its index is replaced in
    # place. (A deep copy of a million rows, or ``reset_index`` without ``inplace``, costs about
    # as much as the whole CSI arithmetic.)
    if list(responses.columns) == list(REQUIRED_COLUMNS):
        data = responses.copy(deep=False)
    else:
        data = responses.loc[:, list(REQUIRED_COLUMNS)]
    data.reset_index(drop=True, inplace=True)
    labels = responses.index
    # Respondent and attribute factorised once when they are plain text (see _text_codes); the
    # checks and counts below then work on integer codes instead of hashing the text again.
    coded = {column: _text_codes(data[column]) for column in ("respondent", "attribute")}
    for column in ("respondent", "attribute"):
        blank = _blank_mask(data[column], coded[column])
        if blank.any():
            _raise_invalid(data, labels, blank, column, "blank", f"'{column}' is blank")
    # Kept beside the frame rather than assigned into it: assigning a column copies it.
    scores = {column: _parse_scores(data, labels, column, scale_max) for column in SCORE_COLUMNS}

    answered = scores["importance"].notna().to_numpy() | scores["performance"].notna().to_numpy()
    if not answered.any():
        raise AnalysisInputError("empty_input", "No respondent answered any question.")

    order = _attribute_order(data, labels, attribute_order, coded["attribute"])

    duplicate = _duplicated_answers(data, coded["respondent"], coded["attribute"])
    if duplicate.any():
        _raise_invalid(
            data,
            labels,
            duplicate,
            "attribute",
            "duplicate",
            "the respondent answered this attribute twice",
        )

    # Skipped-everything rows carry no answer; they must not count towards n.
    if (
        coded["respondent"] is not None
        and coded["attribute"] is not None
        and scale_max * len(data) < 2**53
    ):
        tally, n_respondents = _tally_coded(
            scores, answered, coded["respondent"][0], coded["attribute"]
        )
    else:
        tally, n_respondents = _tally(data.assign(**scores).loc[answered])

    mapping = dimensions or {}
    rows: list[dict[str, Any]] = []
    for attribute in order:
        n_imp, n_perf, imp_total, perf_total, n = tally(attribute)
        for column, count in (("importance", n_imp), ("performance", n_perf)):
            if count == 0:
                raise AnalysisInputError(
                    "empty_input",
                    f"Nobody answered {column} for attribute '{attribute}'.",
                    attribute=attribute,
                    column=column,
                )
        rows.append(
            {
                "attribute": attribute,
                "dimension": mapping.get(attribute),
                "n": n,
                "n_importance": n_imp,
                "n_performance": n_perf,
                "importance_total": imp_total,
                "performance_total": perf_total,
                "mis": Fraction(imp_total, n_imp),
                "mss": Fraction(perf_total, n_perf),
            }
        )

    p = len(rows)
    sum_mis = sum((r["mis"] for r in rows), Fraction(0))
    sum_mss = sum((r["mss"] for r in rows), Fraction(0))
    importance_mean = sum_mis / p
    performance_mean = sum_mss / p
    wat = Fraction(0)
    attributes: list[AttributeScore] = []
    for r in rows:
        mis, mss = r["mis"], r["mss"]
        wf = mis / sum_mis * 100
        ws = wf * mss
        wat += ws
        attributes.append(
            AttributeScore(
                attribute=r["attribute"],
                dimension=r["dimension"],
                n=r["n"],
                n_importance=r["n_importance"],
                n_performance=r["n_performance"],
                importance_total=r["importance_total"],
                performance_total=r["performance_total"],
                mis=float(mis),
                mss=float(mss),
                wf=float(wf),
                ws=float(ws),
                # MSS / MIS equals sum(performance) / sum(importance) when everyone answered both;
                # with skips, the ratio of means does not mix two different sets of respondents.
                conformity=float(mss / mis * 100),
                gap=float(mss - mis),
                quadrant=_quadrant(mis, mss, importance_mean, performance_mean),
            )
        )
    csi = wat / scale_max
    band_code, band_label = csi_band(csi)

    return CsiIpaResult(
        n_respondents=n_respondents,
        csi=float(csi),
        csi_band=band_code,
        csi_band_label=band_label,
        wat=float(wat),
        sum_mis=float(sum_mis),
        sum_mss=float(sum_mss),
        importance_mean=float(importance_mean),
        performance_mean=float(performance_mean),
        dimensions=_dimension_scores(rows, scale_max),
        attributes=tuple(attributes),
    )


Tally = Callable[[Any], tuple[int, int, int, int, int]]


def _tally(answered: pd.DataFrame) -> tuple[Tally, int]:
    """Per attribute (n_importance, n_performance, importance total, performance total, n) over
    the answered rows, zeros for an attribute nobody answered; and the number of respondents."""
    grouped = answered.groupby("attribute", sort=False)
    totals = grouped[list(SCORE_COLUMNS)].sum(min_count=0)
    counts = grouped[list(SCORE_COLUMNS)].count()
    n_rows = grouped.size()

    def tally(attribute: Any) -> tuple[int, int, int, int, int]:
        if attribute not in counts.index:
            return 0, 0, 0, 0, 0
        return (
            int(counts.at[attribute, "importance"]),
            int(counts.at[attribute, "performance"]),
            int(totals.at[attribute, "importance"]),
            int(totals.at[attribute, "performance"]),
            int(n_rows.at[attribute]),
        )

    return tally, int(answered["respondent"].nunique())


def _tally_coded(
    scores: dict[str, pd.Series],
    answered: np.ndarray,
    respondent_codes: np.ndarray,
    attribute: tuple[np.ndarray, np.ndarray],
) -> tuple[Tally, int]:
    """``_tally`` from the factorised respondent and attribute columns, with ``np.bincount``.

    The same numbers: the scores are whole numbers, so every partial sum is an exact integer in
    floating point as long as scale_max * rows < 2**53 (the caller takes the pandas route
    otherwise).

    Counts over the answered rows are the counts over all rows minus those over the few rows
    nobody answered (exact, in integers), instead of copying out every answered row. A row with a
    score is always answered, so a score's count and total need no such filter; its missing
    cells add 0.0, which leaves each running sum unchanged.
    """
    codes, uniques = attribute
    width = len(uniques)
    unanswered = ~answered
    all_rows = np.bincount(codes, minlength=width)
    n_rows = all_rows - np.bincount(codes[unanswered], minlength=width)
    columns = []
    for column in SCORE_COLUMNS:
        values = scores[column].to_numpy(dtype=float)
        missing = np.isnan(values)
        columns.append(
            (
                all_rows - np.bincount(codes[missing], minlength=width),
                np.bincount(codes, weights=np.where(missing, 0.0, values), minlength=width),
            )
        )
    (n_imp, imp_total), (n_perf, perf_total) = columns
    position = {value: code for code, value in enumerate(uniques)}

    def tally(attribute: Any) -> tuple[int, int, int, int, int]:
        code = position.get(attribute)
        if code is None or n_rows[code] == 0:
            return 0, 0, 0, 0, 0
        return (
            int(n_imp[code]),
            int(n_perf[code]),
            int(imp_total[code]),
            int(perf_total[code]),
            int(n_rows[code]),
        )

    per_respondent = np.bincount(respondent_codes)
    per_respondent -= np.bincount(respondent_codes[unanswered], minlength=len(per_respondent))
    n_respondents = int(np.count_nonzero(per_respondent))
    return tally, n_respondents


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


def _quadrant(mis: Fraction, mss: Fraction, y_cut: Fraction, x_cut: Fraction) -> str:
    if mis >= y_cut:
        return "A" if mss < x_cut else "B"
    return "C" if mss < x_cut else "D"


def _dimension_scores(rows: list[dict[str, Any]], scale_max: int) -> tuple[DimensionScore, ...]:
    members: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        if r["dimension"] is not None:
            members.setdefault(r["dimension"], []).append(r)
    scores = []
    for dimension, group in members.items():
        sum_mis = sum((r["mis"] for r in group), Fraction(0))
        sum_mss = sum((r["mss"] for r in group), Fraction(0))
        # WF renormalised within the dimension: sum(MIS_i / sum_mis * 100 * MSS_i) / scale_max.
        wat = sum((r["mis"] / sum_mis * 100 * r["mss"] for r in group), Fraction(0))
        scores.append(
            DimensionScore(
                dimension=dimension,
                csi=float(wat / scale_max),
                n_attributes=len(group),
                mis_mean=float(sum_mis / len(group)),
                mss_mean=float(sum_mss / len(group)),
                attributes=tuple(r["attribute"] for r in group),
            )
        )
    return tuple(scores)


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
