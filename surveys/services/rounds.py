"""Writes to survey rounds through their life: creating and changing a draft (asked with a
frozen template version), opening it (fixing its target respondents, a seeded sample if it asks
for one), closing it, and asking for its CSI/IPA analysis through the ``analysis_requested``
signal. Kept apart from responses because a round's state decides what may be answered, while
the answers themselves are written elsewhere.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partners.models import PartnerType, Region, Season
from surveys import selectors
from surveys.models import RoundStatus, RoundTarget, SurveyRound, SurveyTemplate
from surveys.permissions import Action, require
from surveys.services._common import _require_visible
from surveys.services.templates import ensure_default_template, freeze_template
from surveys.signals import analysis_requested


def _check_round_fields(
    *,
    season: Season,
    template: SurveyTemplate,
    opens_on: date,
    closes_on: date,
    regions,
    partner_types,
) -> None:
    errors = {}
    if template.mill_id != season.mill_id:
        errors["template"] = _("The template belongs to another mill.")
    if any(region.mill_id != season.mill_id for region in regions):
        errors["target_regions"] = _("A region belongs to another mill.")
    unknown = set(partner_types) - set(PartnerType.values)
    if unknown:
        errors["target_partner_types"] = _("Unknown partner type.")
    if closes_on < opens_on:
        errors["closes_on"] = _("The round cannot close before it opens.")
    if errors:
        raise ValidationError(errors)


def create_round(
    *,
    season: Season,
    name: str,
    opens_on: date,
    closes_on: date,
    by,
    template: SurveyTemplate | None = None,
    target_regions: Iterable[Region] = (),
    target_partner_types: Iterable[str] = (),
    sample_size: int | None = None,
) -> SurveyRound:
    """A draft round of the season's mill, asked with the template as it is now (frozen)."""
    require(by, Action.MANAGE_ROUNDS)
    _require_visible(by, season)
    regions = list(target_regions)
    partner_types = sorted(set(target_partner_types))
    with transaction.atomic():
        template = template or ensure_default_template(mill=season.mill)
        _check_round_fields(
            season=season,
            template=template,
            opens_on=opens_on,
            closes_on=closes_on,
            regions=regions,
            partner_types=partner_types,
        )
        if SurveyRound.objects.filter(mill_id=season.mill_id, name=name).exists():
            raise ValidationError({"name": _("This mill already has a round with this name.")})
        survey_round = SurveyRound.objects.create(
            mill_id=season.mill_id,
            season=season,
            template_version=freeze_template(template=template, by=by),
            name=name,
            opens_on=opens_on,
            closes_on=closes_on,
            target_partner_types=partner_types,
            sample_size=sample_size,
            created_by=by,
        )
        survey_round.target_regions.set(regions)
    return survey_round


def update_round(
    *,
    survey_round: SurveyRound,
    by,
    name: str,
    opens_on: date,
    closes_on: date,
    template: SurveyTemplate | None = None,
    target_regions: Iterable[Region] = (),
    target_partner_types: Iterable[str] = (),
    sample_size: int | None = None,
) -> SurveyRound:
    """Change a draft round; an open round keeps who it asks and with which questions."""
    require(by, Action.MANAGE_ROUNDS)
    _require_visible(by, survey_round)
    regions = list(target_regions)
    partner_types = sorted(set(target_partner_types))
    with transaction.atomic():
        survey_round = SurveyRound.objects.select_for_update().get(pk=survey_round.pk)
        if survey_round.status != RoundStatus.DRAFT:
            raise ValidationError(_("Only a draft round can be changed."))
        template = template or survey_round.template_version.template
        _check_round_fields(
            season=survey_round.season,
            template=template,
            opens_on=opens_on,
            closes_on=closes_on,
            regions=regions,
            partner_types=partner_types,
        )
        if (
            SurveyRound.objects.filter(mill_id=survey_round.mill_id, name=name)
            .exclude(pk=survey_round.pk)
            .exists()
        ):
            raise ValidationError({"name": _("This mill already has a round with this name.")})
        survey_round.name = name
        survey_round.opens_on = opens_on
        survey_round.closes_on = closes_on
        survey_round.target_partner_types = partner_types
        survey_round.sample_size = sample_size
        survey_round.template_version = freeze_template(template=template, by=by)
        survey_round.save()
        survey_round.target_regions.set(regions)
    return survey_round


