"""The trend of CSI and of each attribute across a mill's rounds, oldest first, from each round's
latest complete result; the list of rounds costs a fixed number of queries."""

import datetime
import re

import pytest
from django.urls import reverse

from surveys import services
from tebu_site.models import Role
from tests.factories import (
    FarmerFactory,
    RegionFactory,
    SeasonFactory,
    SurveyRoundFactory,
    UserFactory,
    survey_response,
)

pytestmark = pytest.mark.django_db

CODES = [f"a{n:02d}" for n in range(1, 14)]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def answered_round(manager, season, name, opens_on, score, capture):
    survey_round = SurveyRoundFactory(season=season, name=name, opens_on=opens_on)
    survey_round = services.open_round(survey_round=survey_round, by=manager)
    region = season.mill.regions.first()
    for _ in range(2):
        survey_response(
            survey_round,
            FarmerFactory(region=region),
            scores=dict.fromkeys(CODES, (4, score)),
        )
    with capture(execute=True):
        services.close_round(survey_round=survey_round, by=manager)
    return survey_round


def test_two_rounds_give_a_csi_trend_and_attribute_changes(
    client, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    region = RegionFactory()
    mill = region.mill
    manager = UserFactory(role=Role.MANAGER, mills=[mill])
    old = SeasonFactory(mill=mill, name="2024/2025", is_current=False)
    new = SeasonFactory(mill=mill, name="2025/2026")
    first = answered_round(
        manager,
        old,
        "Survei 2024",
        datetime.date(2025, 7, 1),
        3,
        django_capture_on_commit_callbacks,
    )
    second = answered_round(
        manager,
        new,
        "Survei 2025",
        datetime.date(2026, 7, 1),
        4,
        django_capture_on_commit_callbacks,
    )
    client.force_login(manager)
    page = client.get(reverse("satisfaction:round", args=[second.pk])).content.decode()
    assert 'data-testid="trend-chart"' in page
    table = re.search(r'data-testid="trend-table">(.*?)</table>', page, re.S).group(1)
    assert table.index("2024/2025") < table.index("2025/2026")
    assert "60,00 %" in table and "80,00 %" in table  # CSI = mean performance × 20 here
    assert "▲ +1,00" in table
    assert first.name in table
    with django_assert_max_num_queries(14):
        index = client.get(reverse("satisfaction:index"))
    assert index.status_code == 200
    assert "60,00 %" in index.content.decode() and "80,00 %" in index.content.decode()


def test_an_open_rounds_interim_result_carries_a_caveat(client, django_capture_on_commit_callbacks):
    """Issue 14: the trend compared an open round of 8 respondents with a closed one of 15
    without saying so."""
    region = RegionFactory()
    mill = region.mill
    manager = UserFactory(role=Role.MANAGER, mills=[mill])
    old = SeasonFactory(mill=mill, name="2024/2025", is_current=False)
    new = SeasonFactory(mill=mill, name="2025/2026")
    answered_round(
        manager,
        old,
        "Survei 2024",
        datetime.date(2025, 7, 1),
        3,
        django_capture_on_commit_callbacks,
    )
    open_round = SurveyRoundFactory(
        season=new, name="Survei 2025", opens_on=datetime.date(2026, 7, 1)
    )
    open_round = services.open_round(survey_round=open_round, by=manager)
    for _ in range(2):
        survey_response(
            open_round, FarmerFactory(region=region), scores=dict.fromkeys(CODES, (4, 4))
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.request_analysis(survey_round=open_round, by=manager)
    client.force_login(manager)
    page = client.get(reverse("satisfaction:round", args=[open_round.pk])).content.decode()
    caveat = page.split('data-testid="trend-interim">')[1].split("</p>")[0]
    assert "Survei 2025" in caveat and " 2 " in caveat
    table = re.search(r'data-testid="trend-table">(.*?)</table>', page, re.S).group(1)
    assert "n = 2" in table
