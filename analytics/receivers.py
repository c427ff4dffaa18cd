"""Analytics answers other apps' signals. Surveys sends ``analysis_requested`` when a round closes
or someone asks for results; the CSI/IPA run is created here (surveys never imports analytics)."""

from __future__ import annotations

from django.dispatch import receiver
from django.utils.translation import gettext

from analytics.models import AnalysisKind, AnalysisRun
from analytics.services import request_system_run
from surveys import selectors as survey_selectors
from surveys.signals import analysis_requested


def satisfaction_parameters(survey_round, region_ids=(), partner_types=()) -> dict:
    """The run parameters the csi-ipa runner reads: which answers, and the frozen questionnaire's
    attribute order and SERVQUAL dimensions. Attributes nobody scored (possible in a small or
    filtered group) have no mean; they are left out and listed, rather than failing the run."""
    region_ids = sorted(int(pk) for pk in region_ids)
    partner_types = sorted(partner_types)
    everything, _all_dimensions = survey_selectors.attribute_meta(survey_round.pk)
    attribute_order, dimensions = survey_selectors.attribute_meta(
        survey_round.pk, region_ids, partner_types, answered_only=True
    )
    return {
        "round_id": survey_round.pk,
        "region_ids": region_ids,
        "partner_types": partner_types,
        "attribute_order": attribute_order,
        "dimensions": dimensions,
        "unanswered_attributes": [label for label in everything if label not in dimensions],
    }


def satisfaction_title(survey_round, region_ids=(), partner_types=()) -> str:
    title = survey_round.name
    if region_ids or partner_types:
        # Stored on the row, so written once in the mill's language rather than per reader.
        title += " · " + gettext("filtered")
    return title[:200]


@receiver(analysis_requested, dispatch_uid="analytics.satisfaction_run")
def start_satisfaction_run(
    sender, *, survey_round, requested_by=None, region_ids=(), partner_types=(), **kwargs
) -> AnalysisRun:
    return request_system_run(
        kind=AnalysisKind.CSI_IPA,
        parameters=satisfaction_parameters(survey_round, region_ids, partner_types),
        mill=survey_round.mill,
        season=survey_round.season,
        requested_by=requested_by,
        title=satisfaction_title(survey_round, region_ids, partner_types),
    )
