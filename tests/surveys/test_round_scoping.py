"""Rounds and answers are scoped like everything else: a manager of one mill cannot reach another
mill's rounds by any path; field staff see their regions; farmers only their own questionnaire."""

import pytest
from django.urls import reverse

from surveys import selectors
from tebu_site.models import Role
from tests.factories import UserFactory, farmer_user, survey_response

pytestmark = pytest.mark.django_db


def test_other_mills_manager_gets_404_on_every_round_page(client, world, open_round):
    client.force_login(world["other_manager"])
    farmer = world["farmers"]["north_trk"]
    for url in (
        reverse("surveys:round-detail", args=[open_round.pk]),
        reverse("surveys:respondents", args=[open_round.pk]),
        reverse("surveys:round-import", args=[open_round.pk]),
        reverse("surveys:staff-answer", args=[open_round.pk, farmer.pk]),
    ):
        assert client.get(url).status_code == 404, url
    for name in ("surveys:round-close", "surveys:round-compute", "surveys:round-open"):
        assert client.post(reverse(name, args=[open_round.pk])).status_code == 404, name
    assert open_round.name not in client.get(reverse("surveys:round-list")).content.decode()


def test_other_mills_manager_sees_nothing_in_the_api(client, world, open_round):
    survey_response(open_round, world["farmers"]["north_trk"])
    client.force_login(world["other_manager"])
    assert client.get("/api/surveys/rounds/").json()["count"] == 0
    assert client.get(f"/api/surveys/rounds/{open_round.pk}/").status_code == 404
    assert client.get("/api/surveys/responses/").json()["count"] == 0


def test_field_staff_see_answers_of_their_regions_only(world, open_round):
    north = survey_response(open_round, world["farmers"]["north_trk"])
    survey_response(open_round, world["farmers"]["south_trk"])
    assert list(selectors.responses_visible_to(world["sinder"])) == [north]
    targets = selectors.targets_for_entry(world["sinder"], open_round)
    assert {t.farmer.region_id for t in targets} == {world["north"].pk}


def test_field_staff_cannot_enter_answers_for_another_regions_farmer(client, world, open_round):
    client.force_login(world["sinder"])
    south = world["farmers"]["south_trk"]
    url = reverse("surveys:staff-answer", args=[open_round.pk, south.pk])
    assert client.get(url).status_code == 404


def test_farmer_sees_only_rounds_that_ask_them_and_not_staff_pages(client, world, open_round):
    farmer = world["farmers"]["north_trk"]
    user = farmer_user(farmer)
    assert list(selectors.rounds_visible_to(user)) == [open_round]
    non_partner = farmer_user(world["farmers"]["south_non"])
    assert list(selectors.rounds_visible_to(non_partner)) == []
    client.force_login(user)
    assert client.get(reverse("surveys:round-list")).status_code == 403
    assert client.get(reverse("surveys:round-detail", args=[open_round.pk])).status_code == 403
    other = world["farmers"]["north_trm"]
    url = reverse("surveys:staff-answer", args=[open_round.pk, other.pk])
    assert client.get(url).status_code == 403


def test_farmer_cannot_answer_for_someone_else_through_the_api(client, world, open_round):
    client.force_login(farmer_user(world["farmers"]["north_trk"]))
    response = client.post(
        "/api/surveys/responses/",
        {
            "round": open_round.pk,
            "farmer": world["farmers"]["north_trm"].pk,
            "answers": [{"attribute": "a01", "importance": 4, "performance": 4}],
        },
        content_type="application/json",
    )
    # The other farmer is not even a valid choice for this caller.
    assert response.status_code == 400
    assert "farmer" in response.json()["errors"]


def test_draft_rounds_are_hidden_from_farmers(world):
    user = farmer_user(world["farmers"]["north_trk"])
    assert list(selectors.rounds_visible_to(user)) == []


def test_qc_staff_cannot_open_survey_pages(client, world, open_round):
    client.force_login(UserFactory(role=Role.QC, mills=[world["mill"]]))
    assert client.get(reverse("surveys:round-list")).status_code == 403
