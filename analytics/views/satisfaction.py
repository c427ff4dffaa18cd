"""The managers' satisfaction dashboard (domain.md section 6): CSI with its band, the attribute
table, the IPA diagram, quadrant lists with the stance to take, trends across rounds, filters by
region and partner type, an XLSX export and a printable report.

Results are read from the stored CSI/IPA analysis runs of a survey round; nothing is computed here
except the layout. Every round comes through surveys.selectors.rounds_visible_to and every run
through scope_for, so a manager of one mill never reaches another mill's rounds or results.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from analytics.models import AnalysisKind, AnalysisRun, RunStatus
from partners import selectors as partner_selectors
from partners.models import PartnerType, Region
from surveys import selectors as survey_selectors
from surveys import services as survey_services
from surveys.models import Dimension, RoundStatus, SurveyRound, VersionAttribute
from surveys.permissions import Action, may
from tebu_site.access import scope_for
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
BANDS = {
    "very_satisfied": gettext_lazy("very satisfied"),
    "satisfied": gettext_lazy("satisfied"),
    "fairly_satisfied": gettext_lazy("fairly satisfied"),
    "dissatisfied": gettext_lazy("dissatisfied"),
    "very_dissatisfied": gettext_lazy("very dissatisfied"),
}
BAND_BADGES = {
    "very_satisfied": "badge-ok",
    "satisfied": "badge-ok",
    "fairly_satisfied": "badge-warn",
    "dissatisfied": "badge-bad",
    "very_dissatisfied": "badge-bad",
}
PARTNER_TYPE_CHOICES = [(PartnerType.TRM, "TRM"), (PartnerType.TRK, "TRK")] + [
    (PartnerType.NON_PARTNER, gettext_lazy("Non-partner"))
]


def _require_results(user) -> None:
    """Managers, analysts and administrators read results; farmers and field staff do not."""
    if not may(user, Action.VIEW_RESULTS):
        raise PermissionDenied


def _rounds(user):
    return survey_selectors.rounds_visible_to(user).exclude(status=RoundStatus.DRAFT)


def _runs(user):
    return scope_for(
        user,
        AnalysisRun.objects.filter(kind=AnalysisKind.CSI_IPA).select_related("requested_by"),
    )


def _is_unfiltered(run: AnalysisRun) -> bool:
    parameters = run.parameters or {}
    return not parameters.get("region_ids") and not parameters.get("partner_types")


def _matches(run: AnalysisRun, region_ids: list[int], partner_types: list[str]) -> bool:
    parameters = run.parameters or {}
    return sorted(parameters.get("region_ids") or []) == region_ids and sorted(
        parameters.get("partner_types") or []
    ) == sorted(partner_types)


# --- filters ----------------------------------------------------------------------------------


class FilterForm(forms.Form):
    region = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Regions"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    partner_type = forms.MultipleChoiceField(
        label=gettext_lazy("Partner types"),
        choices=PARTNER_TYPE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user, survey_round: SurveyRound, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = partner_selectors.regions_visible_to(user).filter(
            mill_id=survey_round.mill_id
        )

    def choice(self) -> tuple[list[int], list[str]]:
        if not self.is_valid():
            return [], []
        regions = sorted(region.pk for region in self.cleaned_data["region"])
        return regions, sorted(self.cleaned_data["partner_type"])


def _filter_description(run: AnalysisRun) -> str:
    parameters = run.parameters or {}
    parts = []
    region_ids = parameters.get("region_ids") or []
    if region_ids:
        names = Region.objects.filter(pk__in=region_ids).values_list("name", flat=True)
        parts.append(", ".join(sorted(names)))
    partner_types = parameters.get("partner_types") or []
    if partner_types:
        labels = dict(PARTNER_TYPE_CHOICES)
        parts.append(", ".join(str(labels.get(code, code)) for code in partner_types))
    return " · ".join(parts) if parts else _("All respondents")


# --- what the pages show ----------------------------------------------------------------------


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
    return {"points": points, "attributes": attribute_rows, "chart": chart}


def _pick_run(runs: list[AnalysisRun], region_ids, partner_types, wanted: int | None):
    """(run to show, newer run still computing) for the chosen filter, or a run asked by id."""
    if wanted is not None:
        for run in runs:
            if run.pk == wanted:
                return run, None
        raise Http404
    matching = [run for run in runs if _matches(run, region_ids, partner_types)]
    shown = next((run for run in matching if run.status == RunStatus.SUCCEEDED), None)
    newest = matching[0] if matching else None
    if shown is None:
        return newest, None
    pending = newest if newest is not None and not newest.is_finished else None
    return shown, pending


# --- pages ------------------------------------------------------------------------------------


@login_required
def index(request):
    _require_results(request.user)
    rounds = list(
        _rounds(request.user).select_related("season", "mill").order_by("-opens_on", "-id")
    )
    latest: dict[int, AnalysisRun] = {}
    runs = (
        _runs(request.user)
        .filter(status=RunStatus.SUCCEEDED, parameters__round_id__in=[r.pk for r in rounds])
        .order_by("-created_at", "-id")
    )
    for run in runs:
        round_id = (run.parameters or {}).get("round_id")
        if round_id not in latest and _is_unfiltered(run):
            latest[round_id] = run
    rows = []
    for r in rounds:
        run = latest.get(r.pk)
        result = run.result if run else None
        rows.append(
            {
                "round": r,
                "run": run,
                "csi": result.get("csi") if result else None,
                "band": BANDS.get(result.get("csi_band"), "") if result else "",
                "band_badge": BAND_BADGES.get(result.get("csi_band"), "") if result else "",
                "n": result.get("n_respondents") if result else None,
            }
        )
    return render(request, "analytics/satisfaction/index.html", {"rows": rows})


@login_required
def round_dashboard(request, pk: int):
    _require_results(request.user)
    survey_round = get_object_or_404(_rounds(request.user), pk=pk)
    form = FilterForm(request.GET or None, user=request.user, survey_round=survey_round)
    region_ids, partner_types = form.choice()
    runs = list(
        _runs(request.user)
        .filter(parameters__round_id=survey_round.pk)
        .defer("input_snapshot")
        .order_by("-created_at", "-id")
    )
    wanted = request.GET.get("run")
    run, pending = _pick_run(
        runs, region_ids, partner_types, int(wanted) if wanted and wanted.isdigit() else None
    )
    results = None
    failure = ""
    if run is not None and run.status == RunStatus.SUCCEEDED:
        results = build_results(run, survey_round)
    elif run is not None and run.status == RunStatus.FAILED:
        failure = _explain_failure(run)
    computing = (run is not None and not run.is_finished) or pending is not None
    return render(
        request,
        "analytics/satisfaction/round.html",
        {
            "survey_round": survey_round,
            "form": form,
            "filtered": bool(region_ids or partner_types),
            "region_ids": region_ids,
            "partner_types": partner_types,
            "run": run,
            "pending": pending,
            "computing": computing,
            "results": results,
            "failure": failure,
            "trend": _trend(request.user, survey_round),
            "may_compute": may(request.user, Action.COMPUTE),
            "history": runs[:10],
            "query": request.GET.urlencode(),
        },
    )


def _explain_failure(run: AnalysisRun) -> str:
    try:
        from analytics.messages import explain

        return explain(run.error_code, run.error_params, run.error_message)
    except Exception:  # the wording is a nicety; the code and message are still shown
        return run.error_message or run.error_code


@login_required
@require_POST
def compute(request, pk: int):
    """Start a CSI/IPA run of the round for the chosen regions and partner types."""
    _require_results(request.user)
    survey_round = get_object_or_404(_rounds(request.user), pk=pk)
    form = FilterForm(request.POST, user=request.user, survey_round=survey_round)
    region_ids, partner_types = form.choice()
    try:
        survey_services.request_analysis(
            survey_round=survey_round,
            by=request.user,
            region_ids=region_ids,
            partner_types=partner_types,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The satisfaction analysis has started."))
    query = urlencode(
        [("region", pk_) for pk_ in region_ids] + [("partner_type", t) for t in partner_types]
    )
    url = reverse("satisfaction:round", args=[pk])
    return redirect(f"{url}?{query}" if query else url)


def _run_and_round(request, run_pk: int) -> tuple[AnalysisRun, SurveyRound]:
    _require_results(request.user)
    run = get_object_or_404(_runs(request.user), pk=run_pk, status=RunStatus.SUCCEEDED)
    survey_round = get_object_or_404(
        _rounds(request.user), pk=(run.parameters or {}).get("round_id")
    )
    return run, survey_round


@login_required
def report(request, run_pk: int):
    """A printable page of one result (the browser prints it or saves it as PDF)."""
    run, survey_round = _run_and_round(request, run_pk)
    return render(
        request,
        "analytics/satisfaction/report.html",
        {
            "survey_round": survey_round,
            "results": build_results(run, survey_round),
            "printed_at": timezone.now(),
        },
    )


@login_required
def export_xlsx(request, run_pk: int):
    run, survey_round = _run_and_round(request, run_pk)
    results = build_results(run, survey_round)
    content = _workbook(results, survey_round)
    name = slugify(f"csi-ipa-{survey_round.name}-{run.pk}") or f"csi-ipa-{run.pk}"
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def _workbook(results: Results, survey_round: SurveyRound) -> bytes:
    """The result as a workbook: full-precision numbers shown with two decimals, so a reader sees
    what the page shows and a spreadsheet can still compute from the exact values."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    result = results.result
    workbook = Workbook()
    bold = Font(bold=True)
    two = "0.00"

    summary = workbook.active
    summary.title = "CSI"
    lines = [
        (_("Round"), survey_round.name, None),
        (_("Mill"), survey_round.mill.name, None),
        (_("Season"), survey_round.season.name, None),
        (_("Respondents"), _filter_description(results.run), None),
        (_("Number of respondents"), result.get("n_respondents"), "0"),
        (_("CSI (%)"), result.get("csi"), two),
        (_("Satisfaction band"), results.band, None),
        (_("Weighted average total (WAT)"), result.get("wat"), two),
        (_("Sum of MIS"), result.get("sum_mis"), two),
        (_("Sum of MSS"), result.get("sum_mss"), two),
        (_("Mean importance (Y cut line)"), result.get("importance_mean"), two),
        (_("Mean performance (X cut line)"), result.get("performance_mean"), two),
        (_("Analysis run"), results.run.pk, "0"),
        (
            _("Computed at"),
            timezone.localtime(results.run.finished_at).strftime("%Y-%m-%d %H:%M")
            if results.run.finished_at
            else "",
            None,
        ),
    ]
    for row, (label, value, number_format) in enumerate(lines, start=1):
        summary.cell(row=row, column=1, value=str(label)).font = bold
        cell = summary.cell(row=row, column=2, value=value)
        if number_format:
            cell.number_format = number_format
    summary.column_dimensions["A"].width = 34
    summary.column_dimensions["B"].width = 40

    sheet = workbook.create_sheet(_("Attributes")[:31])
    headers = [
        ("No", None),
        (_("Code"), None),
        (_("Attribute"), None),
        (_("Dimension"), None),
        (_("Answers"), "0"),
        (_("Total importance"), "0"),
        (_("Total performance"), "0"),
        ("MIS", two),
        ("WF (%)", two),
        ("MSS", two),
        ("WS", two),
        (_("Conformity (%)"), two),
        (_("Gap (MSS − MIS)"), two),
        (_("Quadrant"), None),
    ]
    for column, (title, _format) in enumerate(headers, start=1):
        sheet.cell(row=1, column=column, value=str(title)).font = bold
    for index, row in enumerate(results.rows, start=2):
        data = row.data
        values = [
            row.number,
            row.code,
            row.text,
            row.dimension,
            data["n"],
            data["importance_total"],
            data["performance_total"],
            data["mis"],
            data["wf"],
            data["mss"],
            data["ws"],
            data["conformity"],
            data["gap"],
            row.quadrant,
        ]
        for column, (value, (_title, number_format)) in enumerate(
            zip(values, headers, strict=True), start=1
        ):
            cell = sheet.cell(row=index, column=column, value=value)
            if number_format:
                cell.number_format = number_format
    sheet.column_dimensions["C"].width = 36
    sheet.column_dimensions["D"].width = 28

    dims = workbook.create_sheet(_("Dimensions")[:31])
    for column, title in enumerate(
        [_("Dimension"), _("Attributes"), _("CSI (%)"), "MIS", "MSS"], start=1
    ):
        dims.cell(row=1, column=column, value=str(title)).font = bold
    for index, item in enumerate(results.dimensions, start=2):
        dims.cell(row=index, column=1, value=item["label"])
        dims.cell(row=index, column=2, value=item["n_attributes"])
        for column, key in ((3, "csi"), (4, "mis_mean"), (5, "mss_mean")):
            dims.cell(row=index, column=column, value=item[key]).number_format = two
    dims.column_dimensions["A"].width = 30

    quad = workbook.create_sheet(_("Quadrants")[:31])
    for column, title in enumerate(
        [_("Quadrant"), _("Name"), _("Stance"), _("Attributes")], start=1
    ):
        quad.cell(row=1, column=column, value=str(title)).font = bold
    for index, item in enumerate(results.quadrants, start=2):
        quad.cell(row=index, column=1, value=item["code"])
        quad.cell(row=index, column=2, value=str(item["name"]))
        quad.cell(row=index, column=3, value=str(item["advice"]))
        quad.cell(
            row=index,
            column=4,
            value="; ".join(f"{row.number}. {row.text}" for row in item["rows"]),
        )
    quad.column_dimensions["B"].width = 24
    quad.column_dimensions["C"].width = 60
    quad.column_dimensions["D"].width = 80

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
