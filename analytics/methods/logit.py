"""Binary logistic regression with the figures SPSS prints (domain.md section 8).

The fit itself is statsmodels' ``Logit`` (Newton-Raphson, maximum likelihood). Around it this module
adds what an analyst puts beside a thesis table: B, S.E., Wald, df, Sig., Exp(B) and its confidence
interval; -2 log likelihood of the intercept-only and fitted models; the omnibus chi-square; Cox &
Snell and Nagelkerke R squared; the Hosmer-Lemeshow test with SPSS's "deciles of risk" grouping; and
the classification table.

Decisions where the brief or SPSS's documentation leaves room:

* Classification: a case is predicted to be the event when its predicted probability is strictly
  greater than the cut value (IBM's documentation: cases "with predicted values that exceed the
  classification cutoff are classified as positive"). A probability exactly equal to the cut is
  classified as non-event.
* Hosmer-Lemeshow "identical" probabilities: after sorting, two neighbouring probabilities belong to
  the same block when they differ by at most ``TIE_RELATIVE_TOLERANCE`` (1e-12) relative to the
  larger one. This joins cases whose probabilities are mathematically equal (same predictor values)
  but differ in the last bits of floating-point arithmetic, while keeping genuinely different
  probabilities apart. A comparison of neighbours is used rather than rounding to 12 significant
  digits, because rounding can still split two values 1e-17 apart that straddle a rounding edge.
* In the grouping walk, a block that arrives when the current group is still empty always goes into
  that group (the rule's "start a new group" never creates an empty group), so the first block is
  the first group, as in SPSS and SAS.
* With fewer than three Hosmer-Lemeshow groups df = groups - 2 is not positive: chi2 is still
  reported, ``sig`` is ``None`` and a warning is added.
* Events per variable use the smaller outcome category (Peduzzi et al.): fewer than 10 per predictor
  is a warning; n <= number of parameters (predictors + constant) is an error.
* Perfect or quasi-complete separation is reported when statsmodels warns of perfect prediction,
  when Newton-Raphson does not converge (under separation the coefficients grow without bound), when
  the estimates or standard errors are not finite, or when a fitted probability is 0 or 1 in double
  precision on the upper side (|linear predictor| > ``SEPARATION_LOGIT`` = 36, where 1 - p falls
  below the spacing of doubles near 1; the same bound is used for the lower side).
* An Exp(B) or interval bound too large for a double (a predictor in tiny units) is ``inf`` on the
  dataclass and ``null`` in ``to_dict()``.
* The constant also gets Exp(B) and a confidence interval; SPSS leaves that interval blank, so the
  presentation layer may hide it.
* Outcome matching: a value is the event when its text (trimmed, case-insensitive) equals the
  event's text, or when both read as numbers and are equal (so 1, 1.0, "1" and "1.0" all match
  event 1). Every other non-blank value is the non-event.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from analytics.methods.errors import AnalysisInputError

TIE_RELATIVE_TOLERANCE = 1e-12
# 1 / (1 + exp(-37)) rounds to exactly 1.0 in double precision.
SEPARATION_LOGIT = 36.0
MIN_EVENTS_PER_VARIABLE = 10
MAX_ITERATIONS = 50
# Smallest eigenvalue of the scaled predictors' Gram matrix that proves full rank (_check_design).
FULL_RANK_EIGENVALUE = 1e-6


def _json_float(value: float) -> float | None:
    """JSON has no infinity: an Exp(B) beyond the range of a double is stored as null."""
    return value if math.isfinite(value) else None


@dataclass(frozen=True)
class Coefficient:
    name: str
    b: float
    se: float
    wald: float
    df: int
    sig: float
    exp_b: float
    ci_lower: float
    ci_upper: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "b": self.b,
            "se": self.se,
            "wald": self.wald,
            "df": self.df,
            "sig": self.sig,
            "exp_b": _json_float(self.exp_b),
            "ci_lower": _json_float(self.ci_lower),
            "ci_upper": _json_float(self.ci_upper),
        }


@dataclass(frozen=True)
class HosmerLemeshowGroup:
    n: int
    observed_0: int
    expected_0: float
    observed_1: int
    expected_1: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "observed_0": self.observed_0,
            "expected_0": self.expected_0,
            "observed_1": self.observed_1,
            "expected_1": self.expected_1,
        }


@dataclass(frozen=True)
class HosmerLemeshow:
    chi2: float
    df: int
    sig: float | None
    groups: list[HosmerLemeshowGroup]

    def to_dict(self) -> dict[str, Any]:
        return {
            "chi2": self.chi2,
            "df": self.df,
            "sig": self.sig,
            "groups": [g.to_dict() for g in self.groups],
        }


@dataclass(frozen=True)
class Classification:
    cut: float
    table: list[list[int]]
    percent_correct: list[float]
    overall_percent: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "cut": self.cut,
            "table": [list(row) for row in self.table],
            "percent_correct": list(self.percent_correct),
            "overall_percent": self.overall_percent,
        }


@dataclass(frozen=True)
class LogitResult:
    n: int
    n_dropped: int
    outcome: str
    event: Any
    predictors: list[str]
    ci_level: float
    coefficients: list[Coefficient]
    minus2ll_null: float
    minus2ll: float
    omnibus: dict[str, Any]
    cox_snell_r2: float
    nagelkerke_r2: float
    hosmer_lemeshow: HosmerLemeshow
    classification: Classification
    warnings: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        event = self.event.item() if isinstance(self.event, np.generic) else self.event
        return {
            "n": self.n,
            "n_dropped": self.n_dropped,
            "outcome": self.outcome,
            "event": event,
            "predictors": list(self.predictors),
            "ci_level": self.ci_level,
            "coefficients": [c.to_dict() for c in self.coefficients],
            "minus2ll_null": self.minus2ll_null,
            "minus2ll": self.minus2ll,
            "omnibus": dict(self.omnibus),
            "cox_snell_r2": self.cox_snell_r2,
            "nagelkerke_r2": self.nagelkerke_r2,
            "hosmer_lemeshow": self.hosmer_lemeshow.to_dict(),
            "classification": self.classification.to_dict(),
            "warnings": [dict(w) for w in self.warnings],
        }


# --------------------------------------------------------------------------------------------------
# Hosmer-Lemeshow grouping and classification: pure functions, testable alone.
# --------------------------------------------------------------------------------------------------


def hosmer_lemeshow_groups(probabilities: np.ndarray) -> list[np.ndarray]:
    """Split cases into SPSS's "deciles of risk" (domain.md section 8), as arrays of case indices.

    Cases are sorted by predicted probability; cases with identical probability (see
    ``TIE_RELATIVE_TOLERANCE``) form a block that is never split. With M = floor(0.1 n + 0.5) and c
    the number of cases already in the current group, a block joins the current group while
    c < M and c + floor(0.5 * block size) <= M; otherwise it starts a new group. A last group with
    fewer than floor(0.05 n) cases is merged into the one before. Each returned array holds indices
    into ``probabilities``, in ascending order of probability.
    """
    p = np.asarray(probabilities, dtype=float).ravel()
    n = p.size
    if n == 0:
        return []
    # Tied probabilities keep the order of their cases (a stable sort): the sums over a group are
    # then added in the same order every time. Without ties every sort gives that same order, and
    # the default sort is about three times faster than the stable one.
    order = np.argsort(p)
    sorted_p = p[order]
    if np.any(sorted_p[1:] == sorted_p[:-1]) or np.isnan(sorted_p[-1]):
        order = np.argsort(p, kind="mergesort")
        sorted_p = p[order]

    gaps = np.diff(sorted_p)
    new_block = gaps > TIE_RELATIVE_TOLERANCE * np.abs(sorted_p[1:])
    starts = np.concatenate(([0], np.flatnonzero(new_block) + 1))
    sizes = np.diff(np.append(starts, n))

    target = math.floor(0.1 * n + 0.5)
    # The walk "a block joins while c < M and c + floor(size / 2) <= M" one group at a time rather
    # than one block at a time: with c_j = cases of the group before block j (increasing in j),
    # the blocks that can join lie before the first j with c_j >= M (a binary search), and the
    # group ends at the first of them with c_j + floor(size_j / 2) > M.
    before = np.concatenate(([0], np.cumsum(sizes)))  # cases before block j
    halves = sizes // 2
    n_blocks = sizes.size
    group_starts: list[int] = []
    first = 0  # block that opens the current group
    while first < n_blocks:
        group_starts.append(int(starts[first]))
        base = before[first]
        stop = min(int(np.searchsorted(before, base + target, side="left")), n_blocks)
        following = first + 1
        if following < stop:
            fails = np.flatnonzero(before[following:stop] - base + halves[following:stop] > target)
            following = following + int(fails[0]) if fails.size else stop
        first = following
    bounds = [*group_starts, n]
    groups = [order[bounds[i] : bounds[i + 1]] for i in range(len(group_starts))]

    if len(groups) > 1 and groups[-1].size < math.floor(0.05 * n):
        last = groups.pop()
        groups[-1] = np.concatenate((groups[-1], last))
    return groups


def classification_table(y: np.ndarray, probabilities: np.ndarray, cut: float) -> Classification:
    """Observed by predicted counts; predicted event when probability > cut (SPSS's rule)."""
    y = np.asarray(y).astype(bool)
    predicted = np.asarray(probabilities, dtype=float) > cut
    obs0_pred0 = int(np.count_nonzero(~y & ~predicted))
    obs0_pred1 = int(np.count_nonzero(~y & predicted))
    obs1_pred0 = int(np.count_nonzero(y & ~predicted))
    obs1_pred1 = int(np.count_nonzero(y & predicted))
    n0 = obs0_pred0 + obs0_pred1
    n1 = obs1_pred0 + obs1_pred1
    total = n0 + n1
    return Classification(
        cut=float(cut),
        table=[[obs0_pred0, obs0_pred1], [obs1_pred0, obs1_pred1]],
        percent_correct=[
            100.0 * obs0_pred0 / n0 if n0 else float("nan"),
            100.0 * obs1_pred1 / n1 if n1 else float("nan"),
        ],
        overall_percent=100.0 * (obs0_pred0 + obs1_pred1) / total if total else float("nan"),
    )


def _hosmer_lemeshow(y: np.ndarray, p: np.ndarray) -> HosmerLemeshow:
    groups: list[HosmerLemeshowGroup] = []
    chi2 = 0.0
    for idx in hosmer_lemeshow_groups(p):
        n_g = int(idx.size)
        observed_1 = int(y[idx].sum())
        expected_1 = float(p[idx].sum())
        observed_0 = n_g - observed_1
        expected_0 = float((1.0 - p[idx]).sum())
        chi2 += (observed_1 - expected_1) ** 2 / expected_1
        chi2 += (observed_0 - expected_0) ** 2 / expected_0
        groups.append(HosmerLemeshowGroup(n_g, observed_0, expected_0, observed_1, expected_1))
    df = len(groups) - 2
    sig = float(stats.chi2.sf(chi2, df)) if df > 0 else None
    return HosmerLemeshow(chi2=float(chi2), df=df, sig=sig, groups=groups)


# --------------------------------------------------------------------------------------------------
# Input preparation
# --------------------------------------------------------------------------------------------------


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


@dataclass(frozen=True)
class _Centring:
    """Per predictor: the mean, the centred values and their sum of squares.

    ``x.mean(axis=0)``, ``np.linalg.norm(x - mean, axis=0)`` (the rank check's scale) and
    ``x.std(axis=0)`` (the fit's scale) all start from these, so they are computed once:
    ``norm = sqrt(sum_of_squares)`` and ``std = sqrt(sum_of_squares / n)`` are the very
    operations numpy performs inside ``norm`` and ``std``, giving the same doubles.
    """

    mean: np.ndarray
    centred: np.ndarray
    sum_of_squares: np.ndarray


def _centre(x: np.ndarray) -> _Centring:
    mean = x.mean(axis=0)
    centred = x - mean
    return _Centring(mean, centred, np.add.reduce(centred * centred, axis=0))


def _check_design(x: np.ndarray, predictors: list[str]) -> _Centring:
    """Raise singular_design for a constant predictor or exact collinearity (rank check).

    Returns the predictors' centring, which the fit reuses."""
    # Column by column on a transposed copy: reducing along axis 0 of the row-major design walks
    # it with a stride and takes several times longer (the maxima and minima are exact either way).
    by_column = np.ascontiguousarray(x.T)
    spread = by_column.max(axis=1) - by_column.min(axis=1)
    del by_column
    for j, name in enumerate(predictors):
        if spread[j] == 0:
            raise AnalysisInputError(
                "singular_design",
                f"Predictor '{name}' has the same value for every case.",
                column=name,
            )
    # Rank of [1, X] equals the rank of the centred and scaled predictors; scaling first keeps
    # the rank tolerance meaningful when columns are in very different units (years vs Rupiah).
    centring = _centre(x)
    scaled = centring.centred / np.sqrt(centring.sum_of_squares)
    # The SVD of an n x k matrix is the slow part (~20 ms at n = 100,000); the k x k Gram matrix
    # costs one pass. Its eigenvalues are the squared singular values, computed to within about
    # n * eps (the columns have unit norm), far below FULL_RANK_EIGENVALUE, while matrix_rank's
    # tolerance on a singular value is max(n, k) * eps * sigma_max. So an eigenvalue above
    # FULL_RANK_EIGENVALUE proves full rank, the answer the SVD would give; anything closer to
    # singular goes to the SVD as before.
    if float(np.linalg.eigvalsh(scaled.T @ scaled)[0]) > FULL_RANK_EIGENVALUE:
        return centring
    rank = int(np.linalg.matrix_rank(scaled))
    if rank < len(predictors):
        # The column whose addition fails to raise the rank is named as the culprit.
        culprit = predictors[-1]
        for j in range(1, len(predictors) + 1):
            if int(np.linalg.matrix_rank(scaled[:, :j])) < j:
                culprit = predictors[j - 1]
                break
        raise AnalysisInputError(
            "singular_design",
            f"Predictor '{culprit}' is an exact linear combination of the other predictors.",
            column=culprit,
            columns=list(predictors),
        )
    return centring


def _separation_error() -> AnalysisInputError:
    return AnalysisInputError(
        "perfect_separation",
        "The predictors separate the outcome perfectly or almost perfectly, so the coefficients "
        "cannot be estimated.",
    )


def _fit(y: np.ndarray, centring: _Centring) -> tuple[np.ndarray, np.ndarray, float, np.ndarray]:
    """Fit with statsmodels; return (params, bse, log likelihood, linear predictor), constant last.

    statsmodels' Newton-Raphson stops when every coefficient moves by less than an absolute 1e-8,
    which never happens for a predictor in tiny units (B in the millions). The fit is therefore
    done on centred and scaled predictors and mapped back: the maximum-likelihood estimate is
    equivariant under that linear change, so B, S.E. and the likelihood are those of the raw data.
    """
    from statsmodels.discrete.discrete_model import Logit
    from statsmodels.tools.sm_exceptions import PerfectSeparationError, PerfectSeparationWarning

    n, k = centring.centred.shape
    centre = centring.mean
    scale = np.sqrt(centring.sum_of_squares / n)  # x.std(axis=0)
    standardised = np.column_stack((centring.centred / scale, np.ones(n)))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            # check_rank=False: _check_design has already proved the design of full rank, and
            # statsmodels' own rank check (a QR of the whole design) would only set df_model.
            # hasconst=False: otherwise statsmodels looks for the constant column by scanning
            # the whole design for its minima and maxima (~6 ms at n = 100,000); the constant is
            # known to be the last column. Its k_constant only enters results not read here
            # (df_model-based statistics, llnull, the summary); the Newton-Raphson fit, params,
            # cov_params and llf do not depend on it (bench/check_equivalence.py: identical).
            model = Logit(y, standardised, check_rank=False, hasconst=False)
            fitted = model.fit(disp=0, method="newton", maxiter=MAX_ITERATIONS)
            gamma = np.asarray(fitted.params, dtype=float)
            cov_gamma = np.asarray(fitted.cov_params(), dtype=float)
        except (PerfectSeparationError, np.linalg.LinAlgError) as exc:
            raise _separation_error() from exc
        llf = float(fitted.llf)
    if any(issubclass(w.category, PerfectSeparationWarning) for w in caught):
        raise _separation_error()
    if not fitted.mle_retvals.get("converged", False):
        raise _separation_error()
    if not (np.all(np.isfinite(gamma)) and np.all(np.isfinite(cov_gamma)) and math.isfinite(llf)):
        raise _separation_error()
    linear_predictor = standardised @ gamma
    if np.any(np.abs(linear_predictor) > SEPARATION_LOGIT):
        raise _separation_error()

    # beta = T gamma: B_j = gamma_j / scale_j and
    # constant = gamma_0 - sum(gamma_j * centre_j / scale_j); Cov(beta) = T Cov(gamma) T'.
    transform = np.zeros((k + 1, k + 1))
    transform[np.arange(k), np.arange(k)] = 1.0 / scale
    transform[k, :k] = -centre / scale
    transform[k, k] = 1.0
    params = transform @ gamma
    cov = transform @ cov_gamma @ transform.T
    variances = np.diag(cov)
    if np.any(variances <= 0):
        raise _separation_error()
    return params, np.sqrt(variances), llf, linear_predictor


# --------------------------------------------------------------------------------------------------
# The analysis
# --------------------------------------------------------------------------------------------------


def logistic_regression(
    data: pd.DataFrame,
    *,
    outcome: str,
    event: Any,
    predictors: list[str],
    ci_level: float = 0.95,
    cut: float = 0.5,
) -> LogitResult:
    """Binary logistic regression of (outcome == event) on the predictors, SPSS-style output."""
    predictors = list(predictors)
    if not predictors:
        raise AnalysisInputError("empty_input", "Choose at least one predictor.")
    if len(set(predictors)) != len(predictors) or outcome in predictors:
        raise AnalysisInputError(
            "invalid_value", "Each column may be used only once.", columns=[outcome, *predictors]
        )
    for column in (outcome, *predictors):
        if column not in data.columns:
            raise AnalysisInputError(
                "missing_column", f"Column '{column}' is not in the data.", column=column
            )
    if not 0.0 < ci_level < 1.0:
        raise AnalysisInputError(
            "invalid_value", "The confidence level must be between 0 and 1.", ci_level=ci_level
        )
    if not 0.0 < cut < 1.0:
        raise AnalysisInputError(
            "invalid_value", "The classification cut value must be between 0 and 1.", cut=cut
        )

    outcome_values = data[outcome]
    outcome_coded = _distinct_text(outcome_values)  # factorised once, see below
    blank = _blank_mask(outcome_values, outcome_coded)
    columns = []
    for name in predictors:
        column_blank, values = _predictor(data[name], name)
        columns.append(values)
        blank |= column_blank
    keep = ~blank
    n = int(keep.sum())
    n_dropped = int(blank.size - n)
    if n == 0:
        raise AnalysisInputError("empty_input", "No case has the outcome and every predictor.")

    x = np.column_stack(columns)
    # Usually no case is dropped; then the kept outcome is the whole column, whose distinct
    # values are already known, and neither it nor the design is copied again. Every distinct
    # value occurs in some case, so the non-event values (for the warning below) are the
    # distinct values that are not the event.
    non_event_values = None
    if n == blank.size and outcome_coded is not None:
        codes, distinct = outcome_coded
        is_event = _event_indicator_per_cell(distinct, event)
        y = is_event[codes]
        non_event_values = distinct[is_event == 0]
    else:
        y = _event_indicator(outcome_values[keep], event)
        x = x[keep]
    n_events = int(y.sum())
    if n_events in (0, n):
        raise AnalysisInputError(
            "constant_outcome",
            "The outcome takes only one value, so there is nothing to explain.",
            column=outcome,
            event=str(event),
        )
    k = len(predictors)
    if n <= k + 1:
        raise AnalysisInputError(
            "too_few_cases",
            f"{n} cases cannot estimate {k + 1} parameters.",
            n=n,
            parameters=k + 1,
        )
    centring = _check_design(x, predictors)

    result_warnings: list[dict[str, Any]] = []
    smaller = min(n_events, n - n_events)
    if smaller / k < MIN_EVENTS_PER_VARIABLE:
        result_warnings.append(
            {
                "code": "few_events_per_variable",
                "message": (
                    f"Only {smaller / k:.1f} cases of the rarer outcome per predictor "
                    f"(at least {MIN_EVENTS_PER_VARIABLE} are advised); estimates may be unstable."
                ),
                "params": {
                    "events_per_variable": smaller / k,
                    "minimum": MIN_EVENTS_PER_VARIABLE,
                },
            }
        )
    if non_event_values is not None:
        other_values = non_event_values
    else:
        other_values = outcome_values[keep][y == 0]
        coded = _distinct_text(other_values)
        if coded is not None:
            other_values = coded[1]  # the same distinct values after stripping and casefold
    if other_values.astype("string").str.strip().str.casefold().nunique() > 1:
        result_warnings.append(
            {
                "code": "outcome_values_grouped",
                "message": "The outcome has more than two values; all values other than the "
                "event were counted as non-event.",
                "params": {"event": str(event)},
            }
        )

    params, bse, llf, linear_predictor = _fit(y, centring)  # constant last, as SPSS prints it
    p = 1.0 / (1.0 + np.exp(-linear_predictor))

    z = float(stats.norm.ppf(0.5 + ci_level / 2.0))
    wald = (params / bse) ** 2
    sig = stats.chi2.sf(wald, 1)
    with np.errstate(over="ignore"):  # Exp(B) of a predictor in tiny units may exceed a double
        exp_b = np.exp(params)
        ci_lower = np.exp(params - z * bse)
        ci_upper = np.exp(params + z * bse)
    coefficients = [
        Coefficient(
            name=name,
            b=float(params[j]),
            se=float(bse[j]),
            wald=float(wald[j]),
            df=1,
            sig=float(sig[j]),
            exp_b=float(exp_b[j]),
            ci_lower=float(ci_lower[j]),
            ci_upper=float(ci_upper[j]),
        )
        for j, name in enumerate([*predictors, "constant"])
    ]

    # Intercept-only model in closed form: every case gets the observed event proportion.
    minus2ll_null = -2.0 * (
        n_events * math.log(n_events / n) + (n - n_events) * math.log((n - n_events) / n)
    )
    minus2ll = -2.0 * llf
    omnibus_chi2 = minus2ll_null - minus2ll
    cox_snell = 1.0 - math.exp((minus2ll - minus2ll_null) / n)
    nagelkerke = cox_snell / (1.0 - math.exp(-minus2ll_null / n))

    hosmer_lemeshow = _hosmer_lemeshow(y, p)
    if hosmer_lemeshow.sig is None:
        result_warnings.append(
            {
                "code": "hosmer_lemeshow_too_few_groups",
                "message": "Too few distinct predicted probabilities for the Hosmer-Lemeshow "
                "test (it needs at least three groups).",
                "params": {"groups": len(hosmer_lemeshow.groups)},
            }
        )

    return LogitResult(
        n=n,
        n_dropped=n_dropped,
        outcome=outcome,
        event=event,
        predictors=predictors,
        ci_level=float(ci_level),
        coefficients=coefficients,
        minus2ll_null=float(minus2ll_null),
        minus2ll=float(minus2ll),
        omnibus={
            "chi2": float(omnibus_chi2),
            "df": k,
            "sig": float(stats.chi2.sf(omnibus_chi2, k)),
        },
        cox_snell_r2=float(cox_snell),
        nagelkerke_r2=float(nagelkerke),
        hosmer_lemeshow=hosmer_lemeshow,
        classification=classification_table(y, p, cut),
        warnings=result_warnings,
    )
