"""What a CSI/IPA analysis returns: the satisfaction bands and ``csi_band``, the IPA quadrant
labels, and the ``AttributeScore``, ``DimensionScore`` and ``CsiIpaResult`` dataclasses with the
``to_dict()`` that stores them as JSON. Kept apart from the arithmetic so that the stored shape and
the band boundaries, which the dashboards read, are found in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

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
