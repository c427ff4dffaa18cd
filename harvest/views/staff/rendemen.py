"""The lab's rendemen pages: readings for the loads waiting for rendemen, and a correction with its
reason. Thin: forms check input, harvest.services write, harvest.selectors read.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from harvest import selectors as reads
from harvest.calculations.errors import SettlementInputError
from harvest.calculations.rendemen import READING_FIELDS, compute_rendemen
from harvest.forms import RendemenCorrectionForm, RendemenForm, RendemenReadingsForm
from harvest.permissions import HarvestAction, require
from harvest.services.errors import calculation_error
from harvest.services.rendemen import correct_rendemen, record_rendemen
from tebu_site.formatting import format_number
from tebu_site.pages import add_service_errors, error_text, staff_required

# --- rendemen ---------------------------------------------------------------------------------


@staff_required
def rendemen_page(request):
    require(request.user, HarvestAction.RECORD_RENDEMEN)
    pending = reads.weighings_waiting_for_rendemen(request.user).order_by(
        "spta__farmer__name", "weighed_at"
    )
    form = RendemenForm(
        request.POST or None, weighings=pending, initial=reads.lab_factors(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            analysis = record_rendemen(
                by=request.user,
                weighings=list(data["weighings"]),
                readings=form.readings(),
                rendemen_percent=data["rendemen_percent"],
                direct_reason=data["direct_reason"],
                measured_at=data["measured_at"],
                sample_code=data["sample_code"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Rendemen %(r)s %% recorded.")
                % {"r": format_number(analysis.rendemen_percent, 2)},
            )
            return redirect("rendemen-page")
    recent = reads.analyses_visible_to(request.user).order_by("-measured_at", "-id")[:20]
    return render(
        request,
        "harvest/staff/rendemen.html",
        {"form": form, "pending_count": pending.count(), "recent": recent},
    )


@staff_required
@require_POST
def rendemen_preview(request):
    """The rendemen the readings typed so far give, step by step, before anything is saved (the
    page asks as the lab types: htmx). The same calculation as recording it."""
    require(request.user, HarvestAction.RECORD_RENDEMEN)
    form = RendemenReadingsForm(request.POST)
    context = {"complete": False}
    if form.is_valid() and (readings := form.readings()) and None not in readings.values():
        context["complete"] = True
        try:
            context["result"] = compute_rendemen(**readings)
        except SettlementInputError as error:
            context["problem"] = error_text(calculation_error(error))
    return render(request, "harvest/partials/rendemen_preview.html", context)


@staff_required
def rendemen_correct(request, pk: int):
    require(request.user, HarvestAction.RECORD_RENDEMEN)
    analysis = get_object_or_404(reads.analyses_visible_to(request.user), pk=pk)
    initial = {name: getattr(analysis, name) for name in READING_FIELDS}
    if analysis.is_direct:
        initial.update(
            rendemen_percent=analysis.rendemen_percent, direct_reason=analysis.direct_reason
        )
    form = RendemenCorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            correct_rendemen(
                analysis=analysis,
                by=request.user,
                reason=data["reason"],
                readings=form.readings(),
                rendemen_percent=data["rendemen_percent"],
                direct_reason=data["direct_reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Rendemen corrected; the history keeps the old values."))
            return redirect("rendemen-page")
    return render(
        request,
        "harvest/staff/rendemen_correct.html",
        {
            "form": form,
            "analysis": analysis,
            "versions": reads.rendemen_versions(analysis)[::-1],
        },
    )