def open_round(*, survey_round: SurveyRound, by) -> SurveyRound:
    """Open a draft round and fix its target respondents (a random sample if it asks for one)."""
    require(by, Action.MANAGE_ROUNDS)
    _require_visible(by, survey_round)
    with transaction.atomic():
        survey_round = SurveyRound.objects.select_for_update().get(pk=survey_round.pk)
        if survey_round.status != RoundStatus.DRAFT:
            raise ValidationError(_("Only a draft round can be opened."))
        farmers = list(
            selectors.eligible_farmers(survey_round).values_list("id", "region_id", "partner_type")
        )
        if survey_round.sample_size is not None and survey_round.sample_size < len(farmers):
            # Seeded by the round, so the sample can be drawn again identically for an audit.
            farmers = sorted(
                random.Random(survey_round.pk).sample(farmers, survey_round.sample_size)
            )
        RoundTarget.objects.bulk_create(
            RoundTarget(
                round=survey_round, farmer_id=farmer_id, region_id=region_id, partner_type=kind
            )
            for farmer_id, region_id, kind in farmers
        )
        survey_round.status = RoundStatus.OPEN
        survey_round.opened_at = timezone.now()
        survey_round.save(update_fields=["status", "opened_at", "updated_at"])
    return survey_round


@dataclass(frozen=True)
class CloseOutcome:
    survey_round: SurveyRound
    started: list  # what the analysis receivers started (analytics: AnalysisRun rows)


def close_round(*, survey_round: SurveyRound, by, compute: bool = True) -> CloseOutcome:
    """Close an open round: answers can no longer change; then ask for its analysis."""
    require(by, Action.MANAGE_ROUNDS)
    _require_visible(by, survey_round)
    with transaction.atomic():
        survey_round = SurveyRound.objects.select_for_update().get(pk=survey_round.pk)
        if survey_round.status != RoundStatus.OPEN:
            raise ValidationError(_("Only an open round can be closed."))
        survey_round.status = RoundStatus.CLOSED
        survey_round.closed_at = timezone.now()
        survey_round.closed_by = by
        survey_round.save(update_fields=["status", "closed_at", "closed_by", "updated_at"])
        started = []
        if compute and selectors.answer_count(survey_round.pk):
            started = _send_analysis(survey_round, by, [], [])
    return CloseOutcome(survey_round=survey_round, started=started)


def request_analysis(
    *,
    survey_round: SurveyRound,
    by,
    region_ids: Iterable[int] = (),
    partner_types: Iterable[str] = (),
) -> list:
    """Ask for CSI/IPA results of a round now (an open round gives interim results), optionally
    for some regions or partner types only. Returns what the receivers started."""
    require(by, Action.COMPUTE)
    _require_visible(by, survey_round)
    region_ids = sorted({int(pk) for pk in region_ids})
    partner_types = sorted(set(partner_types))
    survey_round = SurveyRound.objects.select_related("mill", "season").get(pk=survey_round.pk)
    if survey_round.status == RoundStatus.DRAFT:
        raise ValidationError(_("A draft round has no answers yet."))
    if Region.objects.filter(pk__in=region_ids, mill_id=survey_round.mill_id).count() != len(
        region_ids
    ):
        raise ValidationError({"region": _("A region belongs to another mill.")})
    if set(partner_types) - set(PartnerType.values):
        raise ValidationError({"partner_type": _("Unknown partner type.")})
    if not selectors.answer_count(survey_round.pk, region_ids, partner_types):
        raise ValidationError(_("There are no answers to analyse for this choice yet."))
    with transaction.atomic():
        return _send_analysis(survey_round, by, region_ids, partner_types)


def _send_analysis(survey_round, by, region_ids: list[int], partner_types: list[str]) -> list:
    replies = analysis_requested.send(
        sender=SurveyRound,
        survey_round=survey_round,
        requested_by=by,
        region_ids=region_ids,
        partner_types=partner_types,
    )
    return [reply for _receiver, reply in replies if reply is not None]
