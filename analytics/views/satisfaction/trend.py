"""The trend across a mill's rounds: the CSI and each attribute's mean performance from every
round's latest complete (unfiltered) result, oldest first, matched by attribute code so that a
changed questionnaire still lines up. Separate from one result's layout because it reads many
rounds and runs at once.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from analytics.models import AnalysisRun, RunStatus
from analytics.views.satisfaction.filters import _is_unfiltered, _rounds, _runs
from surveys import selectors as survey_selectors
from surveys.models import RoundStatus, SurveyRound
from tebu_site.formatting import format_number


def _trend(user, survey_round: SurveyRound) -> dict:
    """CSI and each attribute's mean performance in the mill's rounds, oldest first, from each
    round's latest complete (unfiltered) result."""
    rounds = list(
        _rounds(user)
        .filter(mill_id=survey_round.mill_id)
        .select_related("season")
        .order_by("opens_on", "id")
    )
    round_ids = [r.pk for r in rounds]
    candidates = (
        _runs(user)
        .filter(status=RunStatus.SUCCEEDED, parameters__round_id__in=round_ids)
        .defer("result", "input_snapshot")
        .order_by("-created_at", "-id")
    )
    latest: dict[int, int] = {}
    for run in candidates:
        round_id = (run.parameters or {}).get("round_id")
        if round_id not in latest and _is_unfiltered(run):
            latest[round_id] = run.pk
    results = dict(AnalysisRun.objects.filter(pk__in=latest.values()).values_list("pk", "result"))
    attributes = survey_selectors.attributes_of_rounds(round_ids)
    points = []
    for r in rounds:
        if r.pk not in latest:
            continue
        result = results[latest[r.pk]] or {}
        by_label = {item["attribute"]: item for item in result.get("attributes", [])}
        mss_by_code = {
            attribute.code: by_label[attribute.text_id]["mss"]
            for attribute in attributes.get(r.pk, [])
            if attribute.text_id in by_label
        }
        points.append(
            {
                "round": r,
                "label": r.season.name,
                "csi": result.get("csi"),
                "mss": mss_by_code,
                "respondents": result.get("n_respondents"),
                # An open round's result is interim: more answers may still move it.
                "interim": r.status == RoundStatus.OPEN,
            }
        )
    seen: dict[str, int] = {}
    for point in points:  # two rounds in one season: "2025/2026 (2)"
        seen[point["label"]] = seen.get(point["label"], 0) + 1
        if seen[point["label"]] > 1:
            point["label"] = f"{point['label']} ({seen[point['label']]})"
    current = survey_selectors.version_attributes(survey_round.template_version)
    attribute_rows = []
    for number, attribute in enumerate(current, start=1):
        values = [point["mss"].get(attribute.code) for point in points]
        change = None
        known = [v for v in values if v is not None]
        if len(known) >= 2:
            change = known[-1] - known[-2]
        attribute_rows.append(
            {"number": number, "text": attribute.text, "values": values, "change": change}
        )
    chart = {
        "labels": [point["label"] for point in points],
        "csi": [point["csi"] for point in points],
        "csi_text": [format_number(point["csi"]) for point in points],
        "names": [point["round"].name for point in points],
        "title": _("CSI (%)"),
    }
    return {
        "points": points,
        "attributes": attribute_rows,
        "chart": chart,
        "interim": [point for point in points if point["interim"]],
    }
