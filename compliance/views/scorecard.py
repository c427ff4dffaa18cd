"""The partnership scorecard page and its XLSX export, for managers and analysts."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from compliance import selectors
from compliance.forms import ScorecardForm
from compliance.models import ComplianceSettings
from compliance.permissions import ComplianceAction, require
from compliance.scorecard.build import (
    build_scorecard,
    export_xlsx,
    percentile_method,
    summary_rows,
    trend,
)
from compliance.scorecard.summary import last_refreshed
from tebu_site.pages import staff_required
from tebu_site.scope_figures import scope_figures

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _chosen(request):
    """The season (and so the mill) and region asked for, among those the user may see."""
    seasons = selectors.seasons_visible_to(request.user)
    form = ScorecardForm(
        request.GET or None, seasons=seasons, regions=selectors.regions_visible_to(request.user)
    )
    season = region = None
    if form.is_bound and form.is_valid():
        season = form.cleaned_data["season"]
        region = form.cleaned_data["region"]
    season = season or seasons.filter(is_current=True).first() or seasons.first()
    if region is not None and season is not None and region.mill_id != season.mill_id:
        region = None
    return form, season, region


def _number(value) -> float | None:
    # Chart.js reads JSON numbers; the figures are Decimals, rounded only here, for drawing.
    return None if value is None else round(float(value), 1)


def _trend_chart(seasons) -> dict | None:
    """Days from DO issue to full payment (median and 90th percentile) season by season, for
    the chart above the trend table; none when fewer than two seasons have paid DOs."""
    with_payments = [each for each in seasons if each.payment.paid_count]
    if len(with_payments) < 2:
        return None
    return {
        "labels": [each.season.name for each in with_payments],
        "median": [_number(each.payment.median_days) for each in with_payments],
        "p90": [_number(each.payment.p90_days) for each in with_payments],
        "median_label": str(_("Median days to full payment")),
        "p90_label": str(_("90th percentile")),
    }


def _figures(user, season, region):
    """The season's card and the trend over the mill's seasons. The same for everyone of a
    scope: kept a short while per scope (tebu_site.scope_figures), and given up as soon as the
    mill's stored summaries are refreshed, so the summaries' own bound (a minute) still holds."""
    today = timezone.localdate()
    stamp = last_refreshed(season.mill)
    return scope_figures(
        user,
        "scorecard",
        lambda: (
            build_scorecard(user, mill=season.mill, season=season, region=region, today=today),
            trend(user, mill=season.mill, region=region, today=today),
        ),
        extra=f"{season.pk}:{getattr(region, 'pk', '')}:{today.isoformat()}:{stamp}",
    )


@staff_required
def scorecard(request):
    require(request.user, ComplianceAction.SCORECARD)
    form, season, region = _chosen(request)
    context = {"form": form, "season": season, "method": percentile_method()}
    if season is not None:
        card, seasons = _figures(request.user, season, region)
        labels = [label for label, _value, _unit in summary_rows(card)]
        targets = ComplianceSettings.for_mill(season.mill)
        share = card.payment.share_within_percent
        context.update(
            on_time_target=targets.on_time_target_percent,
            on_time_met=None if share is None else share >= targets.on_time_target_percent,
            card=card,
            trend=seasons,
            trend_chart=_trend_chart(seasons),
            trend_rows=[
                (label, [summary_rows(each)[index] for each in seasons])
                for index, label in enumerate(labels)
            ],
        )
    return render(request, "compliance/scorecard.html", context)


@staff_required
def scorecard_export(request):
    require(request.user, ComplianceAction.SCORECARD)
    _form, season, region = _chosen(request)
    if season is None:
        return HttpResponse(status=404)
    card = build_scorecard(request.user, mill=season.mill, season=season, region=region)
    body = export_xlsx(card, trend(request.user, mill=season.mill, region=region))
    response = HttpResponse(body, content_type=XLSX_TYPE)
    name = f"scorecard-{season.mill.code}-{season.name.replace('/', '-')}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
