"""The import of a paper-survey file into an open round: every answer of the file is saved,
or none, with the problems listed by row (the reading and row checks are in surveys.imports; this
module writes what they planned). Kept apart from the one-farmer responses because it works on a
whole file, knows farmers by NIK or takes anonymous respondent codes, and fails as a batch.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from partners.models import Farmer
from surveys import imports, selectors
from surveys.models import ResponseSource, RoundStatus, RoundTarget, SurveyResponse, SurveyRound
from surveys.permissions import Action, require
from surveys.services._common import _require_visible
from surveys.services.responses import _replace_answers
from tebu_site.access import scope_for


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
