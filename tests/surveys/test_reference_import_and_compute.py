"""Importing the PG Semboro 2019 reference answers into a round and closing it gives every number
of csi_ipa_semboro_expected.json at 2 decimals, read from the stored analysis run (domain.md
section 6)."""

import pytest

from analytics.models import AnalysisRun, RunStatus
from surveys import services
from surveys.models import SurveyAnswer, SurveyResponse
from tebu_site.formatting import round_half_up
from tebu_site.models import Role
from tests.factories import SurveyRoundFactory, UserFactory
from tests.surveys.reference import EXPECTED, RESPONSES

pytestmark = pytest.mark.django_db


def two(value) -> float:
    return float(round_half_up(value, 2))


@pytest.fixture
def closed_reference_round(django_capture_on_commit_callbacks):
    survey_round = SurveyRoundFactory(name="Survei kepuasan PG Semboro 2019")
    manager = UserFactory(role=Role.MANAGER, mills=[survey_round.mill])
    services.open_round(survey_round=survey_round, by=manager)
    outcome = services.import_responses(
        survey_round=survey_round,
        data=RESPONSES.read_bytes(),
        file_name="csi_ipa_semboro_responses.csv",
        anonymous=True,
        by=manager,
    )
    assert (outcome.respondents, outcome.answers) == (24, 312)
    with django_capture_on_commit_callbacks(execute=True):
        services.close_round(survey_round=survey_round, by=manager)
    return survey_round


def test_import_creates_24_anonymous_respondents(closed_reference_round):
    responses = SurveyResponse.objects.filter(round=closed_reference_round)
    assert responses.count() == 24
    assert set(responses.values_list("respondent_code", flat=True)) == {
        f"R{n:02d}" for n in range(1, 25)
    }
    assert not responses.filter(farmer__isnull=False).exists()
    assert SurveyAnswer.objects.filter(response__round=closed_reference_round).count() == 312


def test_closing_the_round_stores_every_reference_number(closed_reference_round):
    run = AnalysisRun.objects.get(parameters__round_id=closed_reference_round.pk)
    assert run.status == RunStatus.SUCCEEDED, run.error_message
    assert run.mill == closed_reference_round.mill
    assert run.season == closed_reference_round.season
    result = run.result
    assert result["n_respondents"] == EXPECTED["n_respondents"]
    assert two(result["csi"]) == EXPECTED["csi_percent"] == 84.36
    assert result["csi_band_label"] == EXPECTED["csi_band"]
    assert two(result["wat"]) == EXPECTED["wat"] == 421.81
    assert two(result["sum_mis"]) == EXPECTED["sum_mis"]
    assert two(result["sum_mss"]) == EXPECTED["sum_mss"]
    assert two(result["importance_mean"]) == EXPECTED["ipa_importance_mean"] == 3.92
    assert two(result["performance_mean"]) == EXPECTED["ipa_performance_mean"] == 4.24
    assert len(result["attributes"]) == 13
    for got, want in zip(result["attributes"], EXPECTED["attributes"], strict=True):
        assert got["attribute"] == want["attribute"]
        assert got["importance_total"] == want["importance_total"]
        assert got["performance_total"] == want["performance_total"]
        for key in ("mis", "wf", "mss", "ws"):
            assert two(got[key]) == want[key], (want["attribute"], key)
        assert got["quadrant"] == want["quadrant"]
    quadrant_a = [
        position
        for position, got in enumerate(result["attributes"], start=1)
        if got["quadrant"] == "A"
    ]
    assert quadrant_a == [5, 11, 13]


def test_run_parameters_carry_the_frozen_questionnaire(closed_reference_round):
    run = AnalysisRun.objects.get(parameters__round_id=closed_reference_round.pk)
    assert run.parameters["region_ids"] == []
    assert run.parameters["partner_types"] == []
    assert run.parameters["attribute_order"] == [a["attribute"] for a in EXPECTED["attributes"]]
    assert run.parameters["dimensions"]["Informasi rendemen"] == "assurance"
    dimensions = {d["dimension"]: d for d in run.result["dimensions"]}
    assert set(dimensions) == {"assurance", "reliability", "tangibles", "responsiveness", "empathy"}
    assert run.input_rows == 312
