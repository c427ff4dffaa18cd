"""The dashboard pages: the list of rounds with their latest CSI, one round's dashboard (the
chosen filter's result, a run still computing, a failure explained, the trend and the run
history) and the button that starts a new CSI/IPA run through surveys.services. These are the
views a manager uses on screen; printing and downloads are in the exports module.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from analytics.models import AnalysisRun, RunStatus
from analytics.presentation import BAND_BADGES, BANDS
from analytics.views.satisfaction.filters import (
    FilterForm,
    _is_unfiltered,
    _pick_run,
    _require_results,
    _rounds,
    _runs,
)
from analytics.views.satisfaction.results import build_results
from analytics.views.satisfaction.trend import _trend
from surveys import services as survey_services
from surveys.permissions import Action, may
from tebu_site import params


@login_required
def index(request):
    _require_results(request.user)
    rounds = list(
        _rounds(request.user).select_related("season", "mill").order_by("-opens_on", "-id")
    )
    latest: dict[int, AnalysisRun] = {}
    runs = (
        _runs(request.user)
        .filter(status=RunStatus.SUCCEEDED, parameters__round_id__in=[r.pk for r in rounds])
        .order_by("-created_at", "-id")
    )
    for run in runs:
        round_id = (run.parameters or {}).get("round_id")
        if round_id not in latest and _is_unfiltered(run):
            latest[round_id] = run
    rows = []
    for r in rounds:
        run = latest.get(r.pk)
        result = run.result if run else None
        rows.append(
            {
                "round": r,
                "run": run,
                "csi": result.get("csi") if result else None,
                "band": BANDS.get(result.get("csi_band"), "") if result else "",
                "band_badge": BAND_BADGES.get(result.get("csi_band"), "") if result else "",
                "n": result.get("n_respondents") if result else None,
            }
        )
    return render(request, "analytics/satisfaction/index.html", {"rows": rows})


@login_required
def round_dashboard(request, pk: int):
    _require_results(request.user)
    survey_round = get_object_or_404(_rounds(request.user), pk=pk)
    form = FilterForm(request.GET or None, user=request.user, survey_round=survey_round)
    region_ids, partner_types = form.choice()
    runs = list(
        _runs(request.user)
        .filter(parameters__round_id=survey_round.pk)
        .defer("input_snapshot")
        .order_by("-created_at", "-id")
    )
    run, pending = _pick_run(runs, region_ids, partner_types, params.read_id(request.GET, "run"))
    results = None
    failure = ""
    if run is not None and run.status == RunStatus.SUCCEEDED:
        results = build_results(run, survey_round)
    elif run is not None and run.status == RunStatus.FAILED:
        failure = _explain_failure(run)
    computing = (run is not None and not run.is_finished) or pending is not None
    return render(
        request,
        "analytics/satisfaction/round.html",
        {
            "survey_round": survey_round,
            "form": form,
            "filtered": bool(region_ids or partner_types),
            "region_ids": region_ids,
            "partner_types": partner_types,
            "run": run,
            "pending": pending,
            "computing": computing,
            "results": results,
            "failure": failure,
            "trend": _trend(request.user, survey_round),
            "may_compute": may(request.user, Action.COMPUTE),
            "history": runs[:10],
            "query": request.GET.urlencode(),
        },
    )


def _explain_failure(run: AnalysisRun) -> str:
    try:
        from analytics.messages import explain

        return explain(run.error_code, run.error_params, run.error_message)
    except Exception:  # the wording is a nicety; the code and message are still shown
        return run.error_message or run.error_code


@login_required
@require_POST
def compute(request, pk: int):
    """Start a CSI/IPA run of the round for the chosen regions and partner types."""
    _require_results(request.user)
    survey_round = get_object_or_404(_rounds(request.user), pk=pk)
    form = FilterForm(request.POST, user=request.user, survey_round=survey_round)
    region_ids, partner_types = form.choice()
    try:
        survey_services.request_analysis(
            survey_round=survey_round,
            by=request.user,
            region_ids=region_ids,
            partner_types=partner_types,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The satisfaction analysis has started."))
    query = urlencode(
        [("region", pk_) for pk_ in region_ids] + [("partner_type", t) for t in partner_types]
    )
    url = reverse("satisfaction:round", args=[pk])
    return redirect(f"{url}?{query}" if query else url)
