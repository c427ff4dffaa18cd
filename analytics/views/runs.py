"""Pages for analysis runs: start one, follow its progress, read and download its result."""

from __future__ import annotations

import io
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from analytics.forms import FileRunForm, SystemRunForm
from analytics.messages import explain, explain_warnings
from analytics.models import AnalysisKind, RunStatus
from analytics.permissions import require_analysis_role
from analytics.presentation import reading, tables_for
from analytics.selectors import runs_visible_to
from analytics.services import request_file_run, request_system_run, rerun
from tebu_site.exports import SafeCsvWriter, escape_workbook

# Rows of a result table shown on the page (a phone scrolls through 25 farms, not 3,500).
PAGE_ROWS = 25


def _visible_run(request, pk: int):
    require_analysis_role(request.user)
    return get_object_or_404(runs_visible_to(request.user), pk=pk)


@login_required
def run_list(request):
    require_analysis_role(request.user)
    runs = runs_visible_to(request.user)
    kind = request.GET.get("kind")
    if kind in AnalysisKind.values:
        runs = runs.filter(kind=kind)
    page = Paginator(runs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "analytics/run_list.html",
        {"page": page, "kinds": AnalysisKind.choices, "kind": kind},
    )


@login_required
def run_start(request):
    require_analysis_role(request.user)
    form = FileRunForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["input_file"]
        run = request_file_run(
            kind=form.cleaned_data["kind"],
            data=upload.read(),
            file_name=upload.name,
            parameters=form.parameters(),
            mill=form.cleaned_data["mill"],
            requested_by=request.user,
            title=form.cleaned_data["title"],
        )
        messages.success(request, _("The analysis has been queued."))
        return redirect("analytics:run-detail", pk=run.pk)
    return render(request, "analytics/run_start.html", {"form": form})


@login_required
def run_start_system(request):
    require_analysis_role(request.user)
    form = SystemRunForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        season = form.cleaned_data["season"]
        kind = form.cleaned_data["kind"]
        run = request_system_run(
            kind=kind,
            parameters=form.parameters(),
            mill=season.mill,
            season=season,
            requested_by=request.user,
        )
        messages.success(request, _("The analysis has been queued."))
        return redirect("analytics:run-detail", pk=run.pk)
    return render(request, "analytics/run_start_system.html", {"form": form})


def _context(run) -> dict:
    context = {"run": run, "finished": run.is_finished}
    if run.status == RunStatus.SUCCEEDED:
        context["tables"] = tables_for(run.kind, run.result)
        for table in context["tables"]:
            # A mill's 3,500 farms are 3,500 rows a table: the page shows the first ones, the
            # reading above sums them all up, and the XLSX/CSV hold every row.
            table.shown_rows = PAGE_ROWS
        context["reading"] = reading(run.kind, run.result, run.parameters)
        context["chart"] = _chart_data(run)
        context["warnings"] = explain_warnings(run.result.get("warnings"))
    if run.status == RunStatus.FAILED:
        context["error"] = explain(run.error_code, run.error_params, run.error_message)
    return context


@login_required
def run_detail(request, pk: int):
    run = _visible_run(request, pk)
    return render(request, "analytics/run_detail.html", _context(run))


@login_required
def run_status(request, pk: int):
    """Polled by the page while the run is queued or running (htmx swaps the status block)."""
    run = _visible_run(request, pk)
    if request.headers.get("HX-Request") and run.is_finished:
        response = HttpResponse()
        response["HX-Refresh"] = "true"  # show the full result once, not just the badge
        return response
    if request.headers.get("HX-Request"):
        return render(request, "analytics/_run_status.html", {"run": run})
    return JsonResponse({"status": run.status, "progress": run.progress})


@login_required
@require_POST
def run_again(request, pk: int):
    run = _visible_run(request, pk)
    new_run = rerun(run=run, requested_by=request.user)
    messages.success(request, _("The analysis has been queued again."))
    return redirect("analytics:run-detail", pk=new_run.pk)


def _chart_data(run) -> dict | None:
    result = run.result
    if run.kind == AnalysisKind.TTEST:
        return {
            "type": "means",
            "labels": [g["name"] for g in result["groups"]],
            "means": [g["mean"] for g in result["groups"]],
            "errors": [1.96 * (g["se_mean"] or 0) for g in result["groups"]],
        }
    if run.kind == AnalysisKind.LOGIT:
        rows = [c for c in result["coefficients"] if c["name"] != "constant"]
        return {
            "type": "odds",
            "labels": [c["name"] for c in rows],
            "values": [c["exp_b"] for c in rows],
            "lower": [c["ci_lower"] for c in rows],
            "upper": [c["ci_upper"] for c in rows],
        }
    return None


@login_required
def run_download(request, pk: int, fmt: str):
    run = _visible_run(request, pk)
    if run.status != RunStatus.SUCCEEDED:
        return HttpResponse(status=404)
    base = f"tebu-mitra-{run.kind}-{run.pk}"
    if fmt == "json":
        body = json.dumps(
            {
                "run": run.pk,
                "kind": run.kind,
                "parameters": run.parameters,
                "input": {"name": run.input_name, "sha256": run.input_hash, "rows": run.input_rows},
                "library_versions": run.library_versions,
                "result": run.result,
            },
            ensure_ascii=False,
            indent=1,
        )
        return _attachment(body.encode(), "application/json", f"{base}.json")
    tables = tables_for(run.kind, run.result)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = SafeCsvWriter(buffer)
        for table in tables:
            writer.writerow([table.title])
            writer.writerow([column.label for column in table.columns])
            writer.writerows(table.rows)  # unrounded: rounding is for display
            writer.writerow([])
        return _attachment(buffer.getvalue().encode("utf-8-sig"), "text/csv", f"{base}.csv")
    if fmt == "xlsx":
        return _attachment(_xlsx(tables), XLSX_TYPE, f"{base}.xlsx")
    return HttpResponse(status=404)


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(tables) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for index, table in enumerate(tables, start=1):
        sheet = workbook.create_sheet(slugify(table.title)[:28] or f"table-{index}")
        sheet.append([table.title])
        sheet.append([column.label for column in table.columns])
        for row in table.rows:
            cells = []
            for value, column in zip(row, table.columns, strict=True):
                cells.append(_number_or_text(value) if column.places is not None else value)
            sheet.append(cells)
            for cell, column in zip(sheet[sheet.max_row], table.columns, strict=True):
                if column.places is not None:
                    cell.number_format = "#,##0" + (
                        "." + "0" * column.places if column.places else ""
                    )
    escape_workbook(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _number_or_text(value):
    if value is None or isinstance(value, bool):
        return value
    try:
        return float(value)
    except (TypeError, ValueError):
        return value


def _attachment(body: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
