"""Sample pages: label a sample at the weighbridge, record hand-overs by scanning the label (phone,
360 px), the lab reading by scan, a sample's chain, and the farmer's dispute of a step. Thin:
forms check input, samples.services write, samples.selectors read."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from harvest import selectors as harvest_reads
from harvest.permissions import HarvestAction
from harvest.permissions import may as may_harvest
from samples import selectors as reads
from samples.forms import DisputeForm, HandoverForm, LabelForm, LabReadingForm, ResampleForm
from samples.models import SampleHandover, SampleSettings, Step
from samples.permissions import SampleAction, may, require
from samples.services import (
    dispute_step,
    label_sample,
    record_handover,
    record_lab_reading,
    resample,
)
from tebu_site.access import scope_for
from tebu_site.pages import (
    add_service_errors,
    error_text,
    farmer_required,
    safe_next_url,
    staff_required,
)


@staff_required
def label_page(request):
    require(request.user, SampleAction.LABEL)
    form = LabelForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sample = label_sample(
                by=request.user,
                weighings=data["sptas"],
                kind=data["kind"],
                place=data["place"],
                taken_at=data["taken_at"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Sample %(code)s labelled: print the label.") % {"code": sample.code}
            )
            return redirect("samples:detail", pk=sample.pk)
    return render(
        request,
        "samples/label.html",
        {"form": form, "recent": reads.recent_samples(request.user)},
    )


@staff_required
def scan_page(request):
    """A hand-over: scan the label, choose the step, record it."""
    require(request.user, SampleAction.HAND_OVER)
    form = HandoverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            handover = record_handover(
                by=request.user,
                scanned=data["code"],
                step=data["step"],
                place=data["place"],
                note=data["note"],
                at=data["at"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            sample = handover.sample
            messages.success(
                request,
                _("%(code)s: %(step)s recorded.")
                % {"code": sample.code, "step": handover.get_step_display()},
            )
            if sample.is_flagged:
                messages.warning(request, sample.flag_note)
            return redirect("samples:scan")
    return render(
        request,
        "samples/scan.html",
        {"form": form, "recent": reads.recent_samples(request.user)},
    )


@staff_required
def lab_page(request):
    """The lab reading by scanning the sample's label (harvest's rendemen formula and rules)."""
    if not may_harvest(request.user, HarvestAction.RECORD_RENDEMEN):
        raise PermissionDenied
    form = LabReadingForm(request.POST or None, initial=harvest_reads.lab_factors(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sample = record_lab_reading(
                by=request.user,
                scanned=data["code"],
                readings=form.readings(),
                rendemen_percent=data["rendemen_percent"],
                direct_reason=data["direct_reason"],
                measured_at=data["measured_at"],
                place=data["place"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(code)s analysed: rendemen %(r)s %%.")
                % {"code": sample.code, "r": sample.analysis.rendemen_percent},
            )
            if sample.is_flagged:
                messages.warning(request, sample.flag_note)
            return redirect("samples:lab")
    return render(
        request,
        "samples/lab.html",
        {"form": form, "recent": reads.recent_samples(request.user)},
    )


@staff_required
def detail(request, pk: int):
    sample = get_object_or_404(reads.with_chain(reads.samples_visible_to(request.user)), pk=pk)
    limits = SampleSettings.for_mill(sample.mill_id)
    return render(
        request,
        "samples/detail.html",
        {
            "sample": sample,
            "steps": list(sample.handovers.all()),
            "overdue": reads.overdue(sample, limits),
            "limits": limits,
            "resample_form": ResampleForm(initial={"code": sample.code}),
            "may_label": may(request.user, SampleAction.LABEL),
            "rejected": sample.status == Step.REJECTED,
        },
    )


@staff_required
@require_POST
def resample_view(request):
    require(request.user, SampleAction.LABEL)
    form = ResampleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Scan or type the sample's code."))
        return redirect("samples:scan")
    try:
        new = resample(
            by=request.user, scanned=form.cleaned_data["code"], place=form.cleaned_data["place"]
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("samples:scan")
    messages.success(request, _("New sample %(code)s: print its label.") % {"code": new.code})
    return redirect("samples:detail", pk=new.pk)


@farmer_required
@require_POST
def dispute_view(request, pk: int):
    """The farmer disputes a step of his own sample's chain, from his DO page."""
    handover = get_object_or_404(
        scope_for(request.user, SampleHandover.objects.select_related("sample")), pk=pk
    )
    order = None
    order_pk = request.POST.get("delivery_order", "")
    if order_pk.isdigit():
        order = harvest_reads.delivery_orders_visible_to(request.user).filter(pk=order_pk).first()
    back = safe_next_url(request, "my-dos")
    form = DisputeForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(back)
    try:
        dispute_step(
            by=request.user, handover=handover, text=form.cleaned_data["text"], delivery_order=order
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("Your dispute of '%(step)s' of sample %(code)s went to the QC desk as a complaint.")
            % {"step": handover.get_step_display(), "code": handover.sample.code},
        )
    return redirect(back)
