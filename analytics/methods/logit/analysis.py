"""The analysis itself: ``logistic_regression`` checks the request, prepares the columns, fits
the model and assembles the SPSS figures (B, S.E., Wald, Sig., Exp(B) and its interval, -2LL, the
omnibus test, the R squared pair, Hosmer-Lemeshow, the classification table) with the warnings an
analyst should see. It only orchestrates; each step lives in its own module of this package.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from analytics.methods.errors import AnalysisInputError
from analytics.methods.logit.classification import classification_table
from analytics.methods.logit.fit import _check_design, _fit
from analytics.methods.logit.hosmer_lemeshow import _hosmer_lemeshow
from analytics.methods.logit.preparation import (
    _blank_mask,
    _distinct_text,
    _event_indicator,
    _event_indicator_per_cell,
    _predictor,
)
from analytics.methods.logit.results import Coefficient, LogitResult

MIN_EVENTS_PER_VARIABLE = 10


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
