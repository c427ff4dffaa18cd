"""The weighbridge takes the SPTA's short number (issue 14: "000043" was refused; issue 15: the
number the farmer's SMS gives): the serial, with or without zeros, within the current season of
the clerk's mill; the slip prints it large."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from harvest.models import Weighing
from harvest.selectors import spta_at_weighbridge
from tests.harvest.helpers import local, spta_today

pytestmark = pytest.mark.django_db

D = Decimal


def test_the_short_number_is_the_serial_and_finds_the_spta(hw):
    first, second = spta_today(hw), spta_today(hw)
    assert first.number.endswith("/000001") and first.short_number == "1"
    assert second.short_number == "2"
    for typed in ("2", "02", "000002", second.number):
        assert spta_at_weighbridge(hw.clerk, typed) == (second, "")
    spta, problem = spta_at_weighbridge(hw.clerk, "77")
    assert spta is None and problem


def test_another_mills_clerk_does_not_find_it_by_its_short_number(hw):
    spta_today(hw)
    spta, problem = spta_at_weighbridge(hw.other_sinder, "1")
    assert spta is None and problem


def test_the_clerk_weighs_a_load_by_its_short_number(hw, client):
    spta = spta_today(hw)
    client.force_login(hw.clerk)
    now = timezone.now()
    response = client.post(
        reverse("weighing-entry"),
        {
            "spta_number": "0001",
            "gross_kg": "15000",
            "tare_kg": "7000",
            "trash_percent": "0",
            "cut_at": local(now - timedelta(hours=5)),
            "arrived_at": local(now - timedelta(hours=1)),
        },
    )
    assert response.status_code == 302
    assert Weighing.objects.get().spta == spta


def test_the_slip_prints_the_short_number(hw, client):
    spta = spta_today(hw)
    client.force_login(hw.manager)
    page = client.get(reverse("spta-detail", args=[spta.pk])).content.decode()
    assert 'data-testid="spta-short-number">1<' in page


def test_an_unknown_spta_and_wrong_weights_are_told_together(hw, client):
    """Issue 14: only one error showed at a time; the clerk fixed one and met the next."""
    client.force_login(hw.clerk)
    now = timezone.now()
    response = client.post(
        reverse("weighing-entry"),
        {
            "spta_number": "999",
            "gross_kg": "7000",
            "tare_kg": "15000",
            "trash_percent": "0",
            "cut_at": local(now - timedelta(hours=5)),
            "arrived_at": local(now - timedelta(hours=1)),
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "spta_number" in errors and "tare_kg" in errors
    assert not Weighing.objects.exists()
