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

from analytics.methods.csi_ipa.analysis import csi_ipa
from analytics.methods.csi_ipa.results import (
    CSI_BANDS,
    QUADRANT_LABELS,
    AttributeScore,
    CsiIpaResult,
    DimensionScore,
    csi_band,
)

__all__ = [
    "CSI_BANDS",
    "QUADRANT_LABELS",
    "AttributeScore",
    "CsiIpaResult",
    "DimensionScore",
    "csi_band",
    "csi_ipa",
]
