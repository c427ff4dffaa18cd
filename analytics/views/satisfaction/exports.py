"""One result taken away: the printable report page (the browser prints it or saves it as PDF)
and the XLSX workbook with the summary, attribute, dimension and quadrant sheets, full-precision
numbers shown with two decimals. Kept apart from the dashboard because the workbook layout is
long and changes for reasons of its own (what a reader wants in a spreadsheet).
"""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from analytics.models import AnalysisRun, RunStatus
from analytics.views.satisfaction.filters import (
    _filter_description,
    _require_results,
    _rounds,
    _runs,
)
from analytics.views.satisfaction.results import Results, build_results
from surveys.models import SurveyRound
from tebu_site.exports import escape_workbook


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

    escape_workbook(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
