"""Each demo role logs in through the real login page and lands on its own home page."""

import pytest

from partners.demo import DEMO_ACCOUNTS, load_demo
from tebu_site.models import Role
from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_every_role_logs_in_on_a_phone_and_sees_its_home(live_server, phone):
    load_demo()
    for account in DEMO_ACCOUNTS:
        log_in(phone, live_server.url, account.username, account.password)
        assert phone.url.rstrip("/") == live_server.url, account.username
        assert phone.locator("html").get_attribute("lang") == "id"
        role_line = phone.get_by_test_id("home-role").inner_text()
        if account.role == Role.FARMER:
            assert "Petani mitra" in role_line
            assert "PG Semboro" in role_line
        else:
            assert phone.get_by_test_id("farmer-count").is_visible()
        screenshot(phone, f"home-{account.username}-phone")
        phone.click("summary")  # open the menu, then log out
        phone.get_by_test_id("logout").click()
        phone.wait_for_load_state("networkidle")
        assert "/accounts/login/" in phone.url


def test_login_page_on_desktop_and_wrong_password_message(live_server, desktop):
    load_demo()
    log_in(desktop, live_server.url, "sinder", "salah-sandi")
    assert "Nama pengguna atau sandi salah" in desktop.content()
    screenshot(desktop, "login-error-desktop")


def test_field_staff_sees_only_their_region_count(live_server, phone):
    load_demo()
    log_in(phone, live_server.url, "sinder", "tebu-sinder-2026")
    # Demo: 20 farmers at PG Semboro split over two regions; the sinder has Wilayah Utara only.
    assert phone.get_by_test_id("farmer-count").inner_text() == "10"
