"""Writes for surveys: templates and their frozen versions, rounds, responses and imports.

Every view, serializer, admin action and command goes through these functions, so each rule
(one response per farmer and round, answers only while a round is open, Likert 1..5, who may do
what) lives here once; the database constraints back up the ones that can be declared.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partners.models import Farmer, PartnerType, Region, Season
from surveys import imports, selectors
from surveys.defaults import (
    DEFAULT_ATTRIBUTES,
    DEFAULT_TEMPLATE_DESCRIPTION,
    DEFAULT_TEMPLATE_NAME,
    LIKERT_LABELS,
)
from surveys.models import (
    LIKERT_MAX,
    LIKERT_MIN,
    ResponseSource,
    RoundStatus,
    RoundTarget,
    SurveyAnswer,
    SurveyResponse,
    SurveyRound,
    SurveyTemplate,
    TemplateAttribute,
    TemplateVersion,
    VersionAttribute,
)
from surveys.permissions import Action, require
from surveys.signals import analysis_requested
from tebu_site.access import can_see, scope_for

ATTRIBUTE_FIELDS = ("code", "order", "text_id", "text_en", "dimension", "help_id", "help_en")
Answers = Mapping[str, tuple[int | None, int | None]]


def _require_visible(user, obj) -> None:
    if user is not None and not can_see(user, obj):
        raise PermissionDenied(_("This record is outside your mill or region."))


# --- templates --------------------------------------------------------------------------------


def ensure_default_template(*, mill) -> SurveyTemplate:
    """The mill's standard 13-attribute questionnaire; created once, never overwritten (managers
    may have edited it since)."""
    with transaction.atomic():
        template, created = SurveyTemplate.objects.get_or_create(
            mill=mill,
            name=DEFAULT_TEMPLATE_NAME,
            defaults={
                "description": DEFAULT_TEMPLATE_DESCRIPTION,
                "likert_labels": LIKERT_LABELS,
            },
        )
        if created:
            TemplateAttribute.objects.bulk_create(
                TemplateAttribute(
                    template=template,
                    code=code,
                    order=position,
                    text_id=text_id,
                    text_en=text_en,
                    dimension=dimension,
                    help_id=help_id,
                    help_en=help_en,
                )
                for position, (code, text_id, text_en, dimension, help_id, help_en) in enumerate(
                    DEFAULT_ATTRIBUTES, start=1
                )
            )
    return template


def _check_labels(likert_labels: dict) -> dict:
    for scale in ("importance", "performance"):
        labels = (likert_labels or {}).get(scale) or {}
        if len(labels.get("id") or []) != LIKERT_MAX:
            raise ValidationError(
                {"likert_labels": _("Give five Indonesian labels for each scale, from 1 to 5.")}
            )
        english = labels.get("en") or []
        if english and len(english) != LIKERT_MAX:
            raise ValidationError(
                {"likert_labels": _("Give five English labels for each scale, or none.")}
            )
    return likert_labels


def create_template(
    *,
    mill,
    name: str,
    by,
    description: str = "",
    likert_labels: dict | None = None,
    copy_from: SurveyTemplate | None = None,
) -> SurveyTemplate:
    """A new questionnaire: empty, or a copy of another one's labels and attributes."""
    require(by, Action.MANAGE_TEMPLATES)
    _require_visible(by, mill)
    if copy_from is not None:
        _require_visible(by, copy_from)
    if SurveyTemplate.objects.filter(mill=mill, name=name).exists():
        raise ValidationError({"name": _("This mill already has a template with this name.")})
    with transaction.atomic():
        template = SurveyTemplate.objects.create(
            mill=mill,
            name=name,
            description=description or (copy_from.description if copy_from else ""),
            likert_labels=_check_labels(
                likert_labels or (copy_from.likert_labels if copy_from else LIKERT_LABELS)
            ),
        )
        if copy_from is not None:
            TemplateAttribute.objects.bulk_create(
                TemplateAttribute(
                    template=template,
                    **{field: getattr(attribute, field) for field in ATTRIBUTE_FIELDS},
                )
                for attribute in selectors.template_attributes(copy_from)
            )
    return template


def update_template(
    *,
    template: SurveyTemplate,
    by,
    name: str,
    description: str,
    likert_labels: dict,
    is_active: bool,
) -> SurveyTemplate:
    require(by, Action.MANAGE_TEMPLATES)
    _require_visible(by, template)
    if (
        SurveyTemplate.objects.filter(mill=template.mill, name=name)
        .exclude(pk=template.pk)
        .exists()
    ):
        raise ValidationError({"name": _("This mill already has a template with this name.")})
    template.name = name
    template.description = description
    template.likert_labels = _check_labels(likert_labels)
    template.is_active = is_active
    template.save()
    return template


