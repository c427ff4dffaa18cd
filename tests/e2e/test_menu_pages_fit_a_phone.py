"""Every page in each role's menu opens and fits a 360 px phone, on the full demo data.

Farmers and field staff use cheap phones: a page wider than the screen hides columns and buttons
behind a sideways scroll that many never find. Tables may scroll inside their own box
(.table-wrap); the page itself must not.
"""

import pytest
from django.core.management import call_command
from django.urls import reverse

from partners.demo import DEMO_ACCOUNTS
from tebu_site.navigation import MENU

pytestmark = pytest.mark.django_db(transaction=True)

PHONE_WIDTH = 360
# The Makefile's `run` target, in its order: each loader builds on the previous ones.
DEMO_LOADERS = (
    "load_demo",
    "load_demo_harvest",
    "load_demo_credit",
    "load_demo_farms",
    "load_demo_surveys",
    "load_demo_complaints",
    "load_demo_compliance",
)
ROLES_ON_PHONES = ("petani", "sinder", "kredit", "manajer")
SKIPPED_URL_NAMES = {"admin:index", "api-docs"}  # Django's admin and Swagger are desktop tools


def log_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_every_menu_page_of_the_phone_roles_fits_the_screen(live_server, phone):
    for loader in DEMO_LOADERS:
        call_command(loader, verbosity=0)
    accounts = {account.username: account for account in DEMO_ACCOUNTS}
    too_wide, failed = [], []
    for username in ROLES_ON_PHONES:
        account = accounts[username]
        log_in(phone, live_server.url, account.username, account.password)
        for item in MENU[account.role]:
            if item.url_name in SKIPPED_URL_NAMES:
                continue
            path = reverse(item.url_name)
            response = phone.goto(f"{live_server.url}{path}")
            phone.wait_for_load_state("networkidle")
            if response.status != 200:
                failed.append((username, path, response.status))
                continue
            width = phone.evaluate("document.documentElement.scrollWidth")
            if width > PHONE_WIDTH:
                too_wide.append((username, path, width))
        phone.context.clear_cookies()

    assert failed == []
    assert too_wide == []
