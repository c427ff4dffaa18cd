"""The analysis itself: ``csi_ipa`` checks and tallies the answers, then computes MIS, MSS,
WF, WS, WAT and the CSI with its band, each attribute's IPA quadrant against the cut lines, and the
CSI of each SERVQUAL dimension, exactly with ``Fraction`` and converted to float at the end. CSI
and IPA stay together because they share the per-attribute means and are computed in one loop.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from analytics.methods.csi_ipa.answers import (
    REQUIRED_COLUMNS,
    SCORE_COLUMNS,
    _attribute_order,
    _blank_mask,
    _duplicated_answers,
    _parse_scores,
    _raise_invalid,
    _text_codes,
)
from analytics.methods.csi_ipa.results import AttributeScore, CsiIpaResult, DimensionScore, csi_band
from analytics.methods.csi_ipa.tally import _tally, _tally_coded
from analytics.methods.errors import AnalysisInputError


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
