"""The maximum-likelihood fit: the design checks (constant predictor, exact collinearity), the
statsmodels Newton-Raphson fit on centred and scaled predictors mapped back to the raw units, and
the signs of perfect or quasi-complete separation that make the estimates meaningless. Held apart
because these numerical safeguards are the delicate part of the method and are read and changed
on their own.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np

from analytics.methods.errors import AnalysisInputError

# 1 / (1 + exp(-37)) rounds to exactly 1.0 in double precision.
SEPARATION_LOGIT = 36.0
MAX_ITERATIONS = 50
# Smallest eigenvalue of the scaled predictors' Gram matrix that proves full rank (_check_design).
FULL_RANK_EIGENVALUE = 1e-6


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
