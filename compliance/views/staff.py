"""Staff pages of the compliance ledger: the list with its filters, recording an event (on a
phone), an event with its evidence, answers and status steps, and the evidence download, which is
also the farmer's. Thin: selectors read, services write."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from compliance import selectors, services
from compliance.forms import AnswerForm, EventFilterForm, EventForm, EvidenceForm, StepForm
from compliance.permissions import ComplianceAction, allowed_compliance_actions, require
from partners.models import Farmer
from tebu_site import params
from tebu_site.access import scope_for
from tebu_site.files import private_file_response
from tebu_site.pages import (
    add_service_errors,
    error_text,
    query_without_page,
    staff_required,
)
from tebu_site.pagination import paginate_without_count


@staff_required
def event_list(request):
    filtered = bool(request.GET.keys() - {"page"})
    events = selectors.ledger_events(request.user)
    if filtered:
        form = EventFilterForm(request.GET, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            events = selectors.filter_events(
                events,
                party=data["party"],
                event_type=data["event_type"],
                status=data["status"],
                season=data["season"],
                region=data["region"],
            )
    else:
        # Built only if the template draws it: its choices are kept rendered per scope.
        form = SimpleLazyObject(lambda: EventFilterForm(user=request.user))
    context = {
        "form": form,
        "page": paginate_without_count(request, events),
        "open_count": selectors.open_event_count(request.user),
        "query": query_without_page(request),
        "filtered": filtered,
        "can": allowed_compliance_actions(request.user),
    }
    return render(request, "compliance/event_list.html", context)


@staff_required
def event_create(request):
    require(request.user, ComplianceAction.RAISE)
    farmers = scope_for(request.user, Farmer.objects.all())
    farmer = params.read_object(request.GET, "farmer", farmers)
    form = EventForm(request.POST or None, request.FILES or None, user=request.user, farmer=farmer)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = services.create_event(
                by=request.user,
                mill=data["event_type"].mill,
                event_type=data["event_type"],
                season=data["season"],
                summary=data["summary"],
                evidence=data["evidence"],
                occurred_on=data["occurred_on"],
                farmer=data["farmer"],
                plot=data["plot"],
                spta=data["spta"],
                delivery_order=data["delivery_order"],
                credit_application=data["credit_application"],
                files=[data["file"]] if data["file"] else [],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Event recorded."))
            return redirect("compliance:event-detail", pk=event.pk)
    return render(request, "compliance/event_form.html", {"form": form, "farmer": farmer})


@staff_required
def event_detail(request, pk: int):
    event = selectors.event_detail(request.user, pk)
    if event is None:
        raise Http404
    context = {
        "event": event,
        "steps": services.allowed_steps(event),
        "step_form": StepForm(),
        "answer_form": AnswerForm(),
        "evidence_form": EvidenceForm(),
        "can": allowed_compliance_actions(request.user),
    }
    return render(request, "compliance/event_detail.html", context)


def _visible_event(request, pk: int):
    event = selectors.events_visible_to(request.user).filter(pk=pk).first()
    if event is None:
        raise Http404
    return event


@staff_required
@require_POST
def event_step(request, pk: int):
    event = _visible_event(request, pk)
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the values: %(errors)s") % {"errors": form.errors})
        return redirect("compliance:event-detail", pk=pk)
    data = form.cleaned_data
    try:
        services.change_status(
            event=event,
            by=request.user,
            step=data["step"],
            note=data["note"],
            sanction_type=data["sanction_type"],
            sanction_amount=data["sanction_amount"],
            sanction_on=data["sanction_on"],
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Status changed."))
    return redirect("compliance:event-detail", pk=pk)


@staff_required
@require_POST
def event_answer(request, pk: int):
    event = _visible_event(request, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.answer_event(event=event, by=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("Answer recorded."))
    else:
        messages.error(request, _("Write the answer first."))
    return redirect("compliance:event-detail", pk=pk)


@staff_required
@require_POST
def evidence_upload(request, pk: int):
    event = _visible_event(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_evidence(
                event=event,
                by=request.user,
                file=form.cleaned_data["file"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("File added."))
    else:
        messages.error(request, _("Choose a file."))
    return redirect("compliance:event-detail", pk=pk)


@login_required
def evidence_download(request, pk: int):
    """Serve an evidence file to a user who may see its event (scope_for), and to no one else:
    evidence files are never public media."""
    record = get_object_or_404(selectors.evidence_visible_to(request.user), pk=pk)
    return private_file_response(
        record.file,
        as_attachment=request.GET.get("inline") != "1",
        filename=record.original_name,
        content_type=record.content_type,
    )
