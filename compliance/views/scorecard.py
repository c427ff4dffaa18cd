"""The partnership scorecard page and its XLSX export, for managers and analysts."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from compliance import selectors
from compliance.forms import ScorecardForm
from compliance.permissions import ComplianceAction, require
from compliance.scorecard import calc
from compliance.scorecard.build import build_scorecard, export_xlsx, summary_rows, trend
from partners.views._helpers import staff_required

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


@staff_required
def scorecard(request):
    require(request.user, ComplianceAction.SCORECARD)
    form, season, region = _chosen(request)
    context = {"form": form, "season": season, "method": calc.PERCENTILE_METHOD}
    if season is not None:
        card = build_scorecard(request.user, mill=season.mill, season=season, region=region)
        seasons = trend(request.user, mill=season.mill, region=region)
        labels = [label for label, _value, _unit in summary_rows(card)]
        context.update(
            card=card,
            trend=seasons,
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
