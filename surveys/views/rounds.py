"""Survey rounds for staff: list, create and edit, open and close, progress, ask for results."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partners.models import PartnerType
from surveys import selectors, services
from surveys.forms import RoundForm, apply_errors
from surveys.models import RoundStatus
from surveys.permissions import Action, allowed_actions
from surveys.views._common import page_of, require_page, results_url


@login_required
def round_list(request):
    require_page(request.user, Action.VIEW_ROUNDS)
    rounds = selectors.round_list(request.user).order_by("-opens_on", "-id")
    return render(
        request,
        "surveys/round_list.html",
        {"page": page_of(request, rounds), "can": allowed_actions(request.user)},
    )


def _round_fields(form: RoundForm) -> dict:
    data = form.cleaned_data
    return {
        "name": data["name"],
        "opens_on": data["opens_on"],
        "closes_on": data["closes_on"],
        "template": data.get("template"),
        "target_regions": data.get("target_regions") or [],
        "target_partner_types": data.get("target_partner_types") or [],
        "sample_size": data.get("sample_size"),
    }


@login_required
def round_create(request):
    require_page(request.user, Action.MANAGE_ROUNDS)
    form = RoundForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            survey_round = services.create_round(
                season=form.cleaned_data["season"], by=request.user, **_round_fields(form)
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Round created as a draft. Open it to start asking."))
            return redirect("surveys:round-detail", pk=survey_round.pk)
    return render(request, "surveys/round_form.html", {"form": form, "survey_round": None})


@login_required
def round_edit(request, pk: int):
    require_page(request.user, Action.MANAGE_ROUNDS)
    survey_round = get_object_or_404(selectors.rounds_visible_to(request.user), pk=pk)
    if survey_round.status != RoundStatus.DRAFT:
        messages.warning(request, _("Only a draft round can be changed."))
        return redirect("surveys:round-detail", pk=pk)
    initial = {
        "name": survey_round.name,
        "template": survey_round.template_version.template,
        "opens_on": survey_round.opens_on,
        "closes_on": survey_round.closes_on,
        "target_regions": list(survey_round.target_regions.all()),
        "target_partner_types": survey_round.target_partner_types,
        "sample_size": survey_round.sample_size,
    }
    form = RoundForm(request.POST or None, user=request.user, editing=survey_round, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_round(survey_round=survey_round, by=request.user, **_round_fields(form))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Round saved."))
            return redirect("surveys:round-detail", pk=pk)
    return render(request, "surveys/round_form.html", {"form": form, "survey_round": survey_round})


@login_required
def round_detail(request, pk: int):
    require_page(request.user, Action.VIEW_ROUNDS)
    survey_round = get_object_or_404(selectors.rounds_visible_to(request.user), pk=pk)
    responses = (
        selectors.responses_visible_to(request.user)
        .filter(round=survey_round)
        .order_by("-updated_at", "-id")
    )
    partner_labels = dict(PartnerType.choices)
    return render(
        request,
        "surveys/round_detail.html",
        {
            "survey_round": survey_round,
            "progress": selectors.round_progress(request.user, survey_round),
            "attributes": selectors.version_attributes(survey_round.template_version),
            "target_regions": list(survey_round.target_regions.all()),
            "target_partner_types": [
                partner_labels.get(code, code)
                for code in survey_round.target_partner_types or [PartnerType.TRM, PartnerType.TRK]
            ],
            "page": page_of(request, responses, per_page=25),
            "can": allowed_actions(request.user),
            "results_url": results_url(survey_round),
        },
    )


@login_required
@require_POST
def round_open(request, pk: int):
    require_page(request.user, Action.MANAGE_ROUNDS)
    survey_round = get_object_or_404(selectors.rounds_visible_to(request.user), pk=pk)
    try:
        survey_round = services.open_round(survey_round=survey_round, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        count = survey_round.targets.count()
        messages.success(request, _("Round opened: %(n)d farmers will be asked.") % {"n": count})
    return redirect("surveys:round-detail", pk=pk)


@login_required
@require_POST
def round_close(request, pk: int):
    require_page(request.user, Action.MANAGE_ROUNDS)
    survey_round = get_object_or_404(selectors.rounds_visible_to(request.user), pk=pk)
    try:
        outcome = services.close_round(survey_round=survey_round, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("surveys:round-detail", pk=pk)
    if not outcome.started:
        messages.success(request, _("Round closed. It has no answers to analyse."))
        return redirect("surveys:round-detail", pk=pk)
    messages.success(request, _("Round closed. The satisfaction analysis has started."))
    url = results_url(survey_round)
    return redirect(url) if url else redirect("surveys:round-detail", pk=pk)


@login_required
@require_POST
def round_compute(request, pk: int):
    require_page(request.user, Action.COMPUTE)
    survey_round = get_object_or_404(selectors.rounds_visible_to(request.user), pk=pk)
    try:
        started = services.request_analysis(survey_round=survey_round, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("surveys:round-detail", pk=pk)
    messages.success(request, _("The satisfaction analysis has started."))
    url = results_url(survey_round)
    return redirect(url) if url and started else redirect("surveys:round-detail", pk=pk)
