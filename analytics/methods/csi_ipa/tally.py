"""Reshaping the checked answers into per-attribute counts and totals (and the number of
respondents), either with a pandas ``groupby`` or, when respondent and attribute are factorised
text, with ``np.bincount`` on their codes; both give the same integers. Kept apart because it is
the one place where the answers are aggregated, and the two routes must stay equal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from analytics.methods.csi_ipa.answers import SCORE_COLUMNS

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
