"""Every page in each role's menu opens, fits a 360 px phone and passes axe, on the full demo data.

Farmers and field staff use cheap phones: a page wider than the screen hides columns and buttons
behind a sideways scroll that many never find. Tables may scroll inside their own box
(.table-wrap); the page itself must not.

Accessibility (issue 14): axe-core checks each page, the role's home included, against WCAG 2.1
A and AA; a "serious" or "critical" violation fails. One test does both checks, because loading
the demo data takes minutes and is done once.

Tap targets (issue 14): every button, field, summary and standalone link on each page is at least
44 x 44 CSS px, as WCAG 2.5.5 (AAA) counts them (tests/e2e/tap_targets.py): a thumb on a cheap
phone misses anything smaller.
"""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from partners.demo import DEMO_ACCOUNTS
from tebu_site.navigation import MENU
from tests.e2e.tap_targets import MIN_TARGET, small_tap_targets

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

# axe-core is a test tool, vendored beside the tests rather than in static/vendor/: outside
# STATICFILES_DIRS it is never collected, so no page can serve it, and the browser reads it
# from the repository, not from the app.
AXE_JS = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
AXE_RUN = """() => axe.run(document, {
    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    resultTypes: ["violations"],
}).then(results => results.violations.map(v => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.map(node => node.target.join(" ")),
})))"""
BLOCKING_IMPACTS = {"serious", "critical"}
TARGETS_SHOWN = 3


def log_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def menu_paths(role: str) -> list[str]:
    """The role's home ("/" after login) and every menu page, each once."""
    paths = ["/"] + [
        reverse(item.url_name) for item in MENU[role] if item.url_name not in SKIPPED_URL_NAMES
    ]
    return list(dict.fromkeys(paths))


def axe_violations(page, username: str, path: str) -> list[str]:
    """The page's serious and critical WCAG violations, each a line a developer can act on."""
    page.add_script_tag(path=str(AXE_JS))
    return [
        f"{violation['id']} ({violation['impact']}) on {username} {path}: {violation['help']}; "
        f"{len(violation['targets'])} node(s), e.g. {violation['targets'][:TARGETS_SHOWN]}"
        for violation in page.evaluate(AXE_RUN)
        if violation["impact"] in BLOCKING_IMPACTS
    ]


def test_every_menu_page_of_the_phone_roles_fits_the_screen_and_passes_axe(live_server, phone):
    """Each page opens, fits the phone, passes axe and has only full-size tap targets."""
    for loader in DEMO_LOADERS:
        call_command(loader, verbosity=0)
    accounts = {account.username: account for account in DEMO_ACCOUNTS}
    too_wide, failed, inaccessible, too_small = [], [], [], []
    for username in ROLES_ON_PHONES:
        account = accounts[username]
        log_in(phone, live_server.url, account.username, account.password)
        for path in menu_paths(account.role):
            response = phone.goto(f"{live_server.url}{path}")
            phone.wait_for_load_state("networkidle")
            if response.status != 200:
                failed.append((username, path, response.status))
                continue
            width = phone.evaluate("document.documentElement.scrollWidth")
            if width > PHONE_WIDTH:
                too_wide.append((username, path, width))
            too_small.extend(
                (username, path, target, size) for target, size in small_tap_targets(phone)
            )
            inaccessible.extend(axe_violations(phone, username, path))
        phone.context.clear_cookies()

    assert failed == []
    assert too_wide == []
    assert inaccessible == [], "axe found serious or critical violations:\n" + "\n".join(
        inaccessible
    )
    assert too_small == [], (
        f"tap targets under {MIN_TARGET} x {MIN_TARGET} CSS px (WCAG 2.5.5); give them "
        'min-height/padding in static/css/tebu.css, or class="tap" for a link on a line of its '
        "own:\n"
        + "\n".join(f"{role} {path}: {target} is {size}" for role, path, target, size in too_small)
    )
