"""The staff pages' mill-wide figures and filter choices are kept per scope a short while
(tebu_site.scope_figures, issue 18): shared by everyone of the same scope and no one else, never
more than STAFF_FIGURES_SECONDS (at most a minute) behind a change, and a filtered form is never
given back in place of another."""

import time
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from compliance.home_cards import staff_events_card
from compliance.models import EventStatus
from partners.selectors import staff_overview
from tebu_site import scope_figures
from tebu_site.models import Role
from tests.compliance.factories import ComplianceEventFactory
from tests.factories import FarmerFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db

KEPT = 30


@pytest.fixture(autouse=True)
def kept_figures():
    cache.clear()
    with override_settings(STAFF_FIGURES_SECONDS=KEPT):
        yield
    cache.clear()


@pytest.fixture
def clock():
    """The figures' clock, moved by hand."""
    now = [1_000_000.0]
    with mock.patch.object(scope_figures, "_now", lambda: now[0]):
        yield now


def open_count(client, user) -> int:
    client.force_login(user)
    response = client.get(reverse("compliance:event-list"))
    assert response.status_code == 200
    return response.context["open_count"]


def test_a_change_shows_once_the_kept_figure_is_older_than_the_setting(hw, client, clock):
    ComplianceEventFactory.create_batch(3, farmer=hw.farmer)
    assert open_count(client, hw.manager) == 3

    ComplianceEventFactory.create_batch(2, farmer=hw.south_farmer)
    clock[0] += KEPT - 1
    assert open_count(client, hw.manager) == 3  # kept: within the window
    clock[0] += 1
    assert open_count(client, hw.manager) == 5  # the window is the bound, not the cache's word


def test_a_manager_of_the_same_mill_shares_the_figure_and_another_mill_does_not(hw, client, clock):
    ComplianceEventFactory.create_batch(4, farmer=hw.farmer)
    ComplianceEventFactory.create_batch(1, farmer=hw.other_farmer)
    assert staff_events_card(hw.manager).context["open"] == 4

    ComplianceEventFactory.create_batch(2, farmer=hw.farmer)
    colleague = UserFactory(role=Role.MANAGER, mills=[hw.mill])
    other_manager = UserFactory(role=Role.MANAGER, mills=[hw.other_mill])

    assert staff_events_card(colleague).context["open"] == 4  # the same scope: the kept figure
    assert staff_events_card(other_manager).context["open"] == 1  # its own mill, counted now


def test_field_staff_of_another_region_get_their_own_figures(hw):
    FarmerFactory.create_batch(2, region=hw.north)
    FarmerFactory.create_batch(3, region=hw.south)
    south_sinder = UserFactory(role=Role.FIELD_STAFF, mills=[hw.mill], regions=[hw.south])

    north = staff_overview(hw.sinder)["farmer_count"]
    south = staff_overview(south_sinder)["farmer_count"]

    assert (north, south) == (3, 4)  # each with the world's farmer of his region
    assert staff_overview(hw.manager)["farmer_count"] == 7


def test_a_farmers_figures_are_his_own_and_never_kept(hw, clock):
    farmer = UserFactory(role=Role.FARMER)
    assert scope_figures.scope_key(farmer) is None
    answers = iter([1, 2])
    assert scope_figures.scope_figures(farmer, "probe", lambda: next(answers)) == 1
    assert scope_figures.scope_figures(farmer, "probe", lambda: next(answers)) == 2


def test_the_filter_choices_of_one_mill_are_not_shown_to_another(hw, client):
    RegionFactory(mill=hw.other_mill, name="Wilayah Rahasia")
    other_manager = UserFactory(role=Role.MANAGER, mills=[hw.other_mill])
    client.force_login(other_manager)
    assert "Wilayah Rahasia" in client.get(reverse("compliance:event-list")).content.decode()

    client.force_login(hw.manager)
    page = client.get(reverse("compliance:event-list")).content.decode()

    assert "Wilayah Rahasia" not in page
    assert "Wilayah Utara" in page and "Wilayah Selatan" in page


def test_a_filtered_form_is_kept_apart_from_the_unfiltered_one(hw, client):
    ComplianceEventFactory(farmer=hw.farmer, status=EventStatus.CONFIRMED)
    client.force_login(hw.manager)
    url = reverse("compliance:event-list")
    client.get(url)  # the unfiltered form is kept first

    page = client.get(url, {"region": hw.south.pk}).content.decode()

    assert f'<option value="{hw.south.pk}" selected>' in page
    unfiltered = client.get(url).content.decode()
    assert f'<option value="{hw.south.pk}" selected>' not in unfiltered


def test_a_new_region_appears_in_the_choices_after_the_window(hw, client):
    client.force_login(hw.manager)
    url = reverse("compliance:event-list")
    client.get(url)
    RegionFactory(mill=hw.mill, name="Wilayah Baru")
    assert "Wilayah Baru" not in client.get(url).content.decode()

    # The rendered choices expire with the cache's timeout, the same setting: move its clock.
    later = time.time() + KEPT
    with mock.patch("django.core.cache.backends.locmem.time.time", return_value=later):
        assert "Wilayah Baru" in client.get(url).content.decode()
