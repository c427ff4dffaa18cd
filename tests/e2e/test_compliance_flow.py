"""The compliance ledger in a real browser: a DO left unpaid past the mill's threshold is raised by
the scheduled rule run; the manager sees the event; the farmer, on a cheap phone, finds it in the
compliance record from the menu and answers; the manager sees the answer on the event."""

from datetime import timedelta

import pytest
from django.utils import timezone

from compliance.models import ComplianceEvent, EventStatus
from compliance.tasks import run_compliance_rules
from tebu_site.models import Role
from tests.compliance.factories import issued_do
from tests.e2e.conftest import screenshot
from tests.e2e.test_do_flow import log_in, log_out
from tests.factories import FarmerFactory, RegionFactory, SeasonFactory, UserFactory, farmer_user

pytestmark = pytest.mark.django_db(transaction=True)

ANSWER = "Saya sudah tanya ke kantor tebu, katanya menunggu hasil lelang."


@pytest.fixture
def world(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    north = RegionFactory(name="Wilayah Utara", code="utara")
    mill = north.mill
    SeasonFactory(mill=mill, name="2025/2026", is_current=True)
    UserFactory(username="manajer", role=Role.MANAGER, mills=[mill], first_name="Hendra")
    farmer = FarmerFactory(region=north, name="Buriyanto")
    farmer_user(farmer, username="petani", first_name="Buriyanto")
    # Another farmer's late DO: the farmer must not see its event.
    other = FarmerFactory(region=north, name="Sumarni")
    today = timezone.localdate()
    return {
        "mine": issued_do(farmer, issued_on=today - timedelta(days=30)),
        "theirs": issued_do(other, issued_on=today - timedelta(days=25)),
    }


def test_unpaid_do_event_seen_by_manager_answered_by_farmer(live_server, phone, desktop, world):
    base = live_server.url
    mine, theirs = world["mine"], world["theirs"]
    assert run_compliance_rules.delay().get()["raised"] == 2
    event = ComplianceEvent.objects.get(delivery_order=mine)

    # 1. The manager sees the event the rule raised, with the DO it concerns.
    log_in(desktop, base, "manajer")
    desktop.goto(f"{base}/compliance/")
    cards = desktop.get_by_test_id("event-card")
    assert cards.count() == 2
    desktop.locator(f"a[href='/compliance/{event.pk}/']").click()
    desktop.wait_for_load_state("networkidle")
    assert mine.number in desktop.get_by_test_id("event-summary").inner_text()
    assert "do_unpaid" in desktop.get_by_test_id("status-log").inner_text()
    screenshot(desktop, "compliance-1-manager-event")

    # 2. The farmer, on a phone, sees it counted on the home page, opens it from the menu and
    # answers.
    log_in(phone, base, "petani")
    assert "1" in phone.get_by_test_id("home-compliance-card").locator(".big").inner_text()
    phone.click("summary")
    phone.locator("details.menu a[href='/me/compliance/']").click()
    phone.wait_for_load_state("networkidle")
    my_cards = phone.get_by_test_id("my-event-card")
    assert my_cards.count() == 1
    assert mine.number in my_cards.inner_text() and theirs.number not in phone.content()
    screenshot(phone, "compliance-2-farmer-list-phone")
    my_cards.click()
    phone.wait_for_load_state("networkidle")
    phone.fill("#id_text", ANSWER)
    phone.get_by_test_id("my-answer-submit").click()
    phone.wait_for_load_state("networkidle")
    assert ANSWER in phone.get_by_test_id("answers").inner_text()
    screenshot(phone, "compliance-3-farmer-answered-phone")
    # The farmer's own view has no status actions, and another farmer's event is not found.
    assert phone.get_by_test_id("status-actions").count() == 0
    other = ComplianceEvent.objects.get(delivery_order=theirs)
    response = phone.goto(f"{base}/me/compliance/{other.pk}/")
    assert response.status == 404
    log_out_phone = phone.goto(f"{base}/me/compliance/")
    assert log_out_phone.ok

    # 3. The manager sees the answer on the event.
    desktop.reload()
    desktop.wait_for_load_state("networkidle")
    assert ANSWER in desktop.get_by_test_id("answers").inner_text()
    screenshot(desktop, "compliance-4-manager-sees-answer")
    assert ComplianceEvent.objects.get(pk=event.pk).status == EventStatus.OPEN
    log_out(desktop)
