"""Field entry without a signal (issue 15), on a 360 px phone whose browser keeps its storage on
disk: the forms opened earlier open again offline, an interview and a weighing entered offline
wait in IndexedDB with "2 waiting to send" in the header, survive a reload and a browser restart,
and arrive on the server exactly once each when the signal is back. A load the server refuses
stays on the phone with the server's message until it is fixed and sent again."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from harvest.models import Weighing
from surveys import services as survey_services
from surveys.models import SurveyResponse
from tebu_site.models import ClientSubmission
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, screenshot
from tests.e2e.test_do_flow import local, log_in
from tests.factories import SurveyRoundFactory
from tests.harvest.conftest import hw  # noqa: F401 (the harvest world, as a fixture)
from tests.harvest.helpers import spta_today
from tests.partners.conftest import _fast_password_hashing, world  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def waiting_text(count: int) -> str:
    with translation.override("id"):
        return gettext("%(count)s waiting to send") % {"count": count}


@pytest.fixture
def phone_on_disk(browser, tmp_path, request):
    """A phone whose browser profile lives in a folder, so closing it and opening it again is a
    browser restart with the same IndexedDB, caches and service worker."""
    profile = tmp_path / "profile"

    def start():
        context = browser.browser_type.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 360, "height": 740},
            device_scale_factor=1,
        )
        request.addfinalizer(context.close)
        return context

    return start


def fill_the_weighing(page, spta_number: str) -> None:
    now = timezone.now()
    page.fill("#id_spta_number", spta_number)
    page.fill("#id_gross_kg", "15000")
    page.fill("#id_tare_kg", "7000")
    page.fill("#id_cut_at", local(now - timedelta(hours=5)))
    page.fill("#id_arrived_at", local(now - timedelta(hours=1)))


def test_an_interview_and_a_weighing_entered_offline_arrive_once(
    live_server,
    phone_on_disk,
    hw,  # noqa: F811
):
    base = live_server.url
    spta = spta_today(hw)
    survey_round = survey_services.open_round(
        survey_round=SurveyRoundFactory(season=hw.season), by=hw.manager
    )
    interview_url = f"{base}/surveys/rounds/{survey_round.pk}/farmers/{hw.farmer.pk}/"
    weighbridge_url = f"{base}/harvest/weighbridge/"

    # With a signal, the manager (who may weigh and interview) opens both forms once.
    context = phone_on_disk()
    phone = context.pages[0] if context.pages else context.new_page()
    log_in(phone, base, hw.manager.username)
    phone.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller")
    for url in (interview_url, weighbridge_url):
        phone.goto(url)
        phone.wait_for_load_state("networkidle")

    # The signal goes: both forms open from the phone and their entries wait there.
    context.set_offline(True)
    phone.goto(interview_url)
    expect(phone.get_by_test_id("offline-saved")).to_be_visible()
    phone.click('label.likert-option:has(input[name="imp_a01"][value="4"])')
    phone.click('label.likert-option:has(input[name="perf_a01"][value="5"])')
    phone.get_by_test_id("save-answers").click()
    expect(phone.get_by_test_id("offline-count")).to_have_text(waiting_text(1))
    expect(phone.get_by_test_id("draft-notice")).to_be_visible()

    phone.goto(weighbridge_url)
    fill_the_weighing(phone, spta.number)
    phone.get_by_test_id("weighing-submit").click()
    expect(phone.get_by_test_id("offline-count")).to_have_text(waiting_text(2))
    expect(phone.get_by_test_id("offline-notice")).to_be_visible()
    screenshot(phone, "offline-two-waiting-phone")

    phone.reload()
    expect(phone.get_by_test_id("offline-count")).to_have_text(waiting_text(2))
    assert not SurveyResponse.objects.exists() and not Weighing.objects.exists()

    # The phone is switched off and on: the browser starts again on the same profile, still
    # without a signal, and the entries are still waiting.
    context.close()
    context = phone_on_disk()
    context.set_offline(True)
    phone = context.pages[0] if context.pages else context.new_page()
    phone.goto(weighbridge_url)
    expect(phone.get_by_test_id("offline-count")).to_have_text(waiting_text(2))
    phone.get_by_test_id("offline-count").click()
    expect(phone.get_by_test_id("offline-entry")).to_have_count(2)

    # The signal is back: each entry is sent once and leaves the phone.
    back_online_at = timezone.now()
    context.set_offline(False)
    phone.evaluate("window.dispatchEvent(new Event('online'))")
    expect(phone.get_by_test_id("offline-count")).to_be_hidden(timeout=20_000)
    assert (
        phone.evaluate(
            "new Promise(r => { const q = indexedDB.open('tebu-offline'); q.onsuccess = () =>"
            " q.result.transaction('entries').objectStore('entries').count().onsuccess ="
            " e => { r(e.target.result); q.result.close(); }; })"
        )
        == 0
    )

    # Sent again by a reload and another 'online' (the worst a flaky signal does): still once.
    phone.reload()
    phone.evaluate("window.dispatchEvent(new Event('online'))")
    phone.wait_for_load_state("networkidle")
    assert SurveyResponse.objects.filter(round=survey_round, farmer=hw.farmer).count() == 1
    answer = SurveyResponse.objects.get().answers.get()
    assert (answer.importance, answer.performance) == (4, 5)
    weighing = Weighing.objects.get()
    assert weighing.spta == spta and weighing.net_kg == 8000
    assert weighing.recorded_by == hw.manager
    # Weighed when it was entered offline, not when the signal came back.
    assert weighing.weighed_at <= back_online_at
    assert ClientSubmission.objects.filter(user=hw.manager).count() == 2


def test_a_refused_weighing_stays_with_the_servers_message_to_fix(
    live_server,
    phone_on_disk,
    hw,  # noqa: F811
):
    base = live_server.url
    spta = spta_today(hw)
    context = phone_on_disk()
    phone = context.pages[0] if context.pages else context.new_page()
    log_in(phone, base, hw.clerk.username)
    phone.goto(f"{base}/harvest/weighbridge/")
    phone.wait_for_load_state("networkidle")

    context.set_offline(True)
    fill_the_weighing(phone, "999")  # a number no SPTA has
    phone.get_by_test_id("weighing-submit").click()
    expect(phone.get_by_test_id("offline-count")).to_have_text(waiting_text(1))

    context.set_offline(False)
    phone.evaluate("window.dispatchEvent(new Event('online'))")
    entry = phone.get_by_test_id("offline-entry")
    phone.get_by_test_id("offline-count").click()
    expect(entry).to_have_attribute("data-status", "rejected", timeout=20_000)
    assert "999" in entry.inner_text() or "SPTA" in entry.inner_text()
    assert not Weighing.objects.exists()
    screenshot(phone, "offline-refused-weighing-phone")

    # Fixed on its own form (the fields come back), sent with the same id: recorded once.
    phone.get_by_test_id("offline-entry-fix").click()
    expect(phone.locator("#id_gross_kg")).to_have_value("15000")
    phone.fill("#id_spta_number", spta.number)
    phone.get_by_test_id("weighing-submit").click()
    expect(phone.locator(".messages")).to_contain_text(spta.number)
    expect(phone.get_by_test_id("offline-count")).to_be_hidden()
    assert Weighing.objects.filter(spta=spta).count() == 1
