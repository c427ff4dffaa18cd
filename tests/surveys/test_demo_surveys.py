"""`manage.py load_demo_surveys` (called by `make run` after load_demo) fills the demo and is
safe to run twice."""

import pytest
from django.core.management import call_command

from analytics.models import AnalysisRun, RunStatus
from partners.demo import load_demo
from surveys.models import RoundStatus, SurveyAnswer, SurveyResponse, SurveyRound, SurveyTemplate

pytestmark = pytest.mark.django_db(transaction=True)


def counts():
    return (
        SurveyTemplate.objects.count(),
        SurveyRound.objects.count(),
        SurveyResponse.objects.count(),
        SurveyAnswer.objects.count(),
        AnalysisRun.objects.count(),
    )


def test_demo_surveys_are_complete_and_idempotent(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    call_command("load_demo_surveys", verbosity=0)
    first = counts()
    call_command("load_demo_surveys", verbosity=0)
    assert counts() == first
    assert SurveyTemplate.objects.count() == 2
    statuses = sorted(SurveyRound.objects.values_list("mill__code", "status"))
    assert statuses == [
        ("djatiroto", RoundStatus.CLOSED),
        ("semboro", RoundStatus.CLOSED),
        ("semboro", RoundStatus.OPEN),
    ]
    assert AnalysisRun.objects.filter(status=RunStatus.SUCCEEDED).count() == 3
    # The demo farmer with a login still has the open round to answer.
    open_round = SurveyRound.objects.get(status=RoundStatus.OPEN)
    assert not SurveyResponse.objects.filter(round=open_round, farmer__user__username="petani")
    assert SurveyResponse.objects.filter(round=open_round).exists()


def test_the_managers_home_shows_the_latest_whole_round_csi(settings, client):
    """Issue 14: the manager's first screen has the farmers' satisfaction beside the money."""
    from django.contrib.auth import get_user_model

    from tebu_site.formatting import format_number

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    call_command("load_demo_surveys", verbosity=0)
    manager = get_user_model().objects.get(username="manajer")  # PG Semboro
    latest = (
        AnalysisRun.objects.filter(mill__code="semboro", status=RunStatus.SUCCEEDED)
        .order_by("-created_at", "-id")
        .first()
    )
    client.force_login(manager)
    page = client.get("/").content.decode()
    expected = format_number(latest.result["csi"], 2)
    assert f'data-testid="home-csi">{expected} %<' in page
    client.force_login(get_user_model().objects.get(username="sinder"))
    assert 'data-testid="satisfaction-card"' not in client.get("/").content.decode()
