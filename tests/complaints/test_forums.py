"""Forums (FTK, FTKW): recorded by staff, read by the farmers of the region, with action items
flagged when overdue."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from rest_framework.test import APIClient

from complaints import selectors, services
from complaints.models import ForumKind
from tests.complaints.factories import ActionItemFactory, ForumFactory, mill_world
from tests.factories import FarmerFactory, farmer_user

pytestmark = pytest.mark.django_db


def _client(user):
    client = APIClient()
    client.force_login(user)
    return client


def test_overdue_action_items_are_flagged(world):
    forum = ForumFactory(region=world.north, mill=world.mill)
    today = timezone.localdate()
    late = ActionItemFactory(forum=forum, owner=world.qc, due_on=today - dt.timedelta(days=1))
    ActionItemFactory(forum=forum, owner=world.qc, due_on=today)  # due today: not yet overdue
    done = ActionItemFactory(
        forum=forum, owner=world.qc, due_on=today - dt.timedelta(days=5), done=True, done_on=today
    )
    assert late.is_overdue(today) and not done.is_overdue(today)
    row = selectors.forum_list(world.cane_manager, today=today).get()
    assert (row.item_count, row.open_count, row.overdue_count) == (3, 2, 1)
    page = _client(world.cane_manager).get("/forums/").content.decode()
    assert page.count('data-testid="forum-overdue"') == 1
    assert late.description in page  # listed among the overdue items
    detail = _client(world.cane_manager).get(f"/forums/{forum.pk}/").content.decode()
    assert detail.count('data-testid="item-overdue"') == 1
    api = _client(world.cane_manager).get("/api/complaints/action-items/").json()["results"]
    assert [row["overdue"] for row in api] == [False, True, False] or sorted(
        r["overdue"] for r in api
    ) == [False, False, True]


def test_marking_done_records_the_day(world):
    item = ActionItemFactory(
        forum=ForumFactory(region=world.north, mill=world.mill), owner=world.qc
    )
    services.update_action_item(item=item, by=world.kkw_north, changes={"done": True})
    item.refresh_from_db()
    assert item.done and item.done_on == timezone.localdate()
    latest = item.history.latest()
    assert latest.done and latest.history_user == world.kkw_north


def test_farmers_read_their_regions_forums_only(world):
    mine = ForumFactory(region=world.north, mill=world.mill, minutes="Notulen utara")
    mill_wide = ForumFactory(region=None, mill=world.mill, kind=ForumKind.FTK)
    theirs = ForumFactory(region=world.south, mill=world.mill, minutes="Notulen selatan")
    other_mill = mill_world("Djatiroto")
    elsewhere = ForumFactory(region=other_mill.north, mill=other_mill.mill)
    client = _client(world.farmer_login)
    assert set(selectors.forums_visible_to(world.farmer_login)) == {mine, mill_wide}
    assert "Notulen utara" in client.get(f"/forums/{mine.pk}/").content.decode()
    for forum in (theirs, elsewhere):
        assert client.get(f"/forums/{forum.pk}/").status_code == 404
        assert client.get(f"/api/complaints/forums/{forum.pk}/").status_code == 404
    ids = {row["id"] for row in client.get("/api/complaints/forums/").json()["results"]}
    assert ids == {mine.pk, mill_wide.pk}
    assert client.post("/api/complaints/forums/", {}, format="json").status_code == 403


def test_field_staff_see_their_regions_and_the_mill_wide_forums(world):
    north = ForumFactory(region=world.north, mill=world.mill)
    south = ForumFactory(region=world.south, mill=world.mill)
    ftk = ForumFactory(region=None, mill=world.mill, kind=ForumKind.FTK)
    assert set(selectors.forums_visible_to(world.kkw_north)) == {north, ftk}
    assert set(selectors.forums_visible_to(world.cane_manager)) == {north, south, ftk}


def test_create_and_update_a_forum_with_attendees(world):
    forum = services.create_forum(
        by=world.kkw_north,
        mill=world.mill,
        data={"kind": "ftkw", "region": world.north, "held_on": timezone.localdate()},
        staff_attendees=[world.kkw_north, world.qc],
        farmer_attendees=[world.farmer],
    )
    services.update_forum(forum=forum, by=world.kkw_north, data={"minutes": "Disepakati"})
    forum.refresh_from_db()
    assert forum.minutes == "Disepakati"
    assert set(forum.staff_attendees.all()) == {world.kkw_north, world.qc}
    assert forum.history.count() == 2


@pytest.mark.usefixtures("english")
def test_forum_validation_errors_are_clear(world):
    with pytest.raises(ValidationError) as error:
        services.create_forum(
            by=world.cane_manager,
            mill=world.mill,
            data={"kind": "ftkw", "region": None, "held_on": None},
        )
    assert error.value.message_dict == {
        "region": ["A regional forum (FTKW) needs its region."],
        "held_on": ["Enter the date of the forum."],
    }
    with pytest.raises(ValidationError) as error:
        services.create_forum(
            by=world.kkw_north,
            mill=world.mill,
            data={"kind": "ftkw", "region": world.south, "held_on": timezone.localdate()},
        )
    assert error.value.message_dict == {"region": ["This region is outside your regions."]}
    stranger = FarmerFactory(region=world.south)
    with pytest.raises(ValidationError) as error:
        services.create_forum(
            by=world.cane_manager,
            mill=world.mill,
            data={"kind": "ftkw", "region": world.north, "held_on": timezone.localdate()},
            farmer_attendees=[stranger],
        )
    assert "farmer_attendees" in error.value.message_dict
    forum = ForumFactory(region=world.north, mill=world.mill)
    with pytest.raises(ValidationError) as error:
        services.add_action_item(
            forum=forum, by=world.cane_manager, description="", owner=None, due_on=None
        )
    assert set(error.value.message_dict) == {"description", "owner", "due_on"}


def test_farmers_and_qc_cannot_record_forums(world):
    for user in (world.farmer_login, world.qc):
        with pytest.raises(PermissionDenied):
            services.create_forum(
                by=user, mill=world.mill, data={"kind": "ftk", "held_on": timezone.localdate()}
            )


def test_forum_api_create_and_patch(world):
    client = _client(world.cane_manager)
    created = client.post(
        "/api/complaints/forums/",
        {
            "mill": world.mill.pk,
            "kind": "ftk",
            "held_on": "2026-07-01",
            "minutes": "FTK pertama",
            "staff_attendees": [world.qc.pk],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    patched = client.patch(f"/api/complaints/forums/{pk}/", {"place": "Aula PG"}, format="json")
    assert patched.status_code == 200, patched.content
    item = client.post(
        "/api/complaints/action-items/",
        {
            "forum": pk,
            "description": "Papan rendemen",
            "owner": world.qc.pk,
            "due_on": "2026-07-15",
        },
        format="json",
    )
    assert item.status_code == 201, item.content
    done = client.patch(
        f"/api/complaints/action-items/{item.json()['id']}/", {"done": True}, format="json"
    )
    assert done.status_code == 200 and done.json()["done_on"] is not None


def test_forum_pages_for_staff(world):
    client = _client(world.kkw_north)
    response = client.post(
        "/forums/new/",
        {
            "mill": world.mill.pk,
            "kind": "ftkw",
            "region": world.north.pk,
            "held_on": "2026-07-01",
            "minutes": "FTKW utara",
            "staff_attendees": [world.kkw_north.pk],
            "farmer_attendees": [world.farmer.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    forum_url = response["Location"]
    pk = int(forum_url.rstrip("/").rsplit("/", 1)[-1])
    added = client.post(
        f"/forums/{pk}/items/",
        {"description": "Cek timbangan", "owner": world.qc.pk, "due_on": "2026-07-10"},
    )
    assert added.status_code == 302
    page = client.get(forum_url).content.decode()
    assert "Cek timbangan" in page and "FTKW utara" in page


def test_farmer_of_region_reads_forum_in_portal(world):
    farmer_user(FarmerFactory(region=world.south))
    forum = ForumFactory(region=world.north, mill=world.mill)
    page = _client(world.farmer_login).get("/forums/").content.decode()
    assert f"/forums/{forum.pk}/" in page
