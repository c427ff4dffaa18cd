"""What a logistic regression returns: the ``Coefficient`` rows of the SPSS "Variables in the
Equation" table and the ``LogitResult`` that gathers every figure, each with the ``to_dict()`` that
stores it as JSON (an infinite Exp(B) becomes null). Kept apart from the computation so that the
stored shape, which the dashboards and exports read, is found and changed in one place.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from analytics.methods.logit.classification import Classification
from analytics.methods.logit.hosmer_lemeshow import HosmerLemeshow


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
