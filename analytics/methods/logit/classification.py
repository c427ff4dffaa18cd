"""The classification table: observed by predicted outcome at a cut value, with the percentage
correct per row and overall, using SPSS's rule that a case is predicted to be the event only when
its probability is strictly above the cut. A pure function of the outcome and the predicted
probabilities, tested on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


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
