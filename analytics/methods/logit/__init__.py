"""Binary logistic regression with the figures SPSS prints (domain.md section 8).

The fit itself is statsmodels' ``Logit`` (Newton-Raphson, maximum likelihood). Around it the package
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

from analytics.methods.logit.analysis import MIN_EVENTS_PER_VARIABLE, logistic_regression
from analytics.methods.logit.classification import Classification, classification_table
from analytics.methods.logit.fit import FULL_RANK_EIGENVALUE, MAX_ITERATIONS, SEPARATION_LOGIT
from analytics.methods.logit.hosmer_lemeshow import (
    TIE_RELATIVE_TOLERANCE,
    HosmerLemeshow,
    HosmerLemeshowGroup,
    hosmer_lemeshow_groups,
)
from analytics.methods.logit.results import Coefficient, LogitResult

__all__ = [
    "FULL_RANK_EIGENVALUE",
    "MAX_ITERATIONS",
    "MIN_EVENTS_PER_VARIABLE",
    "SEPARATION_LOGIT",
    "TIE_RELATIVE_TOLERANCE",
    "Classification",
    "Coefficient",
    "HosmerLemeshow",
    "HosmerLemeshowGroup",
    "LogitResult",
    "classification_table",
    "hosmer_lemeshow_groups",
    "logistic_regression",
]
