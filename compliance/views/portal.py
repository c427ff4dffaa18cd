"""The farmer's "Compliance record" (Catatan kepatuhan): the events about them, from either side,
and an answer form on each. scope_for narrows a farmer to their own events."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from compliance import selectors, services
from compliance.forms import AnswerForm
from tebu_site.pages import add_service_errors, farmer_required, paginate


@farmer_required
def my_events(request):
    page = paginate(request, selectors.farmer_events(request.user))
    return render(request, "compliance/portal/event_list.html", {"page": page})


@farmer_required
def my_event(request, pk: int):
    event = selectors.event_detail(request.user, pk)
    if event is None:
        raise Http404
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_event(event=event, by=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you, your answer is recorded."))
            return redirect("compliance:my-event", pk=pk)
    return render(request, "compliance/portal/event_detail.html", {"event": event, "form": form})
