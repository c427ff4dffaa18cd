"""Likert scores are whole numbers 1..5 (or blank = skipped) in the database itself."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from surveys import services
from surveys.models import SurveyAnswer
from tests.factories import survey_response

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("importance", "performance"), [(0, 3), (6, 3), (3, 0), (3, 6), (None, None)]
)
def test_database_refuses_scores_outside_1_to_5_or_an_empty_answer(
    world, open_round, importance, performance
):
    response = survey_response(open_round, world["farmers"]["north_trk"], scores={})
    attribute = open_round.template_version.attributes.first()
    answer = SurveyAnswer(
        response=response, attribute=attribute, importance=importance, performance=performance
    )
    # bulk_create skips the model's own range check (save refuses these first): the database
    # itself must refuse the row.
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyAnswer.objects.bulk_create([answer])


def test_one_blank_score_is_a_skip_and_allowed(world, open_round):
    response = survey_response(open_round, world["farmers"]["north_trk"], scores={})
    attribute = open_round.template_version.attributes.first()
    SurveyAnswer.objects.create(
        response=response, attribute=attribute, importance=None, performance=5
    )


@pytest.mark.parametrize("bad", [0, 6, 2.5, "4", True])
def test_service_refuses_bad_scores(world, open_round, bad):
    with pytest.raises(ValidationError):
        services.save_response(
            survey_round=open_round,
            by=world["sinder"],
            farmer=world["farmers"]["north_trk"],
            answers={"a01": (bad, 3)},
        )


def test_service_refuses_unknown_attributes_and_empty_questionnaires(world, open_round):
    farmer = world["farmers"]["north_trk"]
    with pytest.raises(ValidationError):
        services.save_response(
            survey_round=open_round, by=world["sinder"], farmer=farmer, answers={"zz": (3, 3)}
        )
    with pytest.raises(ValidationError, match="at least one|paling sedikit satu"):
        services.save_response(
            survey_round=open_round,
            by=world["sinder"],
            farmer=farmer,
            answers={"a01": (None, None)},
        )
