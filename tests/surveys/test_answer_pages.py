"""Field staff fill a farmer's questionnaire on a phone; a farmer answers in the portal. Two 1–5
choices per attribute with their labels and the meaning of each score; skipping is allowed."""

import pytest
from django.urls import reverse

from surveys.models import ResponseSource, SurveyResponse
from tests.factories import farmer_user

pytestmark = pytest.mark.django_db


def test_the_form_shows_13_questions_with_labels_and_score_meanings(client, world, open_round):
    client.force_login(world["sinder"])
    farmer = world["farmers"]["north_trk"]
    page = client.get(reverse("surveys:staff-answer", args=[open_round.pk, farmer.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('data-question="') == 13
    assert html.count('type="radio"') == 13 * 2 * 5
    assert "Sangat tidak penting" in html and "Sangat baik" in html
    assert "Pencairan dana kredit" in html
    assert "Terlambat lebih dari 4 bulan" in html  # anchor of score 1 for credit disbursement
    assert 'data-draft-key="tebu-survey-' in html
    assert "surveys/entry.js" in html


def test_field_staff_save_an_interview_with_skipped_questions(client, world, open_round):
    client.force_login(world["sinder"])
    farmer = world["farmers"]["north_trk"]
    url = reverse("surveys:staff-answer", args=[open_round.pk, farmer.pk])
    response = client.post(url, {"imp_a01": "4", "perf_a01": "5", "imp_a02": "2"})
    assert response.status_code == 302
    assert response.url == reverse("surveys:respondents", args=[open_round.pk])
    saved = SurveyResponse.objects.get(round=open_round, farmer=farmer)
    assert saved.source == ResponseSource.INTERVIEW
    assert saved.entered_by == world["sinder"]
    assert sorted(saved.answers.values_list("attribute__code", "importance", "performance")) == [
        ("a01", 4, 5),
        ("a02", 2, None),
    ]
    # Back on the form, the saved answers are ticked.
    html = client.get(url).content.decode()
    assert 'name="imp_a01" value="4"' in html
    assert html.count("checked") == 3


def test_an_empty_or_invalid_form_is_refused_with_a_message(client, world, open_round):
    client.force_login(world["sinder"])
    url = reverse("surveys:staff-answer", args=[open_round.pk, world["farmers"]["north_trk"].pk])
    assert client.post(url, {}).status_code == 400
    assert client.post(url, {"imp_a01": "9"}).status_code == 400
    assert not SurveyResponse.objects.exists()


def test_a_farmer_answers_in_the_portal(client, world, open_round):
    farmer = world["farmers"]["south_trk"]
    client.force_login(farmer_user(farmer))
    listing = client.get(reverse("surveys:my-rounds"))
    assert listing.status_code == 200
    assert f'data-testid="my-round-{open_round.pk}"' in listing.content.decode()
    response = client.post(
        reverse("surveys:my-answer", args=[open_round.pk]),
        {"imp_a05": "5", "perf_a05": "2", "imp_a11": "5", "perf_a11": "1"},
    )
    assert response.status_code == 302
    saved = SurveyResponse.objects.get(round=open_round, farmer=farmer)
    assert saved.source == ResponseSource.PORTAL
    assert saved.region == farmer.region
    listing = client.get(reverse("surveys:my-rounds")).content.decode()
    assert 'class="badge badge-ok"' in listing  # "answered, you can still change it"


def test_a_farmer_not_asked_by_the_round_gets_404(client, world, open_round):
    client.force_login(farmer_user(world["farmers"]["south_non"]))
    assert client.get(reverse("surveys:my-answer", args=[open_round.pk])).status_code == 404


def test_respondent_list_puts_the_unanswered_first_without_extra_queries(
    client, world, open_round, django_assert_max_num_queries
):
    client.force_login(world["manager"])
    with django_assert_max_num_queries(12):
        page = client.get(reverse("surveys:respondents", args=[open_round.pk]))
    assert page.status_code == 200
    for farmer in ("north_trk", "north_trm", "south_trk"):
        assert world["farmers"][farmer].name in page.content.decode()
