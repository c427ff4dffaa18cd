"""A farmer's pages are kept per session and drawn again as soon as something of his changes
(tebu_site.farmer_pages, issue 18): fast when nothing changed, never stale money."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.contrib import messages
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from harvest.models import DeliveryOrder, HarvestPolicy, PaymentMethod
from harvest.services import late_payment
from harvest.services.delivery_orders import issue_do, record_payment
from notices.models import Notice
from notices.services import mark_read
from tebu_site.farmer_pages import VERSION_KEY, farmer_pages_changed
from tests.factories import FarmerFactory, farmer_user
from tests.harvest.helpers import deliver, settled

pytestmark = pytest.mark.django_db


def _issued(hw, net_kg="90000"):
    return issue_do(do=settled(hw, [deliver(hw, net_kg=D(net_kg), rendemen=D("7"))]), by=hw.manager)


def _get(client, path) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def _farmer_client(farmer) -> Client:
    """Logged in, with the CSRF cookie his first page sets (it is part of the key)."""
    client = Client()
    client.force_login(farmer_user(farmer))
    client.get(reverse("home"))
    return client


@pytest.mark.parametrize("page", ["home", "my-dos", "my-do", "api-list", "api-detail"])
def test_a_page_opened_again_is_given_back_without_drawing_it(hw, page):
    order = _issued(hw)
    path = {
        "home": reverse("home"),
        "my-dos": reverse("my-dos"),
        "my-do": reverse("my-do", args=[order.pk]),
        "api-list": "/api/delivery-orders/",
        "api-detail": f"/api/delivery-orders/{order.pk}/",
    }[page]
    client = _farmer_client(hw.farmer)

    drawn, first = _get(client, path)
    kept, again = _get(client, path)

    assert again == first
    assert (order.number if page.startswith("api") else f"/me/do/{order.pk}/") in again
    # Only what decides whether he may see it at all: his session and his login.
    assert kept <= 2 < drawn


def test_a_payment_recorded_shows_at_once(hw):
    order = _issued(hw)
    client = _farmer_client(hw.farmer)
    path = reverse("my-do", args=[order.pk])
    _count, before = _get(client, path)
    _get(client, path)  # now kept

    record_payment(
        do=order,
        by=hw.manager,
        paid_on=timezone.localdate(),
        amount=order.payable,
        method=PaymentMethod.TRANSFER,
    )

    _count, after = _get(client, path)
    assert after != before
    assert DeliveryOrder.objects.get(pk=order.pk).paid_at is not None
    drawn_list, listed = _get(client, reverse("my-dos"))
    assert 'data-testid="do-card"' in listed


def test_a_new_do_shows_at_once_in_his_list_and_api(hw):
    client = _farmer_client(hw.farmer)
    first = _issued(hw)
    for path in (reverse("my-dos"), "/api/delivery-orders/"):
        _get(client, path)
        _get(client, path)

    second = _issued(hw, net_kg="50000")

    _count, page = _get(client, reverse("my-dos"))
    assert f"/me/do/{first.pk}/" in page and f"/me/do/{second.pk}/" in page
    _count, page = _get(client, "/api/delivery-orders/")
    assert first.number in page and second.number in page


def test_a_late_payment_counted_in_bulk_shows_at_once(hw):
    """The nightly recount writes with bulk_update, which sends no signal."""
    HarvestPolicy.objects.filter(mill=hw.mill).update(late_payment_rate_percent=D("12"))
    order = _issued(hw)
    DeliveryOrder.objects.filter(pk=order.pk).update(
        expected_payment_on=timezone.localdate() - timedelta(days=40)
    )
    farmer_pages_changed([hw.farmer.pk])  # the test's own update() above sends no signal either
    client = _farmer_client(hw.farmer)
    path = reverse("my-do", args=[order.pk])
    _get(client, path)
    kept, before = _get(client, path)
    assert kept <= 2

    assert late_payment.refresh_unpaid(mill_id=hw.mill.pk) == 1

    drawn, after = _get(client, path)
    assert drawn > 2
    assert after != before


def test_notices_read_in_bulk_clear_the_bell_at_once(hw):
    client = _farmer_client(hw.farmer)
    Notice.objects.create(
        farmer=hw.farmer,
        mill=hw.mill,
        channel="portal",
        event="do_issued",
        subject="DO terbit",
        body="DO terbit",
    )
    _get(client, reverse("home"))
    kept, before = _get(client, reverse("home"))
    assert kept <= 2

    assert mark_read(farmer_user(hw.farmer)) == 1

    drawn, after = _get(client, reverse("home"))
    assert drawn > 2 and after != before


def test_never_shared_between_farmers_or_phones(hw):
    order = _issued(hw)
    phone = _farmer_client(hw.farmer)
    _get(phone, reverse("my-dos"))
    _get(phone, reverse("my-dos"))

    other_phone = _farmer_client(hw.farmer)
    drawn, page = _get(other_phone, reverse("my-dos"))
    assert drawn > 2 and f"/me/do/{order.pk}/" in page

    neighbour = _farmer_client(FarmerFactory(mill=hw.mill, region=hw.north))
    _get(neighbour, reverse("my-dos"))
    _count, theirs = _get(neighbour, reverse("my-dos"))
    assert f"/me/do/{order.pk}/" not in theirs


def test_each_language_is_its_own_page(hw):
    client = _farmer_client(hw.farmer)
    _count, indonesian = _get(client, reverse("my-dos"))
    client.cookies["django_language"] = "en"
    _count, english = _get(client, reverse("my-dos"))
    assert 'lang="id"' in indonesian and 'lang="en"' in english


def test_a_message_waiting_is_shown_once_not_kept(hw, rf):
    client = _farmer_client(hw.farmer)
    _get(client, reverse("home"))
    _get(client, reverse("home"))
    # As a page that saved something leaves it for the next one: in the messages cookie.
    storage = CookieStorage(rf.get("/"))
    client.cookies["messages"] = storage._encode([Message(messages.SUCCESS, "Sandi sudah diganti")])

    _count, shown = _get(client, reverse("home"))
    _count, later = _get(client, reverse("home"))

    assert "Sandi sudah diganti" in shown
    assert "Sandi sudah diganti" not in later


def test_staff_pages_are_never_kept(hw, client):
    client.force_login(hw.manager)
    _get(client, reverse("home"))  # the first of a login reads more (his first visit)
    first, _page = _get(client, reverse("home"))
    again, _page = _get(client, reverse("home"))
    assert again > 2 and again == first


def test_the_version_is_replaced_again_once_the_write_commits(
    hw, django_capture_on_commit_callbacks
):
    """A page another request drew before the commit (the rows as they were) must not be kept."""
    key = VERSION_KEY.format(hw.farmer.pk)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        farmer_pages_changed([hw.farmer.pk])
        during = cache.get(key)
    assert len(callbacks) == 1
    assert during is not None and cache.get(key) not in (None, during)


def test_a_page_kept_yesterday_is_drawn_again_today(hw, monkeypatch):
    """What counts days (overdue, "paid in N days") turns at midnight."""
    from tebu_site import farmer_pages

    order = _issued(hw)
    client = _farmer_client(hw.farmer)
    path = reverse("my-do", args=[order.pk])
    _get(client, path)
    kept, _page = _get(client, path)
    assert kept <= 2

    tomorrow = timezone.localdate() + timedelta(days=1)
    monkeypatch.setattr(farmer_pages.timezone, "localdate", lambda *args: tomorrow)

    drawn, _page = _get(client, path)
    assert drawn > 2