def save_attribute(
    *, template: SurveyTemplate, by, attribute: TemplateAttribute | None = None, **fields
) -> TemplateAttribute:
    """Add or change an attribute of the editable template (rounds keep their frozen copy)."""
    require(by, Action.MANAGE_TEMPLATES)
    _require_visible(by, template)
    if attribute is not None and attribute.template_id != template.pk:
        raise PermissionDenied(_("This attribute belongs to another template."))
    siblings = template.attributes.exclude(pk=attribute.pk if attribute else None)
    errors = {}
    if siblings.filter(code=fields["code"]).exists():
        errors["code"] = _("Another attribute of this template has this code.")
    if siblings.filter(text_id=fields["text_id"]).exists():
        errors["text_id"] = _("Another attribute of this template has this text.")
    for key in ("help_id", "help_en"):
        if len(fields.get(key) or []) > LIKERT_MAX:
            errors[key] = _("Describe at most five scores, one per line.")
    if errors:
        raise ValidationError(errors)
    attribute = attribute or TemplateAttribute(template=template)
    for name in ATTRIBUTE_FIELDS:
        if name in fields:
            setattr(attribute, name, fields[name])
    attribute.save()
    return attribute


def delete_attribute(*, attribute: TemplateAttribute, by) -> None:
    require(by, Action.MANAGE_TEMPLATES)
    _require_visible(by, attribute.template)
    attribute.delete()


def _template_content(template: SurveyTemplate) -> tuple[dict, str]:
    attributes = [
        {name: getattr(attribute, name) for name in ATTRIBUTE_FIELDS}
        for attribute in selectors.template_attributes(template)
    ]
    content = {
        "name": template.name,
        "likert_labels": template.likert_labels,
        "attributes": attributes,
    }
    digest = hashlib.sha256(
        json.dumps(content, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()
    return content, digest


def freeze_template(*, template: SurveyTemplate, by=None) -> TemplateVersion:
    """The template as it is now, as an immutable version; the latest version is reused when
    nothing changed since, so rounds asked with the same questions share one version."""
    with transaction.atomic():
        template = SurveyTemplate.objects.select_for_update().get(pk=template.pk)
        content, digest = _template_content(template)
        if not content["attributes"]:
            raise ValidationError(
                {"template": _("The template has no attributes; add at least one.")}
            )
        latest = template.versions.order_by("-number").first()
        if latest is not None and latest.content_hash == digest:
            return latest
        version = TemplateVersion.objects.create(
            template=template,
            number=(latest.number + 1) if latest else 1,
            name=template.name,
            likert_labels=template.likert_labels,
            content_hash=digest,
            created_by=by,
        )
        VersionAttribute.objects.bulk_create(
            VersionAttribute(version=version, **attribute) for attribute in content["attributes"]
        )
    return version


# --- rounds -----------------------------------------------------------------------------------


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


# --- responses --------------------------------------------------------------------------------


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


# --- import -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportOutcome:
    respondents: int
    answers: int


def import_responses(
    *, survey_round: SurveyRound, data: bytes, file_name: str, anonymous: bool, by
) -> ImportOutcome:
    """Save every answer of a paper-survey file, or none: ImportRejected lists the problems by row.

    ``anonymous`` makes each respondent code in the file (R01, R02 ...) an anonymous respondent of
    the round; otherwise the respondent column holds farmers' NIKs.
    """
    require(by, Action.IMPORT)
    _require_visible(by, survey_round)
    rows = imports.read_rows(data, file_name)
    with transaction.atomic():
        survey_round = SurveyRound.objects.select_for_update().get(pk=survey_round.pk)
        if survey_round.status != RoundStatus.OPEN:
            raise imports.ImportRejected(
                [
                    imports.ImportProblem(
                        None, "", _("Answers can only be imported into an open round.")
                    )
                ]
            )
        farmers_by_nik, eligible = {}, set()
        if not anonymous:
            farmers = scope_for(by, Farmer.objects.filter(mill_id=survey_round.mill_id))
            farmers_by_nik = {farmer.nik: farmer for farmer in farmers}
            eligible = set(
                RoundTarget.objects.filter(round=survey_round).values_list("farmer_id", flat=True)
            )
            if survey_round.sample_size is None:
                eligible |= set(
                    selectors.eligible_farmers(survey_round).values_list("id", flat=True)
                )
        plan, problems = imports.check_rows(
            survey_round=survey_round,
            rows=rows,
            attributes=list(selectors.version_attributes(survey_round.template_version)),
            anonymous=anonymous,
            farmers_by_nik=farmers_by_nik,
            eligible_farmer_ids=eligible,
        )
        if problems:
            raise imports.ImportRejected(problems)
        for respondent in plan.respondents:
            farmer = respondent.farmer
            if farmer is not None:
                RoundTarget.objects.get_or_create(
                    round=survey_round,
                    farmer=farmer,
                    defaults={"region_id": farmer.region_id, "partner_type": farmer.partner_type},
                )
            response = SurveyResponse.objects.create(
                round=survey_round,
                farmer=farmer,
                respondent_code="" if farmer is not None else respondent.key,
                region_id=farmer.region_id if farmer is not None else None,
                partner_type=farmer.partner_type if farmer is not None else "",
                source=ResponseSource.IMPORT,
                entered_by=by,
                updated_by=by,
            )
            _replace_answers(response, respondent.answers)
    return ImportOutcome(respondents=len(plan.respondents), answers=plan.answer_count)
