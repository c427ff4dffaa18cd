"""Staff pages for plots: the workflow queue, adding a plot, the plot page with its registration
steps, the survey upload and the overlap releases."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partners import geometry as geo
from partners import selectors
from partners import selectors_approvals as approval_selectors
from partners.filters import PlotFilter
from partners.forms import GeometryInputMixin, OverlapReleaseForm, PlotForm, StepForm, SurveyForm
from partners.models import Plot, RegistrationAction, RegistrationStatus
from partners.permissions import Action, allowed_actions, require
from partners.services import plots as plot_services
from partners.services import registration as workflow
from partners.services.approvals import refusal_for
from tebu_site.draft_versions import (
    carried_fields,
    changed_since_seen,
    differing_fields,
    version_of,
)
from tebu_site.idempotency import idempotent_submission
from tebu_site.pages import (
    add_service_errors,
    error_text,
    paginate,
    query_without_page,
    staff_required,
)


@staff_required
def plot_list(request):
    plots = selectors.plots_visible_to(request.user).order_by("code", "pk")
    filterset = PlotFilter(request.GET or None, queryset=plots, request=request)
    return render(
        request,
        "partners/staff/plot_list.html",
        {
            "filter": filterset,
            "page": paginate(request, filterset.qs),
            "query": query_without_page(request),
            "filtered": any(v for k, v in request.GET.items() if k != "page"),
        },
    )


@staff_required
@idempotent_submission
def plot_create(request, farmer_pk: int):
    require(request.user, Action.EDIT_PLOT)
    farmer = get_object_or_404(selectors.farmers_visible_to(request.user), pk=farmer_pk)
    form = PlotForm(
        request.POST or None,
        request.FILES or None,
        instance=Plot(farmer=farmer, mill=farmer.mill, desa=farmer.desa),
    )
    if request.method == "POST" and form.is_valid():
        data = {
            k: v
            for k, v in form.cleaned_data.items()
            if k not in {"coordinates", "geojson", "geometry_file"}
        }
        try:
            plot = plot_services.add_plot(by=request.user, farmer=farmer, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Plot %(code)s registered.") % {"code": plot.code})
            if plot.area_warning:
                messages.warning(request, _area_warning(plot))
            return redirect("plot-detail", pk=plot.pk)
    return render(
        request,
        "partners/staff/plot_form.html",
        {"form": form, "farmer": farmer, "title": _("Add a plot")},
    )


@staff_required
@idempotent_submission
def plot_edit(request, pk: int):
    require(request.user, Action.EDIT_PLOT)
    plot = get_object_or_404(selectors.plots_visible_to(request.user), pk=pk)
    form = PlotForm(request.POST or None, instance=plot)
    if request.method == "POST" and form.is_valid():
        fresh = Plot.objects.get(pk=plot.pk)
        if changed_since_seen(request, fresh):
            # A draft made (perhaps offline) from an older plot: the officer chooses.
            return _plot_conflict(request, form, fresh)
        changes = {k: v for k, v in form.cleaned_data.items() if k in plot_services.EDITABLE_FIELDS}
        try:
            changed = plot_services.update_plot(plot=fresh, by=request.user, changes=changes)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved.") if changed else _("Nothing was changed."))
            return redirect("plot-detail", pk=plot.pk)
    return render(
        request,
        "partners/staff/plot_form.html",
        {
            "form": form,
            "farmer": plot.farmer,
            "plot": plot,
            "title": _("Edit plot"),
            "seen_version": version_of(plot),
        },
    )


def _plot_conflict(request, form, fresh: Plot):
    return render(
        request,
        "tebu_site/conflict.html",
        {
            "record_label": _("Plot %(code)s of %(farmer)s")
            % {"code": fresh.code, "farmer": fresh.farmer.name},
            "rows": differing_fields(form, fresh, plot_services.EDITABLE_FIELDS),
            "carried": carried_fields(request),
            "client_id": request.POST.get("client_id", ""),
            "current_version": version_of(fresh),
            "server_url": reverse("plot-detail", args=[fresh.pk]),
        },
        status=409,
    )


def _area_warning(plot: Plot) -> str:
    return _(
        "Declared area %(declared)s ha and measured area %(measured)s ha differ by more than 5 %%."
    ) % {"declared": plot.area_ha, "measured": plot.measured_area_ha}


WORKFLOW_ORDER = [
    RegistrationStatus.SUBMITTED,
    RegistrationStatus.SURVEYED,
    RegistrationStatus.OVERLAP_CHECKED,
    RegistrationStatus.VALIDATED,
    RegistrationStatus.APPROVED,
    RegistrationStatus.CONTRACTED,
]


def progress(plot: Plot, steps: list) -> list[dict]:
    """The workflow as a row of stations: done, current or to do (for the stepper)."""
    status = plot.registration_status
    if status == RegistrationStatus.REJECTED:
        rejections = [s for s in steps if s.action == RegistrationAction.REJECT]
        status = rejections[-1].from_status if rejections else RegistrationStatus.SUBMITTED
    reached = WORKFLOW_ORDER.index(status) if status in WORKFLOW_ORDER else 0
    return [
        {
            "status": station,
            "label": station.label,
            "state": "done" if i < reached else ("current" if i == reached else "todo"),
        }
        for i, station in enumerate(WORKFLOW_ORDER)
    ]


@staff_required
def plot_detail(request, pk: int):
    user = request.user
    plot = get_object_or_404(selectors.plots_visible_to(user), pk=pk)
    steps = list(selectors.steps_of(plot))
    chain = approval_selectors.plot_chain_state(plot)
    refusal = refusal_for(chain, user, makers=approval_selectors.plot_makers(plot))
    return render(
        request,
        "partners/staff/plot_detail.html",
        {
            "plot": plot,
            "farmer": plot.farmer,
            "steps": steps,
            "progress": progress(plot, steps),
            "rejected": plot.registration_status == RegistrationStatus.REJECTED,
            "overlaps": list(selectors.overlaps_of(plot)),
            "documents": list(
                selectors.documents_visible_to(user).filter(plot=plot).order_by("doc_type")
            ),
            "actions": workflow.available_actions(plot, user),
            "can": allowed_actions(user),
            "step_form": StepForm(),
            "release_form": OverlapReleaseForm(),
            "centroid": geo.centroid(plot.geometry),
            "chain": chain,
            "can_take": chain.waiting is not None and not refusal,
            "refusal": refusal,
        },
    )


@staff_required
def plot_survey(request, pk: int):
    """Upload the measured polygon (QC / surveyor)."""
    require(request.user, Action.SURVEY)
    plot = get_object_or_404(selectors.plots_visible_to(request.user), pk=pk)
    form = SurveyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.record_survey(
                plot=plot,
                geometry=form.cleaned_data["geometry"],
                by=request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Survey drawing saved."))
            if plot.area_warning:
                messages.warning(request, _area_warning(plot))
            return redirect("plot-detail", pk=plot.pk)
    return render(request, "partners/staff/plot_survey.html", {"form": form, "plot": plot})


STEP_SERVICES = {
    RegistrationAction.CHECK_OVERLAP: lambda plot, by, note: workflow.check_overlaps(
        plot=plot, by=by
    ),
    RegistrationAction.VALIDATE: lambda plot, by, note: workflow.validate_plot(
        plot=plot, by=by, note=note
    ),
    RegistrationAction.APPROVE: lambda plot, by, note: workflow.approve_plot(
        plot=plot, by=by, note=note
    ),
    RegistrationAction.SEND_BACK: lambda plot, by, note: workflow.send_back_plot(
        plot=plot, by=by, reason=note
    ),
    RegistrationAction.REJECT: lambda plot, by, note: workflow.reject_plot(
        plot=plot, by=by, reason=note
    ),
    RegistrationAction.REOPEN: lambda plot, by, note: workflow.reopen_plot(
        plot=plot, by=by, note=note
    ),
}


@staff_required
@require_POST
def plot_step(request, pk: int, action: str):
    """Move the plot one step (check overlaps, validate, take or send back the waiting step of
    its approval chain, reject, reopen)."""
    if action not in STEP_SERVICES:
        raise Http404
    plot = get_object_or_404(selectors.plots_visible_to(request.user), pk=pk)
    form = StepForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    if action == RegistrationAction.SEND_BACK:
        note = str(request.POST.get("reason", ""))[:1000]
    try:
        STEP_SERVICES[action](plot, request.user, note)
    except ValidationError as error:
        messages.error(request, error_text(error))
    except PermissionDenied as refusal:
        # Separation of duties: say why on the plot's page (who drew it, or took a step).
        messages.error(request, str(refusal) or _("Your role may not do this."))
    else:
        plot.refresh_from_db()
        messages.success(
            request,
            _("Plot %(code)s: %(status)s.")
            % {"code": plot.code, "status": plot.get_registration_status_display()},
        )
        if action == RegistrationAction.CHECK_OVERLAP:
            count = plot.overlaps.filter(released_at__isnull=True).count()
            if count:
                messages.warning(
                    request,
                    _("%(n)s overlap(s) found: approval stays blocked until released.")
                    % {"n": count},
                )
    return redirect("plot-detail", pk=plot.pk)


@staff_required
@require_POST
def overlap_release(request, pk: int, overlap_pk: int):
    plot = get_object_or_404(selectors.plots_visible_to(request.user), pk=pk)
    overlap = get_object_or_404(selectors.overlaps_of(plot), pk=overlap_pk)
    form = OverlapReleaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say who released the overlap and how."))
        return redirect("plot-detail", pk=plot.pk)
    try:
        workflow.release_overlap(overlap=overlap, by=request.user, note=form.cleaned_data["note"])
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Release recorded."))
    return redirect("plot-detail", pk=plot.pk)


@staff_required
@require_POST
def geometry_preview(request):
    """htmx: draw the shape typed so far and measure it, before the form is sent."""
    form = GeometryInputMixin(request.POST, request.FILES)
    geometry = form.geometry_from_inputs() if form.is_valid() else None
    errors = [e for field_errors in form.errors.values() for e in field_errors]
    return render(
        request,
        "partners/partials/geometry_preview.html",
        {"geometry": geometry, "area": geo.area_ha(geometry), "errors": errors},
    )


@staff_required
def plot_approvals(request):
    """The plot drawings whose waiting approval step the user may take ("waiting on me")."""
    waiting = approval_selectors.plots_waiting_on(request.user)
    return render(request, "partners/staff/plot_approvals.html", {"waiting": waiting})
