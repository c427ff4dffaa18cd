"""Who a round asks (all partners, or by region, partner type or a random sample) is fixed when it
opens; progress is answered / asked per region."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from partners.models import PartnerType
from surveys import selectors, services
from surveys.models import RoundStatus, RoundTarget
from tests.factories import FarmerFactory, SurveyRoundFactory

pytestmark = pytest.mark.django_db


def target_ids(survey_round):
    return set(RoundTarget.objects.filter(round=survey_round).values_list("farmer_id", flat=True))


def test_all_partners_means_trm_and_trk_of_every_region(world, open_round):
    farmers = world["farmers"]
    assert target_ids(open_round) == {
        farmers["north_trk"].pk,
        farmers["north_trm"].pk,
        farmers["south_trk"].pk,
    }
    assert open_round.status == RoundStatus.OPEN and open_round.opened_at is not None


def test_a_round_can_ask_one_region_and_one_partner_type(world):
    survey_round = SurveyRoundFactory(season=world["round"].season, name="Hanya utara TRK")
    survey_round.target_regions.set([world["north"]])
    survey_round.target_partner_types = [PartnerType.TRK]
    survey_round.save()
    services.open_round(survey_round=survey_round, by=world["manager"])
    assert target_ids(survey_round) == {world["farmers"]["north_trk"].pk}


def test_a_sample_is_random_sized_and_repeatable(world):
    for _ in range(10):
        FarmerFactory(region=world["north"])
    survey_round = SurveyRoundFactory(season=world["round"].season, sample_size=5)
    services.open_round(survey_round=survey_round, by=world["manager"])
    chosen = target_ids(survey_round)
    assert len(chosen) == 5
    eligible = set(selectors.eligible_farmers(survey_round).values_list("id", flat=True))
    assert chosen <= eligible


def test_a_farmer_outside_a_sample_cannot_answer(world):
    survey_round = SurveyRoundFactory(season=world["round"].season, sample_size=1)
    services.open_round(survey_round=survey_round, by=world["manager"])
    outsider = next(f for f in world["farmers"].values() if f.pk not in target_ids(survey_round))
    with pytest.raises(ValidationError, match="not among|tidak termasuk"):
        services.save_response(
            survey_round=survey_round,
            by=world["manager"],
            farmer=outsider,
            answers={"a01": (3, 3)},
        )


def test_a_partner_who_joined_after_opening_is_added_when_answering(world, open_round):
    newcomer = FarmerFactory(region=world["north"], partner_type=PartnerType.TRM)
    services.save_response(
        survey_round=open_round, by=world["sinder"], farmer=newcomer, answers={"a01": (3, 3)}
    )
    assert newcomer.pk in target_ids(open_round)


def test_a_non_partner_is_not_asked_by_an_all_partners_round(world, open_round):
    with pytest.raises(ValidationError, match="not among|tidak termasuk"):
        services.save_response(
            survey_round=open_round,
            by=world["manager"],
            farmer=world["farmers"]["south_non"],
            answers={"a01": (3, 3)},
        )


def test_progress_is_answered_over_asked_by_region(world, open_round):
    services.save_response(
        survey_round=open_round,
        by=world["sinder"],
        farmer=world["farmers"]["north_trk"],
        answers={"a01": (3, 3)},
    )
    progress = selectors.round_progress(world["manager"], open_round)
    rows = {row["region"]: (row["answered"], row["targeted"]) for row in progress["rows"]}
    assert rows == {"Wilayah Utara": (1, 2), "Wilayah Selatan": (0, 1)}
    assert (progress["answered"], progress["targeted"]) == (1, 3)
    # Field staff see the progress of their own regions only.
    mine = selectors.round_progress(world["sinder"], open_round)
    assert [row["region"] for row in mine["rows"]] == ["Wilayah Utara"]


def test_round_page_shows_progress(client, world, open_round):
    client.force_login(world["manager"])
    page = client.get(reverse("surveys:round-detail", args=[open_round.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="progress"' in html
    assert "Wilayah Utara" in html and "Wilayah Selatan" in html
    assert 'data-testid="answered-count">0 / 3' in html
