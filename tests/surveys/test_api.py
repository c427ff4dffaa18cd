"""The survey API: rounds with their frozen questionnaire, and responses created and changed by
staff or by the farmer themself, scoped, paginated and in the OpenAPI schema."""

import pytest

from surveys.models import ResponseSource, SurveyResponse
from tests.factories import farmer_user

pytestmark = pytest.mark.django_db


def test_rounds_list_with_questionnaire_and_progress(client, world, open_round):
    client.force_login(world["sinder"])
    body = client.get("/api/surveys/rounds/").json()
    assert body["count"] == 1
    item = body["results"][0]
    assert item["status"] == "open"
    assert (item["targeted"], item["answered"]) == (3, 0)
    codes = [a["code"] for a in item["template_version"]["attributes"]]
    assert codes == [f"a{n:02d}" for n in range(1, 14)]
    assert item["template_version"]["likert_labels"]["importance"]["id"][4] == "Sangat penting"


def test_staff_create_and_patch_a_response(client, world, open_round):
    client.force_login(world["sinder"])
    farmer = world["farmers"]["north_trm"]
    created = client.post(
        "/api/surveys/responses/",
        {
            "round": open_round.pk,
            "farmer": farmer.pk,
            "answers": [
                {"attribute": "a01", "importance": 4, "performance": 5},
                {"attribute": "a02", "importance": None, "performance": 3},
            ],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["source"] == ResponseSource.API
    assert body["answers"][0] == {"attribute": "a01", "importance": 4, "performance": 5}
    patched = client.patch(
        f"/api/surveys/responses/{body['id']}/",
        {"answers": [{"attribute": "a02", "importance": 2, "performance": 3}]},
        content_type="application/json",
    )
    assert patched.status_code == 200, patched.json()
    assert {
        a["attribute"]: (a["importance"], a["performance"]) for a in patched.json()["answers"]
    } == {
        "a01": (4, 5),
        "a02": (2, 3),
    }


def test_a_second_create_for_the_same_farmer_is_a_400_in_the_error_shape(client, world, open_round):
    client.force_login(world["sinder"])
    payload = {
        "round": open_round.pk,
        "farmer": world["farmers"]["north_trk"].pk,
        "answers": [{"attribute": "a01", "importance": 4, "performance": 4}],
    }
    assert (
        client.post("/api/surveys/responses/", payload, content_type="application/json").status_code
        == 201
    )
    again = client.post("/api/surveys/responses/", payload, content_type="application/json")
    assert again.status_code == 400
    assert set(again.json()) == {"detail", "errors"}
    assert SurveyResponse.objects.count() == 1


def test_a_farmer_answers_for_themself_without_naming_the_farmer(client, world, open_round):
    farmer = world["farmers"]["north_trk"]
    client.force_login(farmer_user(farmer))
    response = client.post(
        "/api/surveys/responses/",
        {
            "round": open_round.pk,
            "answers": [{"attribute": "a13", "importance": 5, "performance": 1}],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["farmer"] == farmer.pk
    assert client.get("/api/surveys/responses/").json()["count"] == 1


def test_out_of_range_scores_are_refused(client, world, open_round):
    client.force_login(world["sinder"])
    response = client.post(
        "/api/surveys/responses/",
        {
            "round": open_round.pk,
            "farmer": world["farmers"]["north_trk"].pk,
            "answers": [{"attribute": "a01", "importance": 6, "performance": 4}],
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["answers.0.importance"]  # the answer, the field


def test_endpoints_are_in_the_schema(client, world):
    client.force_login(world["manager"])
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/surveys/rounds/" in schema
    assert "/api/surveys/responses/{id}/" in schema
