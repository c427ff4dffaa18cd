"""One response per farmer per round: the service refuses a second one, the database constraint
backs it up, and changing answers edits the one response."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from surveys import services
from surveys.models import ResponseSource, SurveyAnswer, SurveyResponse
from tests.factories import farmer_user, survey_response

pytestmark = pytest.mark.django_db


def test_second_response_for_the_same_farmer_is_refused(world, open_round):
    farmer = world["farmers"]["north_trk"]
    services.save_response(
        survey_round=open_round, by=world["sinder"], farmer=farmer, answers={"a01": (4, 4)}
    )
    with pytest.raises(ValidationError, match="already answered|sudah menjawab"):
        services.save_response(
            survey_round=open_round, by=world["manager"], farmer=farmer, answers={"a02": (3, 3)}
        )
    assert SurveyResponse.objects.filter(round=open_round, farmer=farmer).count() == 1


def test_the_database_refuses_a_second_row_too(world, open_round):
    farmer = world["farmers"]["north_trk"]
    survey_response(open_round, farmer)
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyResponse.objects.create(
            round=open_round, farmer=farmer, source=ResponseSource.INTERVIEW
        )


def test_changing_answers_edits_the_one_response(world, open_round):
    farmer = world["farmers"]["north_trk"]
    first = services.save_response(
        survey_round=open_round,
        by=world["sinder"],
        farmer=farmer,
        answers={"a01": (4, 4), "a02": (2, 5)},
    )
    again = services.save_response(
        survey_round=open_round,
        by=world["sinder"],
        response=first,
        answers={"a01": (5, 3), "a02": (None, None), "a03": (None, 4)},
    )
    assert again.pk == first.pk
    assert dict(
        SurveyAnswer.objects.filter(response=first).values_list("attribute__code", "performance")
    ) == {"a01": 3, "a03": 4}


def test_the_portal_form_edits_instead_of_adding(client, world, open_round):
    farmer = world["farmers"]["north_trk"]
    client.force_login(farmer_user(farmer))
    url = reverse("surveys:my-answer", args=[open_round.pk])
    assert client.post(url, {"imp_a01": "4", "perf_a01": "4"}).status_code == 302
    assert client.post(url, {"imp_a01": "2", "perf_a01": "5"}).status_code == 302
    response = SurveyResponse.objects.get(round=open_round, farmer=farmer)
    assert response.source == ResponseSource.PORTAL
    assert list(response.answers.values_list("importance", "performance")) == [(2, 5)]
