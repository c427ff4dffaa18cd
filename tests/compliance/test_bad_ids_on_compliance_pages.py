"""Ids typed or crafted into the compliance pages (issue 13): a farmer to preselect, the mill whose
settings are shown, the event type being edited. A bad one reads as none (the page with nothing
preselected, the first mill) or as an unknown one (404), never a 500."""

import pytest
from django.urls import reverse

from compliance.models import EventType

pytestmark = pytest.mark.django_db

BAD_IDS = ["abc", "NaN", "1e999999", "²", "-1", "99999999999999999999999", "\x00"]


@pytest.mark.parametrize("farmer", BAD_IDS)
def test_a_new_event_with_a_bad_farmer_id_opens_with_no_farmer_chosen(hw, client, farmer):
    client.force_login(hw.sinder)
    response = client.get(reverse("compliance:event-create"), {"farmer": farmer})
    assert response.status_code == 200
    assert response.context["form"].fields["farmer"].initial is None


def test_a_new_event_still_preselects_a_farmer_the_user_sees(hw, client):
    client.force_login(hw.sinder)
    response = client.get(reverse("compliance:event-create"), {"farmer": hw.farmer.pk})
    assert response.status_code == 200
    assert response.context["form"].fields["farmer"].initial == hw.farmer


@pytest.mark.parametrize("mill", BAD_IDS)
def test_settings_with_a_bad_mill_id_show_the_first_mill(hw, client, mill):
    client.force_login(hw.manager)
    response = client.get(reverse("compliance:settings"), {"mill": mill})
    assert response.status_code == 200
    assert response.context["mill"] == hw.mill


@pytest.mark.parametrize("type_id", BAD_IDS)
def test_editing_an_event_type_with_a_bad_id_is_not_found_and_creates_nothing(hw, client, type_id):
    client.force_login(hw.manager)
    client.get(reverse("compliance:settings"))  # seeds the mill's default types
    before = EventType.objects.count()
    response = client.post(
        reverse("compliance:settings"),
        {"form": "type", "mill": hw.mill.pk, "type": type_id, "name": "X", "party": "mill"},
    )
    assert response.status_code == 404
    assert EventType.objects.count() == before
    assert not EventType.objects.filter(name="X").exists()


def test_a_bad_mill_id_in_a_post_falls_back_to_the_first_mill(hw, client):
    client.force_login(hw.manager)
    response = client.post(
        reverse("compliance:settings"),
        {"form": "type", "mill": "abc", "name": "Bibit tidak murni", "party": "farmer"},
    )
    assert response.status_code in (200, 302)
    assert EventType.objects.filter(mill=hw.mill, name="Bibit tidak murni").exists()
