"""Farmers present at a forum are named to staff through the same scope as every other farmer
reference: a field officer reading a mill-wide forum (FTK) sees the names and ids of their own
region's farmers only, on the page and in the API, and may list only farmers they can see."""

import pytest
from rest_framework.test import APIClient

from complaints.models import ForumKind
from tests.complaints.factories import ForumFactory
from tests.factories import FarmerFactory

pytestmark = pytest.mark.django_db


def _client(user):
    client = APIClient()
    client.force_login(user)
    return client


@pytest.fixture
def ftk(world):
    """A mill-wide forum attended by a farmer of each region."""
    forum = ForumFactory(region=None, mill=world.mill, kind=ForumKind.FTK)
    south_farmer = FarmerFactory(region=world.south, name="Sumarni Selatan")
    forum.farmer_attendees.set([world.farmer, south_farmer])
    return forum, south_farmer


def test_field_officer_sees_only_their_regions_attendees_on_the_page(world, ftk):
    forum, south_farmer = ftk

    page = _client(world.kkw_north).get(f"/forums/{forum.pk}/").content.decode()

    assert "Buriyanto" in page
    assert south_farmer.name not in page
    assert "1 dari wilayah lain" in page or "1 from other regions" in page


def test_field_officer_sees_only_their_regions_attendee_ids_in_the_api(world, ftk):
    forum, south_farmer = ftk
    client = _client(world.kkw_north)

    detail = client.get(f"/api/complaints/forums/{forum.pk}/").json()
    listed = client.get("/api/complaints/forums/").json()["results"]

    assert detail["farmer_attendees"] == [world.farmer.pk]
    assert [row["farmer_attendees"] for row in listed if row["id"] == forum.pk] == [
        [world.farmer.pk]
    ]


def test_manager_sees_every_attendee_of_the_mill(world, ftk):
    forum, south_farmer = ftk
    client = _client(world.cane_manager)

    detail = client.get(f"/api/complaints/forums/{forum.pk}/").json()
    page = client.get(f"/forums/{forum.pk}/").content.decode()

    assert sorted(detail["farmer_attendees"]) == sorted([world.farmer.pk, south_farmer.pk])
    assert "Buriyanto" in page and south_farmer.name in page


def test_api_refuses_an_attendee_the_officer_cannot_see(world):
    north_forum = ForumFactory(region=world.north, mill=world.mill)
    stranger = FarmerFactory(region=world.south)

    response = _client(world.kkw_north).patch(
        f"/api/complaints/forums/{north_forum.pk}/",
        {"farmer_attendees": [stranger.pk]},
        format="json",
    )

    assert response.status_code == 400
    assert "farmer_attendees" in response.json()["errors"]
    assert not north_forum.farmer_attendees.exists()


def test_an_officer_editing_attendees_keeps_the_ones_they_cannot_see(world):
    """A farmer who attended the north forum has since moved south: the north officer no longer
    sees him, and setting the attendees they do see leaves his attendance as recorded."""
    forum = ForumFactory(region=world.north, mill=world.mill)
    moved = FarmerFactory(region=world.north, name="Pindah Selatan")
    forum.farmer_attendees.set([moved])
    moved.region = world.south
    moved.save()
    client = _client(world.kkw_north)

    response = client.patch(
        f"/api/complaints/forums/{forum.pk}/",
        {"farmer_attendees": [world.farmer.pk], "minutes": "Disepakati"},
        format="json",
    )

    assert response.status_code == 200, response.content
    assert response.json()["farmer_attendees"] == [world.farmer.pk]
    assert set(forum.farmer_attendees.all()) == {world.farmer, moved}
