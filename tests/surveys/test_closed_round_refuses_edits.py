"""Answers can be changed until the round closes, and not after: by the service, the entry
pages, the API and the import."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from surveys import services
from surveys.imports import ImportRejected
from surveys.models import SurveyAnswer
from tests.factories import farmer_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(world, open_round, django_capture_on_commit_callbacks):
    farmer = world["farmers"]["north_trk"]
    response = services.save_response(
        survey_round=open_round, by=world["sinder"], farmer=farmer, answers={"a01": (4, 4)}
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.close_round(survey_round=open_round, by=world["manager"])
    open_round.refresh_from_db()
    return {"round": open_round, "farmer": farmer, "response": response}


def answers_now():
    return list(SurveyAnswer.objects.values_list("importance", "performance"))


def test_service_refuses_changes_and_new_answers(world, closed):
    with pytest.raises(ValidationError, match="closed|ditutup"):
        services.save_response(
            survey_round=closed["round"],
            by=world["sinder"],
            response=closed["response"],
            answers={"a01": (1, 1)},
        )
    with pytest.raises(ValidationError, match="closed|ditutup"):
        services.save_response(
            survey_round=closed["round"],
            by=world["sinder"],
            farmer=world["farmers"]["north_trm"],
            answers={"a01": (1, 1)},
        )
    assert answers_now() == [(4, 4)]


def test_entry_page_shows_the_answers_read_only_and_refuses_a_post(client, world, closed):
    client.force_login(world["sinder"])
    url = reverse("surveys:staff-answer", args=[closed["round"].pk, closed["farmer"].pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'data-testid="round-closed"' in page.content.decode()
    assert " inert" in page.content.decode()
    assert client.post(url, {"imp_a01": "1", "perf_a01": "1"}).status_code == 409
    assert answers_now() == [(4, 4)]


def test_farmer_portal_refuses_a_post(client, closed):
    client.force_login(farmer_user(closed["farmer"]))
    url = reverse("surveys:my-answer", args=[closed["round"].pk])
    assert client.post(url, {"imp_a01": "1", "perf_a01": "1"}).status_code == 409
    assert answers_now() == [(4, 4)]


def test_api_refuses_a_change(client, world, closed):
    client.force_login(world["sinder"])
    response = client.patch(
        f"/api/surveys/responses/{closed['response'].pk}/",
        {"answers": [{"attribute": "a01", "importance": 1, "performance": 1}]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "closed" in str(response.json()["errors"]) or "ditutup" in str(response.json())
    assert answers_now() == [(4, 4)]


def test_import_into_a_closed_round_is_refused(world, closed):
    with pytest.raises(ImportRejected):
        services.import_responses(
            survey_round=closed["round"],
            data=b"respondent,attribute,importance,performance\nR1,a01,4,4\n",
            file_name="x.csv",
            anonymous=True,
            by=world["manager"],
        )
    assert answers_now() == [(4, 4)]
