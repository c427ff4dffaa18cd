"""A round is created as a draft, opened, and closed; closing (or pressing "compute") asks analytics
for a CSI/IPA run through a signal, without surveys importing analytics."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from analytics.models import AnalysisRun, RunStatus
from surveys import services
from surveys.models import RoundStatus, SurveyRound
from surveys.signals import analysis_requested

pytestmark = pytest.mark.django_db


def test_manager_creates_a_round_on_the_page(client, world):
    client.force_login(world["manager"])
    response = client.post(
        reverse("surveys:round-create"),
        {
            "name": "Survei tengah musim",
            "season": world["round"].season.pk,
            "opens_on": "2026-07-01",
            "closes_on": "2026-07-31",
            "target_regions": [world["north"].pk],
            "target_partner_types": ["trk"],
        },
    )
    assert response.status_code == 302
    created = SurveyRound.objects.get(name="Survei tengah musim")
    assert created.status == RoundStatus.DRAFT
    assert created.mill == world["mill"]
    assert list(created.target_regions.all()) == [world["north"]]
    assert created.template_version.attributes.count() == 13


def test_dates_and_foreign_regions_are_checked(client, world):
    client.force_login(world["manager"])
    response = client.post(
        reverse("surveys:round-create"),
        {
            "name": "Salah",
            "season": world["round"].season.pk,
            "opens_on": "2026-07-31",
            "closes_on": "2026-07-01",
        },
    )
    assert response.status_code == 200
    assert "field-error" in response.content.decode()
    with pytest.raises(ValidationError):
        services.create_round(
            season=world["round"].season,
            name="Wilayah lain",
            opens_on=world["round"].opens_on,
            closes_on=world["round"].closes_on,
            target_regions=[world["other_region"]],
            by=world["manager"],
        )


def test_field_staff_and_analysts_cannot_create_open_or_close(client, world, open_round):
    for user in (world["sinder"], world["analyst"]):
        client.force_login(user)
        assert client.get(reverse("surveys:round-create")).status_code == 403
        assert client.post(reverse("surveys:round-close", args=[open_round.pk])).status_code == 403
    open_round.refresh_from_db()
    assert open_round.status == RoundStatus.OPEN


def test_closing_sends_the_signal_and_redirects_to_the_results(
    client, world, open_round, django_capture_on_commit_callbacks
):
    services.save_response(
        survey_round=open_round,
        by=world["sinder"],
        farmer=world["farmers"]["north_trk"],
        answers={"a01": (4, 4), "a02": (3, 5)},
    )
    heard = []

    def listener(sender, **kwargs):
        heard.append(kwargs)

    analysis_requested.connect(listener)
    try:
        client.force_login(world["manager"])
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("surveys:round-close", args=[open_round.pk]))
    finally:
        analysis_requested.disconnect(listener)
    assert response.status_code == 302
    assert response.url == reverse("satisfaction:round", args=[open_round.pk])
    assert heard[0]["survey_round"].pk == open_round.pk
    assert heard[0]["requested_by"] == world["manager"]
    assert heard[0]["region_ids"] == [] and heard[0]["partner_types"] == []
    run = AnalysisRun.objects.get(parameters__round_id=open_round.pk)
    assert run.status == RunStatus.SUCCEEDED
    assert run.requested_by == world["manager"]
    assert run.result["n_respondents"] == 1
    open_round.refresh_from_db()
    assert open_round.status == RoundStatus.CLOSED and open_round.closed_by == world["manager"]


def test_closing_a_round_without_answers_starts_no_run(world, open_round):
    outcome = services.close_round(survey_round=open_round, by=world["manager"])
    assert outcome.started == []
    assert not AnalysisRun.objects.exists()


def test_compute_gives_interim_results_of_an_open_round(
    world, open_round, django_capture_on_commit_callbacks
):
    services.save_response(
        survey_round=open_round,
        by=world["sinder"],
        farmer=world["farmers"]["north_trk"],
        answers={"a01": (4, 4)},
    )
    with django_capture_on_commit_callbacks(execute=True):
        started = services.request_analysis(survey_round=open_round, by=world["analyst"])
    assert len(started) == 1
    started[0].refresh_from_db()
    assert started[0].status == RunStatus.SUCCEEDED
    assert started[0].parameters["attribute_order"][0] == "Persyaratan pengajuan kredit"


def test_compute_is_refused_for_drafts_empty_choices_and_field_staff(world, open_round):
    draft = SurveyRound.objects.create(
        mill=world["mill"],
        season=world["round"].season,
        template_version=world["round"].template_version,
        name="Draf",
        opens_on=world["round"].opens_on,
        closes_on=world["round"].closes_on,
    )
    with pytest.raises(ValidationError):
        services.request_analysis(survey_round=draft, by=world["manager"])
    with pytest.raises(ValidationError, match="no answers|Belum ada jawaban"):
        services.request_analysis(survey_round=open_round, by=world["manager"])
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.request_analysis(survey_round=open_round, by=world["sinder"])
