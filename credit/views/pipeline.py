"""The pipeline board: applications by status in workflow order, with days in the current step and
the overdue flag against the product's threshold."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from credit import selectors
from credit.forms import PipelineFilterForm
from credit.models import ApplicationStatus
from credit.views._common import can, credit_staff_required


@credit_staff_required
def pipeline(request):
    form = PipelineFilterForm(request.GET or None, user=request.user)
    season = product = None
    if form.is_valid():
        season, product = form.cleaned_data["season"], form.cleaned_data["product"]
    board = selectors.pipeline(request.user, season=season, product=product)
    labels = dict(ApplicationStatus.choices)
    columns = [
        {"status": status, "label": labels.get(status, status), "rows": rows}
        for status, rows in board.items()
    ]
    overdue = sum(1 for column in columns for row in column["rows"] if row.overdue)
    return render(
        request,
        "credit/pipeline.html",
        {
            "form": form,
            "columns": columns,
            "total": sum(len(column["rows"]) for column in columns),
            "overdue": overdue,
            "filtered": bool(season or product),
            "today": timezone.localdate(),
            "can": can(request),
        },
    )
