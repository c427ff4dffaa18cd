"""A farmer's pages stay readable without a signal (issue 15): on a 360 px phone he opens his home,
his DO list and a DO; the signal goes; each page comes back from the service worker's cache with
the time it was saved. He logs out: the caches, the offline queue's IndexedDB and the worker are
gone, and his DO no longer opens offline."""

import datetime as dt
import time
from decimal import Decimal

import pytest
from django.contrib.auth import views as auth_views
from django.utils import timezone, translation
from django.utils.translation import gettext

from tebu_site import offline
from tests.e2e.conftest import screenshot
from tests.e2e.test_registry_flow import log_in
from tests.factories import TEST_PASSWORD, DeliveryOrderFactory, FarmerFactory, farmer_user

pytestmark = pytest.mark.django_db(transaction=True)

CACHED_PAGE_URLS = "caches.keys().then(names => Promise.all(names.map(name => caches.open(name)"
CACHED_PAGE_URLS += ".then(cache => cache.keys())))).then(lists => lists.flat().map(r => r.url))"


def saved_prefix() -> str:
    """The banner's first word in Indonesian, from the catalogue (as the page says it)."""
    with translation.override("id"):
        return gettext("Saved %(saved_at)s WIB").split("%")[0].strip()


def eventually(page, expression: str, seconds: float = 10):
    """The value of ``expression`` once it is empty (or 0), or its last value after ``seconds``:
    the worker may still be finishing its clearing as the login page shows."""
    deadline = time.monotonic() + seconds
    while True:
        value = page.evaluate(expression)
        if not value or time.monotonic() > deadline:
            return value
        time.sleep(0.2)


def wait_for_the_worker(page) -> None:
    """The first page registers the worker; pages are kept only once it controls them."""
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller !== null")


@pytest.mark.parametrize("browser_told_by_server", [True, False], ids=["header", "page-only"])
def test_the_farmers_pages_read_offline_and_are_gone_after_logout(
    live_server, phone, monkeypatch, browser_told_by_server
):
    """Run twice: as served, and without the logout's Clear-Site-Data header, so the page and
    its worker are shown to clear everything on their own too."""
    if not browser_told_by_server:
        monkeypatch.setattr(offline.LogoutView, "post", auth_views.LogoutView.post)
    base = live_server.url
    farmer = FarmerFactory()
    user = farmer_user(farmer)
    now = timezone.now()
    unpaid = DeliveryOrderFactory(
        farmer=farmer,
        payable=Decimal("4142703.00"),
        issued_at=now - dt.timedelta(days=5),
        expected_payment_on=timezone.localdate() + dt.timedelta(days=9),
    )
    DeliveryOrderFactory(payable=Decimal("9000000.00"))  # another farmer's, never his to see

    log_in(phone, base, user.username, TEST_PASSWORD)
    wait_for_the_worker(phone)
    pages = [f"{base}/", f"{base}/me/do/", f"{base}/me/do/{unpaid.pk}/"]
    for url in pages:
        phone.goto(url)
        phone.wait_for_load_state("networkidle")
        assert phone.get_by_test_id("offline-saved").is_hidden()
    kept = phone.evaluate(CACHED_PAGE_URLS)
    assert set(pages) <= set(kept)
    assert not [url for url in kept if "/accounts/" in url or "/admin/" in url]

    phone.context.set_offline(True)
    for url in pages:
        phone.goto(url)
        banner = phone.get_by_test_id("offline-saved")
        banner.wait_for(state="visible")
        assert banner.inner_text().startswith(saved_prefix())
        assert "WIB" in banner.inner_text()
    assert unpaid.number in phone.locator("main").inner_text()
    screenshot(phone, "offline-farmer-do-phone")

    # Back online, he logs out: everything of his on the phone goes before the logout is sent.
    phone.context.set_offline(False)
    phone.goto(f"{base}/")
    phone.click("summary")
    phone.get_by_test_id("logout").click()
    phone.wait_for_url("**/accounts/login/**")
    phone.wait_for_load_state("networkidle")
    assert eventually(phone, "caches.keys()") == []
    assert eventually(phone, "indexedDB.databases().then(list => list.map(db => db.name))") == []
    assert eventually(phone, "navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0

    phone.context.set_offline(True)
    with pytest.raises(Exception, match="ERR_INTERNET_DISCONNECTED|net::"):
        phone.goto(f"{base}/me/do/{unpaid.pk}/")
    phone.wait_for_load_state()
    assert unpaid.number not in phone.locator("body").inner_text()
