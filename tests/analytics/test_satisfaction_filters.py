"""Filtering by region and partner type: computing for a choice creates a run with those
parameters, and the dashboard shows the result of the choice asked for."""

import pytest
from django.urls import reverse

from analytics.models import AnalysisRun, RunStatus
from surveys import services
from tebu_site.models import Role
from tests.factories import (
    FarmerFactory,
    RegionFactory,
    SurveyRoundFactory,
    UserFactory,
    survey_response,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def answered(django_capture_on_commit_callbacks):
    north = RegionFactory(name="Utara")
    south = RegionFactory(mill=north.mill, name="Selatan")
    manager = UserFactory(role=Role.MANAGER, mills=[north.mill])
    survey_round = SurveyRoundFactory(season__mill=north.mill)
    survey_round = services.open_round(survey_round=survey_round, by=manager)
    codes = [f"a{n:02d}" for n in range(1, 14)]
    # North answers 5/5 everywhere, south 3/1: the filtered CSIs differ plainly.
    for _ in range(2):
        survey_response(
            survey_round,
            FarmerFactory(region=north, partner_type="trk"),
            scores=dict.fromkeys(codes, (5, 5)),
        )
        survey_response(
            survey_round,
            FarmerFactory(region=south, partner_type="trm"),
            scores=dict.fromkeys(codes, (3, 1)),
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.close_round(survey_round=survey_round, by=manager)
    return {"round": survey_round, "north": north, "south": south, "manager": manager}


def test_compute_for_a_region_stores_the_filter_and_shows_its_result(
    client, answered, django_capture_on_commit_callbacks
):
    client.force_login(answered["manager"])
    url = reverse("satisfaction:compute", args=[answered["round"].pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"region": [answered["north"].pk]})
    assert response.status_code == 302
    assert f"region={answered['north'].pk}" in response.url
    run = AnalysisRun.objects.filter(parameters__round_id=answered["round"].pk).first()
    assert run.parameters["region_ids"] == [answered["north"].pk]
    assert run.parameters["partner_types"] == []
    assert run.status == RunStatus.SUCCEEDED
    assert run.result["csi"] == pytest.approx(100.0)
    page = client.get(response.url).content.decode()
    assert 'data-testid="csi">100,00 %' in page
    assert "Utara" in page
    # Without the filter the page shows the whole round again (4 respondents).
    whole = client.get(reverse("satisfaction:round", args=[answered["round"].pk])).content.decode()
    assert 'data-testid="respondents">4<' in whole


def test_compute_for_a_partner_type(client, answered, django_capture_on_commit_callbacks):
    client.force_login(answered["manager"])
    url = reverse("satisfaction:compute", args=[answered["round"].pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"partner_type": ["trm"]})
    run = AnalysisRun.objects.filter(parameters__round_id=answered["round"].pk).first()
    assert run.parameters["partner_types"] == ["trm"]
    assert run.result["n_respondents"] == 2
    assert run.result["csi"] == pytest.approx(20.0)
    page = client.get(
        reverse("satisfaction:round", args=[answered["round"].pk]) + "?partner_type=trm"
    ).content.decode()
    assert 'data-testid="csi">20,00 %' in page


def test_a_choice_without_results_offers_to_compute(client, answered):
    client.force_login(answered["manager"])
    page = client.get(
        reverse("satisfaction:round", args=[answered["round"].pk])
        + f"?region={answered['south'].pk}"
    ).content.decode()
    assert 'data-testid="no-results"' in page
    assert f'name="region" value="{answered["south"].pk}"' in page


def test_a_choice_with_no_answers_is_refused_without_a_run(client, answered):
    client.force_login(answered["manager"])
    url = reverse("satisfaction:compute", args=[answered["round"].pk])
    client.post(url, {"partner_type": ["non_partner"]})
    assert AnalysisRun.objects.filter(parameters__round_id=answered["round"].pk).count() == 1
