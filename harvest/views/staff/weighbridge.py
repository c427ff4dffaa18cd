"""The weighbridge pages: fast entry of one load, the weighbridge software's CSV import, and
rejecting a load. Thin: forms check input, harvest.services write, harvest.selectors read.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from harvest import selectors as reads
from harvest.forms import (
    ReasonForm,
    WeighingForm,
    WeighingImportForm,
)
from harvest.models import Freshness
from harvest.permissions import HarvestAction, allowed_harvest_actions, require
from harvest.services.spta import policy_for
from harvest.services.weighbridge import load_errors, quota_warning, record_weighing, reject_load
from harvest.services.weighing_import import import_weighings_csv
from partners import selectors
from tebu_site.formatting import format_number
from tebu_site.idempotency import idempotent_submission
from tebu_site.pages import (
    add_service_errors,
    error_text,
    safe_next_url,
    staff_required,
)

# --- weighbridge ------------------------------------------------------------------------------


@staff_required
@idempotent_submission
def weighing_entry(request):
    """The clerk's fast page: one form, focus on the SPTA number, the last loads below."""
    require(request.user, HarvestAction.WEIGH)
    # The clerk types or scans the SPTA number; the truck has just arrived.
    initial = {
        "spta_number": request.GET.get("spta", ""),
        "arrived_at": timezone.localtime().replace(second=0, microsecond=0),
    }
    form = WeighingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        number = data.pop("spta_number")
        spta, problem = reads.spta_at_weighbridge(request.user, number)
        if spta is None:
            # Every problem at once: the load's own figures are checked against the mill's
            # limits even while its SPTA is not found, so the clerk fixes all in one go.
            form.add_error("spta_number", problem)
            _add_load_errors(request.user, form, data)
        else:
            try:
                weighing = record_weighing(spta=spta, by=request.user, **data)
            except ValidationError as error:
                if hasattr(error, "error_dict") and "spta" in error.error_dict:
                    form.add_error("spta_number", error.error_dict.pop("spta"))
                add_service_errors(form, error)
            else:
                text = _("%(n)s: net %(net)s kg recorded.") % {
                    "n": spta.number,
                    "net": format_number(weighing.net_kg, 0),
                }
                if weighing.freshness != Freshness.FRESH:
                    text += " " + _("Cut %(hours)s hours before weighing: %(label)s.") % {
                        "hours": format_number(weighing.hours_since_cut, 1),
                        "label": weighing.get_freshness_display().lower(),
                    }
                near_quota = quota_warning(weighing, policy_for(spta.mill))
                if near_quota:
                    text += " " + near_quota
                level = (
                    messages.SUCCESS
                    if weighing.freshness == Freshness.FRESH and not near_quota
                    else messages.WARNING
                )
                messages.add_message(request, level, text)
                return redirect("weighing-entry")
    return render(
        request,
        "harvest/staff/weighing_entry.html",
        {
            "form": form,
            "recent": reads.recent_weighings(request.user),
            "can": allowed_harvest_actions(request.user),
            "reject_form": ReasonForm(),
        },
    )


LOAD_FIELDS = ("gross_kg", "tare_kg", "trash_percent", "cut_at", "arrived_at")


def _add_load_errors(user, form, data: dict) -> None:
    mill = selectors.mills_visible_to(user).first()
    if mill is None:
        return
    errors = load_errors(
        weighed_at=data.get("weighed_at") or timezone.now(),
        policy=policy_for(mill),
        **{name: data.get(name) for name in LOAD_FIELDS},
    )
    for name, texts in errors.items():
        form.add_error(name, texts)


@staff_required
def weighing_import(request):
    require(request.user, HarvestAction.WEIGH)
    form = WeighingImportForm(request.POST or None, request.FILES or None)
    mills = list(selectors.mills_visible_to(request.user))
    result = None
    if request.method == "POST" and form.is_valid() and mills:
        mill = next((m for m in mills if str(m.pk) == request.POST.get("mill")), mills[0])
        result = import_weighings_csv(by=request.user, mill=mill, text=form.cleaned_data["file"])
        if result.ok:
            messages.success(
                request,
                _("%(created)s weighings imported; %(unchanged)s were already recorded.")
                % {"created": result.created, "unchanged": result.unchanged},
            )
            return redirect("weighing-entry")
    return render(
        request,
        "harvest/staff/weighing_import.html",
        {"form": form, "result": result, "mills": mills},
    )


@staff_required
@require_POST
def weighing_reject(request, pk: int):
    weighing = get_object_or_404(reads.weighings_visible_to(request.user), pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason the load is rejected."))
    else:
        try:
            reject_load(weighing=weighing, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("Load rejected; it goes back to the farmer."))
    return redirect(safe_next_url(request, "weighing-entry"))
