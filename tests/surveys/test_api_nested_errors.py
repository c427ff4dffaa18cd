"""A refused answer inside a response names its place as a JSON path (``answers.0.importance``)
with the messages as text, not a Python dict printed into a string."""

import pytest

pytestmark = pytest.mark.django_db


def test_nested_answer_errors_are_flattened_to_paths(client, world, open_round):
    client.force_login(world["sinder"])

    response = client.post(
        "/api/surveys/responses/",
        {
            "round": open_round.pk,
            "farmer": world["farmers"]["north_trk"].pk,
            "answers": [
                {"attribute": "a01", "importance": 4, "performance": 4},
                {"attribute": "a02", "importance": 0, "performance": 9},
            ],
        },
        content_type="application/json",
    )

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"answers.1.importance", "answers.1.performance"}
    for messages in errors.values():
        assert isinstance(messages, list) and messages
        assert all(isinstance(m, str) and "ErrorDetail" not in m and "{" not in m for m in messages)
