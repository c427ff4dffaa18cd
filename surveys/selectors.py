"""Reads for surveys. The ``*_visible_to(user)`` functions narrow through
tebu_site.access.scope_for; the round-level reads without a user (``responses_frame``,
``attribute_meta``) serve services and the analysis worker, which receive a round the caller was
already allowed to reach.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from partners.models import Farmer, FarmerStatus, PartnerType
from surveys.models import (
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
from tebu_site.access import scope_for

if TYPE_CHECKING:
    import pandas as pd

# "All partners" means the two partner types; non-partners are asked only when a round says so.
PARTNER_TYPES = (PartnerType.TRM, PartnerType.TRK)
FRAME_COLUMNS = ["respondent", "attribute", "importance", "performance"]


# --- templates --------------------------------------------------------------------------------


def templates_visible_to(user) -> QuerySet[SurveyTemplate]:
    return scope_for(user, SurveyTemplate.objects.select_related("mill")).annotate(
        attribute_count=Count("attributes", distinct=True),
        version_count=Count("versions", distinct=True),
    )


def template_attributes(template: SurveyTemplate) -> QuerySet[TemplateAttribute]:
    return template.attributes.order_by("order", "id")


def version_attributes(version: TemplateVersion) -> QuerySet[VersionAttribute]:
    return version.attributes.order_by("order", "id")


# --- rounds -----------------------------------------------------------------------------------


def rounds_visible_to(user) -> QuerySet[SurveyRound]:
    rounds = scope_for(
        user,
        SurveyRound.objects.select_related("mill", "season", "template_version__template"),
    )
    if getattr(user, "is_farmer", False):
        rounds = rounds.exclude(status=RoundStatus.DRAFT)
    return rounds


def round_list(user) -> QuerySet[SurveyRound]:
    """Rounds with their target and response counts, in one query whatever the page size."""
    return rounds_visible_to(user).annotate(
        targeted=Count("targets", distinct=True),
        answered=Count("responses", distinct=True),
    )


def eligible_farmers(survey_round: SurveyRound) -> QuerySet[Farmer]:
    """Active farmers of the round's mill matching its regions and partner types."""
    farmers = Farmer.objects.filter(mill_id=survey_round.mill_id, status=FarmerStatus.ACTIVE)
    region_ids = list(survey_round.target_regions.values_list("id", flat=True))
    if region_ids:
        farmers = farmers.filter(region_id__in=region_ids)
    partner_types = survey_round.target_partner_types or list(PARTNER_TYPES)
    return farmers.filter(partner_type__in=partner_types).order_by("id")


def is_target(survey_round: SurveyRound, farmer: Farmer) -> bool:
    return RoundTarget.objects.filter(round=survey_round, farmer=farmer).exists()


def round_progress(user, survey_round: SurveyRound) -> dict:
    """Answered / targeted per region (the regions the user may see), and paper respondents."""
    targets = scope_for(user, RoundTarget.objects.filter(round=survey_round))
    targeted = {
        row["region_id"]: row
        for row in targets.values("region_id", "region__name")
        .annotate(count=Count("id"))
        .order_by("region__name")
    }
    answered = dict(
        targets.filter(farmer__survey_responses__round=survey_round)
        .values("region_id")
        .annotate(count=Count("id"))
        .values_list("region_id", "count")
    )
    rows = []
    for region_id, row in targeted.items():
        done = answered.get(region_id, 0)
        rows.append(
            {
                "region_id": region_id,
                "region": row["region__name"],
                "targeted": row["count"],
                "answered": done,
                "percent": done * 100 / row["count"] if row["count"] else None,
            }
        )
    total_targeted = sum(row["targeted"] for row in rows)
    total_answered = sum(row["answered"] for row in rows)
    responses = scope_for(user, SurveyResponse.objects.filter(round=survey_round))
    return {
        "rows": rows,
        "targeted": total_targeted,
        "answered": total_answered,
        "percent": total_answered * 100 / total_targeted if total_targeted else None,
        "paper": responses.filter(farmer__isnull=True).count(),
        "responses": responses.count(),
    }


def targets_for_entry(user, survey_round: SurveyRound, query: str = "") -> QuerySet[RoundTarget]:
    """The round's target farmers the user may interview, with whether each has answered."""
    targets = scope_for(
        user, RoundTarget.objects.filter(round=survey_round).select_related("farmer", "region")
    ).annotate(
        has_answered=Exists(
            SurveyResponse.objects.filter(round=survey_round, farmer=OuterRef("farmer"))
        )
    )
    if query:
        targets = targets.filter(Q(farmer__name__icontains=query) | Q(farmer__nik__contains=query))
    return targets.order_by("has_answered", "farmer__name", "id")


