"""What a reader of the satisfaction results may reach and which result a filter picks: the
role check, the non-draft rounds and CSI/IPA runs scoped to the user, the region and partner-type
filter form, the text that describes a run's filter, and the choice of the run to show (and of a
newer one still computing). Every page and export starts here, so the scoping lives in one place.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from analytics.models import AnalysisKind, AnalysisRun, RunStatus
from partners import selectors as partner_selectors
from partners.models import PartnerType, Region
from surveys import selectors as survey_selectors
from surveys.models import RoundStatus, SurveyRound
from surveys.permissions import Action, may
from tebu_site import params
from tebu_site.access import scope_for

PARTNER_TYPE_CHOICES = [(PartnerType.TRM, "TRM"), (PartnerType.TRK, "TRK")] + [
    (PartnerType.NON_PARTNER, gettext_lazy("Non-partner"))
]


def _require_results(user) -> None:
    """Managers, analysts and administrators read results; farmers and field staff do not."""
    if not may(user, Action.VIEW_RESULTS):
        raise PermissionDenied


def _rounds(user):
    return survey_selectors.rounds_visible_to(user).exclude(status=RoundStatus.DRAFT)


def _runs(user):
    return scope_for(
        user,
        AnalysisRun.objects.filter(kind=AnalysisKind.CSI_IPA).select_related("requested_by"),
    )


def _is_unfiltered(run: AnalysisRun) -> bool:
    parameters = run.parameters or {}
    return not parameters.get("region_ids") and not parameters.get("partner_types")


def _matches(run: AnalysisRun, region_ids: list[int], partner_types: list[str]) -> bool:
    parameters = run.parameters or {}
    return sorted(parameters.get("region_ids") or []) == region_ids and sorted(
        parameters.get("partner_types") or []
    ) == sorted(partner_types)


class FilterForm(forms.Form):
    region = params.ModelMultipleChoiceField(
        label=gettext_lazy("Regions"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    partner_type = forms.MultipleChoiceField(
        label=gettext_lazy("Partner types"),
        choices=PARTNER_TYPE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user, survey_round: SurveyRound, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = partner_selectors.regions_visible_to(user).filter(
            mill_id=survey_round.mill_id
        )

    def choice(self) -> tuple[list[int], list[str]]:
        if not self.is_valid():
            return [], []
        regions = sorted(region.pk for region in self.cleaned_data["region"])
        return regions, sorted(self.cleaned_data["partner_type"])


def _filter_description(run: AnalysisRun) -> str:
    parameters = run.parameters or {}
    parts = []
    region_ids = parameters.get("region_ids") or []
    if region_ids:
        names = Region.objects.filter(pk__in=region_ids).values_list("name", flat=True)
        parts.append(", ".join(sorted(names)))
    partner_types = parameters.get("partner_types") or []
    if partner_types:
        labels = dict(PARTNER_TYPE_CHOICES)
        parts.append(", ".join(str(labels.get(code, code)) for code in partner_types))
    return " · ".join(parts) if parts else _("All respondents")


def _pick_run(runs: list[AnalysisRun], region_ids, partner_types, wanted: int | None):
    """(run to show, newer run still computing) for the chosen filter, or a run asked by id."""
    if wanted is not None:
        for run in runs:
            if run.pk == wanted:
                return run, None
        raise Http404
    matching = [run for run in runs if _matches(run, region_ids, partner_types)]
    shown = next((run for run in matching if run.status == RunStatus.SUCCEEDED), None)
    newest = matching[0] if matching else None
    if shown is None:
        return newest, None
    pending = newest if newest is not None and not newest.is_finished else None
    return shown, pending
