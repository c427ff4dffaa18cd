"""Writes of one farmer's answers, entered by staff in an interview or by the farmer on the
portal: who may answer for whom, whether the round asks that farmer, the Likert checks, one
response per farmer and round, and changes only while the round is open. Separate from the file
import, which saves many respondents at once and reports problems by row.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from partners.models import Farmer
from surveys import selectors
from surveys.models import (
    LIKERT_MAX,
    LIKERT_MIN,
    ResponseSource,
    RoundStatus,
    RoundTarget,
    SurveyAnswer,
    SurveyResponse,
    SurveyRound,
)
from surveys.permissions import Action, require
from surveys.services._common import _require_visible

Answers = Mapping[str, tuple[int | None, int | None]]


def _may_answer_for(by, farmer: Farmer) -> str:
    """The source of an entry by ``by`` for ``farmer``; PermissionDenied if not theirs to enter."""
    if getattr(by, "is_farmer", False):
        own = getattr(by, "farmer", None)
        if own is None or own.pk != farmer.pk:
            raise PermissionDenied(_("A farmer may only answer their own questionnaire."))
        return ResponseSource.PORTAL
    require(by, Action.ENTER_RESPONSES)
    _require_visible(by, farmer)
    return ResponseSource.INTERVIEW


def _ensure_target(survey_round: SurveyRound, farmer: Farmer) -> None:
    """A farmer answers only a round that asks them. A round without a sample also takes a
    matching farmer who joined after it opened."""
    if selectors.is_target(survey_round, farmer):
        return
    if (
        survey_round.sample_size is None
        and selectors.eligible_farmers(survey_round).filter(pk=farmer.pk).exists()
    ):
        RoundTarget.objects.get_or_create(
            round=survey_round,
            farmer=farmer,
            defaults={"region_id": farmer.region_id, "partner_type": farmer.partner_type},
        )
        return
    raise ValidationError(_("%(name)s is not among this round's respondents.") % {"name": farmer})


def _clean_answers(survey_round: SurveyRound, answers: Answers) -> dict[int, tuple]:
    attributes = {
        attribute.code: attribute
        for attribute in selectors.version_attributes(survey_round.template_version)
    }
    cleaned, errors = {}, {}
    for code, scores in answers.items():
        attribute = attributes.get(code)
        if attribute is None:
            errors[code] = _("Unknown attribute “%(code)s”.") % {"code": code}
            continue
        importance, performance = scores
        for score in (importance, performance):
            if score is not None and (
                isinstance(score, bool)
                or not isinstance(score, int)
                or not LIKERT_MIN <= score <= LIKERT_MAX
            ):
                errors[code] = _("A score must be a whole number from 1 to 5, or blank.")
        if importance is None and performance is None:
            continue  # the attribute was skipped
        cleaned[attribute.pk] = (importance, performance)
    if errors:
        raise ValidationError(errors)
    if not cleaned:
        raise ValidationError(_("Answer at least one question before saving."))
    return cleaned


def _replace_answers(response: SurveyResponse, answers: dict[int, tuple]) -> None:
    response.answers.all().delete()
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(response=response, attribute_id=attribute_id, importance=imp, performance=perf)
        for attribute_id, (imp, perf) in answers.items()
    )


def _lock_open_round(survey_round: SurveyRound) -> SurveyRound:
    survey_round = SurveyRound.objects.select_for_update().get(pk=survey_round.pk)
    if survey_round.status == RoundStatus.CLOSED:
        raise ValidationError(_("The round is closed; its answers can no longer be changed."))
    if survey_round.status != RoundStatus.OPEN:
        raise ValidationError(_("The round is not open yet."))
    return survey_round


def save_response(
    *,
    survey_round: SurveyRound,
    by,
    answers: Answers,
    farmer: Farmer | None = None,
    response: SurveyResponse | None = None,
    source: str | None = None,
) -> SurveyResponse:
    """Record a farmer's answers (``response`` None) or change them (``response`` given) while
    the round is open. ``answers`` maps attribute code -> (importance, performance), each 1..5 or
    None; attributes left out or with both None were skipped."""
    if response is not None:
        if response.round_id != survey_round.pk:
            raise ValidationError(_("This response belongs to another round."))
        if response.farmer_id is None:
            raise ValidationError(_("Anonymous paper answers are changed by importing again."))
        farmer = response.farmer
    if farmer is None:
        raise ValidationError({"farmer": _("Choose the farmer who answers.")})
    entry_source = _may_answer_for(by, farmer)
    with transaction.atomic():
        survey_round = _lock_open_round(survey_round)
        if farmer.mill_id != survey_round.mill_id:
            raise ValidationError({"farmer": _("The farmer belongs to another mill.")})
        cleaned = _clean_answers(survey_round, answers)
        if response is None:
            _ensure_target(survey_round, farmer)
            if SurveyResponse.objects.filter(round=survey_round, farmer=farmer).exists():
                raise ValidationError(
                    _("%(name)s has already answered this round; change the existing answers.")
                    % {"name": farmer}
                )
            try:
                with transaction.atomic():
                    response = SurveyResponse.objects.create(
                        round=survey_round,
                        farmer=farmer,
                        region_id=farmer.region_id,
                        partner_type=farmer.partner_type,
                        source=source or entry_source,
                        entered_by=by,
                        updated_by=by,
                    )
            except IntegrityError:  # another device saved the same farmer a moment ago
                raise ValidationError(
                    _("%(name)s has already answered this round; change the existing answers.")
                    % {"name": farmer}
                ) from None
        else:
            response = SurveyResponse.objects.select_for_update().get(pk=response.pk)
            response.updated_by = by
            response.save(update_fields=["updated_by", "updated_at"])
        _replace_answers(response, cleaned)
    return response
