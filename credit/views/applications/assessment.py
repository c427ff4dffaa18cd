"""Recording the assessment of an applicant on the application page: the interview (or that it
was skipped for a trusted farmer) and the plot visit with its report. Each is one form posted from
the page and one service call, re-rendering the page with the form's errors when it fails.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from credit.forms import InterviewForm, PlotVisitForm
from credit.services import applications as application_services
from credit.views._common import credit_staff_required
from credit.views.applications.page import _detail, _done, _load
from tebu_site.pages import add_service_errors


@credit_staff_required
@require_POST
def interview(request, pk: int):
    application = _load(request, pk)
    form = InterviewForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            application_services.record_interview(
                application=application,
                by=request.user,
                held_on=data["held_on"],
                notes=data["notes"],
                skipped=data["skipped"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, application, _("Interview recorded."))
    return _detail(request, application, bound={"interview": (None, form)}, status=400)


@credit_staff_required
@require_POST
def plot_visit(request, pk: int):
    application = _load(request, pk)
    form = PlotVisitForm(request.POST)
    if form.is_valid():
        try:
            application_services.record_plot_visit(
                application=application, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, application, _("Plot visit recorded."))
    return _detail(request, application, bound={"visit": (None, form)}, status=400)
