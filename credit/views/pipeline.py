"""The pipeline board: applications by status in workflow order, with days in the current step and
the overdue flag against the product's threshold. The board draws the longest waiting of each
step; a step on its own (?step=) lists all of it, page by page."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from credit.forms import PipelineFilterForm
from credit.selectors_pipeline import (
    PipelineColumn,
    pipeline_applications,
    pipeline_board,
    pipeline_row,
    step_applications,
    step_counts,
)
from credit.views._common import can, credit_staff_required
from tebu_site.pages import query_without_page
from tebu_site.pagination import paginate_without_count

STEP_PAGE_SIZE = 50


@credit_staff_required
def pipeline(request):
    form = PipelineFilterForm(request.GET or None, user=request.user)
    season = product = None
    step = ""
    if form.is_valid():
        season, product = form.cleaned_data["season"], form.cleaned_data["product"]
        step = form.cleaned_data["step"]
    today = timezone.localdate()
    page = None
    if step:
        applications = pipeline_applications(request.user, season=season, product=product)
        counts = step_counts(applications, today).get(step, {})
        page = paginate_without_count(
            request, step_applications(applications, step), STEP_PAGE_SIZE
        )
        columns = [
            PipelineColumn(
                status=step,
                count=counts.get("total", 0),
                overdue=counts.get("overdue", 0),
                rows=[pipeline_row(application, today) for application in page],
            )
        ]
    else:
        columns = pipeline_board(request.user, season=season, product=product, today=today)
    return render(
        request,
        "credit/pipeline.html",
        {
            "form": form,
            "columns": columns,
            "step": step,
            "page": page,
            "query": query_without_page(request),
            "filters": query_without_page(request, "step"),
            "total": sum(column.count for column in columns),
            "overdue": sum(column.overdue for column in columns),
            "filtered": bool(season or product or step),
            "today": today,
            "can": can(request),
        },
    )
