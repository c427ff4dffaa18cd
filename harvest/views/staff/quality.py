"""QC's quality checks of loads under a cane-by-weight scheme (domain.md 5b, PT SMS Dompu): the
check decides the load's price per kg. Thin: the form checks input, harvest.services.quality
writes (a correction needs a reason), harvest.selectors read."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from harvest import selectors as reads
from harvest.forms import QualityCheckForm
from harvest.permissions import HarvestAction, require
from harvest.services.quality import record_quality_check
from tebu_site.pages import add_service_errors, staff_required


@staff_required
def quality_checks(request):
    require(request.user, HarvestAction.RECORD_RENDEMEN)
    loads = reads.weighings_visible_to(request.user).filter(rejected=False)
    form = QualityCheckForm(
        request.POST or None,
        weighings=loads.order_by("-weighed_at"),
        initial={"weighing": request.GET.get("weighing")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            record_quality_check(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Quality check recorded."))
            return redirect("quality-checks")
    recent = reads.quality_checks_visible_to(request.user).order_by("-checked_at")[:30]
    return render(request, "harvest/staff/quality.html", {"form": form, "recent": recent})