def open_rounds_for_farmer(user) -> QuerySet[SurveyRound]:
    """The rounds a farmer is asked in (through scope_for: a farmer reaches a round as a target),
    open ones first, with whether they already answered."""
    farmer = getattr(user, "farmer", None)
    return (
        rounds_visible_to(user)
        .annotate(
            has_answered=Exists(SurveyResponse.objects.filter(round=OuterRef("pk"), farmer=farmer))
        )
        .order_by("status", "-opens_on", "-id")
    )


# --- responses --------------------------------------------------------------------------------


def responses_visible_to(user) -> QuerySet[SurveyResponse]:
    return scope_for(
        user,
        SurveyResponse.objects.select_related(
            "round__mill", "farmer", "region", "entered_by", "updated_by"
        ),
    )


def response_of(survey_round: SurveyRound, farmer: Farmer) -> SurveyResponse | None:
    return SurveyResponse.objects.filter(round=survey_round, farmer=farmer).first()


def answers_by_code(response: SurveyResponse | None) -> dict[str, tuple[int | None, int | None]]:
    if response is None:
        return {}
    return {
        code: (importance, performance)
        for code, importance, performance in response.answers.values_list(
            "attribute__code", "importance", "performance"
        )
    }


def _answers(round_id: int, region_ids=None, partner_types=None) -> QuerySet[SurveyAnswer]:
    answers = SurveyAnswer.objects.filter(response__round_id=round_id)
    if region_ids:
        answers = answers.filter(response__region_id__in=list(region_ids))
    if partner_types:
        answers = answers.filter(response__partner_type__in=list(partner_types))
    return answers


def answer_count(round_id: int, region_ids=None, partner_types=None) -> int:
    return _answers(round_id, region_ids, partner_types).count()


def respondent_key(response_id: int, farmer_id: int | None, respondent_code: str) -> str:
    """A respondent id for the analysis input that is unique in the round and holds no NIK."""
    return f"farmer:{farmer_id}" if farmer_id else f"paper:{respondent_code or response_id}"


def responses_frame(
    round_id: int, region_ids: list[int] | None = None, partner_types: list[str] | None = None
) -> pd.DataFrame:
    """The round's answers in long form for analytics.methods.csi_ipa: columns respondent,
    attribute (its Indonesian label in the round's frozen template), importance and performance
    (NaN = skipped), rows in template order. Filters keep responses whose region / partner type
    at answering time is in the list; None or empty keeps all."""
    import pandas as pd

    rows = (
        _answers(round_id, region_ids, partner_types)
        .order_by("attribute__order", "attribute_id", "response_id")
        .values_list(
            "response_id",
            "response__farmer_id",
            "response__respondent_code",
            "attribute__text_id",
            "importance",
            "performance",
        )
    )
    records = [
        (respondent_key(response_id, farmer_id, code), label, importance, performance)
        for response_id, farmer_id, code, label, importance, performance in rows
    ]
    frame = pd.DataFrame.from_records(records, columns=FRAME_COLUMNS)
    return frame.astype({"importance": "float64", "performance": "float64"})


def attribute_meta(
    round_id: int,
    region_ids: list[int] | None = None,
    partner_types: list[str] | None = None,
    *,
    answered_only: bool = False,
) -> tuple[list[str], dict[str, str]]:
    """(attribute labels in template order, label -> SERVQUAL dimension code) of a round.

    ``answered_only`` keeps the attributes with at least one importance and one performance score
    among the (filtered) answers: an attribute nobody scored has no mean to compute.
    """
    attributes = VersionAttribute.objects.filter(version__rounds__id=round_id).order_by(
        "order", "id"
    )
    if answered_only:
        scored = (
            _answers(round_id, region_ids, partner_types)
            .values("attribute_id")
            .annotate(n_imp=Count("importance"), n_perf=Count("performance"))
            .filter(n_imp__gt=0, n_perf__gt=0)
            .values("attribute_id")
        )
        attributes = attributes.filter(pk__in=scored)
    order, dimensions = [], {}
    for label, dimension in attributes.values_list("text_id", "dimension"):
        order.append(label)
        dimensions[label] = dimension
    return order, dimensions


def attributes_of_rounds(round_ids: list[int]) -> dict[int, list[VersionAttribute]]:
    """Frozen attributes of several rounds in one query (for trends across rounds)."""
    found: dict[int, list[VersionAttribute]] = {round_id: [] for round_id in round_ids}
    rounds = dict(
        SurveyRound.objects.filter(pk__in=round_ids).values_list("pk", "template_version_id")
    )
    by_version: dict[int, list[VersionAttribute]] = {}
    for attribute in VersionAttribute.objects.filter(version_id__in=set(rounds.values())).order_by(
        "order", "id"
    ):
        by_version.setdefault(attribute.version_id, []).append(attribute)
    for round_id, version_id in rounds.items():
        found[round_id] = by_version.get(version_id, [])
    return found


def template_versions(template: SurveyTemplate) -> QuerySet[TemplateVersion]:
    """The frozen versions of a template with how many rounds each one asked."""
    return (
        template.versions.select_related("created_by")
        .annotate(round_count=Count("rounds"))
        .order_by("-number")
    )
