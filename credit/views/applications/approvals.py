"""The application's approval chain on its page: take the waiting step (the last one with the
approved amount), send it back with a reason, and the queue of applications waiting on me."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from credit.forms import ApproveForm, NoteForm, ReasonForm
from credit.selectors_approvals import applications_waiting_on
from credit.services import approvals, workflow
from credit.views._common import credit_staff_required
from credit.views.applications.page import _detail, _done, _load
from tebu_site.pages import add_service_errors, error_text


@credit_staff_required
@require_POST
def application_approve(request, pk: int):
    application = _load(request, pk)
    state = approvals.application_chain_state(application)
    last = state.is_last_waiting
    form = ApproveForm(request.POST, prefix="chain") if last else NoteForm(request.POST)
    if not form.is_valid():
        return _detail(request, application, bound={"chain": (None, form)}, status=400)
    data = form.cleaned_data
    try:
        if last:
            workflow.approve_application(
                application=application,
                by=request.user,
                amount=data["amount"],
                approved_on=data["approved_on"],
                note=data["note"],
            )
        else:
            approvals.approve_step(application=application, by=request.user, note=data["note"])
    except PermissionDenied as refusal:
        messages.error(request, str(refusal) or _("Your role may not do this."))
        return redirect("credit-application", pk=application.pk)
    except ValidationError as error:
        if not last:
            messages.error(request, error_text(error))
            return redirect("credit-application", pk=application.pk)
        add_service_errors(form, error)
        return _detail(request, _load(request, pk), bound={"chain": (None, form)}, status=400)
    return _done(request, application, _("Step recorded."))


@credit_staff_required
@require_POST
def application_send_back(request, pk: int):
    application = _load(request, pk)
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Say why it is sent back."))
        approvals.send_back(
            application=application, by=request.user, reason=form.cleaned_data["reason"]
        )
    except (PermissionDenied, ValidationError) as error:
        text = error_text(error) if isinstance(error, ValidationError) else str(error)
        messages.error(request, text)
        return redirect("credit-application", pk=application.pk)
    return _done(request, application, _("Sent back: the application is submitted again."))


@credit_staff_required
def approval_queue(request):
    waiting = applications_waiting_on(request.user)
    return render(request, "credit/approval_queue.html", {"waiting": waiting})
