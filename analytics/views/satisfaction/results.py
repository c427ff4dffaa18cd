"""What the pages show of one stored CSI/IPA result: the quadrant names, advice and band labels,
the attribute rows numbered as in the round's questionnaire, the dimension and quadrant lists,
and the IPA diagram's points, cut lines and axes (numbers formatted here, half-up). The dashboard,
the printable report and the XLSX export all read a result through ``build_results``, so they
show the same thing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from analytics.models import AnalysisRun
from analytics.presentation import BAND_BADGES, BANDS
from analytics.views.satisfaction.filters import _filter_description
from surveys import selectors as survey_selectors
from surveys.models import Dimension, SurveyRound, VersionAttribute
from tebu_site.formatting import format_number

QUADRANTS = {
    "A": (gettext_lazy("Top priority"), gettext_lazy("Concentrate here")),
    "B": (gettext_lazy("Keep up the good work"), gettext_lazy("Keep up")),
    "C": (gettext_lazy("Low priority"), gettext_lazy("Low priority")),
    "D": (gettext_lazy("Possible overkill"), gettext_lazy("Possible overkill")),
}
QUADRANT_ADVICE = {
    "A": gettext_lazy("Important to farmers but performing below average: improve these first."),
    "B": gettext_lazy("Important and performing well: keep doing what works."),
    "C": gettext_lazy("Less important and performing below average: improve when resources allow."),
    "D": gettext_lazy(
        "Performing well but less important: effort here may be better spent in quadrant A."
    ),
}


@dataclass
class AttributeRow:
    number: int
    code: str
    text: str
    dimension: str
    data: dict

    @property
    def quadrant(self) -> str:
        return self.data["quadrant"]


@dataclass
class Results:
    run: AnalysisRun
    result: dict
    rows: list[AttributeRow]
    dimensions: list[dict]
    quadrants: list[dict]
    chart: dict
    band: str
    band_badge: str
    filter_text: str = ""
    unanswered: list[str] | None = None


def _attribute_lookup(survey_round: SurveyRound) -> dict[str, VersionAttribute]:
    return {
        attribute.text_id: attribute
        for attribute in survey_selectors.version_attributes(survey_round.template_version)
    }


def _dimension_label(code: str | None) -> str:
    if not code:
        return ""
    try:
        return str(Dimension(code).label)
    except ValueError:
        return code


def build_results(run: AnalysisRun, survey_round: SurveyRound) -> Results:
    result = run.result or {}
    lookup = _attribute_lookup(survey_round)
    # Numbers are positions in the round's questionnaire, also when an attribute nobody scored
    # was left out of the computation.
    positions = {label: position for position, label in enumerate(lookup, start=1)}
    rows = []
    for index, item in enumerate(result.get("attributes", []), start=1):
        attribute = lookup.get(item["attribute"])
        rows.append(
            AttributeRow(
                number=positions.get(item["attribute"], index),
                code=attribute.code if attribute else "",
                text=attribute.text if attribute else str(item["attribute"]),
                dimension=_dimension_label(item.get("dimension")),
                data=item,
            )
        )
    dimensions = [
        {**item, "label": _dimension_label(item["dimension"])}
        for item in result.get("dimensions", [])
    ]
    quadrants = [
        {
            "code": code,
            "name": name,
            "stance": stance,
            "advice": QUADRANT_ADVICE[code],
            "rows": [row for row in rows if row.quadrant == code],
        }
        for code, (name, stance) in QUADRANTS.items()
    ]
    return Results(
        run=run,
        result=result,
        rows=rows,
        dimensions=dimensions,
        quadrants=quadrants,
        chart=_chart(result, rows),
        band=str(BANDS.get(result.get("csi_band"), result.get("csi_band_label", ""))),
        band_badge=BAND_BADGES.get(result.get("csi_band"), ""),
        filter_text=_filter_description(run),
        unanswered=[
            f"{positions[label]}. {lookup[label].text}" if label in lookup else label
            for label in (run.parameters or {}).get("unanswered_attributes", [])
        ],
    )


def _bounds(values: list[float]) -> tuple[float, float]:
    """Axis ends on a half point around the values, inside the Likert scale."""
    low = max(1.0, math.floor((min(values) - 0.1) * 2) / 2)
    high = min(5.0, math.ceil((max(values) + 0.1) * 2) / 2)
    return low, high


def _point_labels(rows: list[AttributeRow]) -> dict[int, str]:
    """Attributes at the very same spot share one label ("5, 13") so the numbers stay readable."""
    spots: dict[tuple[float, float], list[AttributeRow]] = {}
    for row in rows:
        spots.setdefault((round(row.data["mss"], 6), round(row.data["mis"], 6)), []).append(row)
    labels = {}
    for group in spots.values():
        labels[group[0].number] = ", ".join(str(row.number) for row in group)
        for row in group[1:]:
            labels[row.number] = ""
    return labels


def _chart(result: dict, rows: list[AttributeRow]) -> dict:
    """Everything the IPA diagram draws; the numbers shown are formatted here, half-up."""
    if not rows:
        return {}
    xs = [row.data["mss"] for row in rows] + [result["performance_mean"]]
    ys = [row.data["mis"] for row in rows] + [result["importance_mean"]]
    x_min, x_max = _bounds(xs)
    y_min, y_max = _bounds(ys)
    labels = _point_labels(rows)
    return {
        "points": [
            {
                "x": row.data["mss"],
                "y": row.data["mis"],
                "number": row.number,
                "label": labels[row.number],
                "name": row.text,
                "quadrant": row.quadrant,
                "x_text": format_number(row.data["mss"]),
                "y_text": format_number(row.data["mis"]),
            }
            for row in rows
        ],
        "cut_x": result["performance_mean"],
        "cut_y": result["importance_mean"],
        "cut_x_text": format_number(result["performance_mean"]),
        "cut_y_text": format_number(result["importance_mean"]),
        "x_min": x_min,
        "x_max": x_max,
        "y_min": y_min,
        "y_max": y_max,
        "x_title": _("Performance (MSS)"),
        "y_title": _("Importance (MIS)"),
        "quadrants": {code: f"{code} · {name}" for code, (name, _stance) in QUADRANTS.items()},
    }
