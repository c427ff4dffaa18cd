"""Staff pages for SPTAs: the list, issuing one, its page with the usage log, cancelling it, and
the cutting schedule. Thin: forms check input, harvest.services write, harvest.selectors read.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from harvest import selectors as reads
from harvest.filters import SptaFilter
from harvest.forms import (
    ReasonForm,
    SptaForm,
)
from harvest.permissions import HarvestAction, allowed_harvest_actions, require
from harvest.services.spta import cancel_spta, issue_spta
from partners import selectors
from tebu_site import params
from tebu_site.pages import (
    add_service_errors,
    error_text,
    paginate,
    query_without_page,
    staff_required,
)

# --- SPTA -------------------------------------------------------------------------------------


@staff_required
def spta_list(request):
    sptas = reads.sptas_visible_to(request.user).order_by("-cutting_date", "-id")
    filterset = SptaFilter(request.GET or None, queryset=sptas, request=request)
    return render(
        request,
        "harvest/staff/spta_list.html",
        {
            "filter": filterset,
            "page": paginate(request, filterset.qs),
            "query": query_without_page(request),
            "can": allowed_harvest_actions(request.user),
        },
    )


@staff_required
def spta_issue(request):
    require(request.user, HarvestAction.ISSUE_SPTA)
    initial = {"cutting_date": timezone.localdate(), "plot": params.read_id(request.GET, "plot")}
    form = SptaForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            spta = issue_spta(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(n)s issued.") % {"n": spta.number})
            return redirect("spta-detail", pk=spta.pk)
    return render(request, "harvest/staff/spta_form.html", {"form": form})


@login_required
def spta_detail(request, pk: int):
    """The printable SPTA with its QR code; the farmer sees their own through the same scoping."""
    spta = get_object_or_404(reads.sptas_visible_to(request.user), pk=pk)
    weighing = reads.weighings_visible_to(request.user).filter(spta=spta).first()
    return render(
        request,
        "harvest/staff/spta_detail.html",
        {
            "spta": spta,
            "weighing": weighing,
            "events": list(reads.spta_events(request.user, spta)),
            "can": allowed_harvest_actions(request.user) if request.user.is_mill_staff else set(),
            "cancel_form": ReasonForm(),
            "reject_form": ReasonForm(),
        },
    )


@staff_required
@require_POST
def spta_cancel(request, pk: int):
    spta = get_object_or_404(reads.sptas_visible_to(request.user), pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for cancelling."))
        return redirect("spta-detail", pk=pk)
    try:
        cancel_spta(spta=spta, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("SPTA cancelled."))
    return redirect("spta-detail", pk=pk)


@staff_required
def cutting_schedule(request):
    mills = list(selectors.mills_visible_to(request.user))
    if not mills:
        raise Http404
    mill = next((m for m in mills if str(m.pk) == request.GET.get("mill")), mills[0])
    start = params.read_date(request.GET, "start", default=timezone.localdate())
    schedule = reads.cutting_schedule(request.user, mill=mill, start=start, days=7)
    return render(
        request,
        "harvest/staff/schedule.html",
        {
            "schedule": schedule,
            "mills": mills,
            "previous": start - timedelta(days=7),
            "next": start + timedelta(days=7),
            "can": allowed_harvest_actions(request.user),
        },
    )
