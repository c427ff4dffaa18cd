"""A satisfaction round in a real browser: the demo farmer answers in the portal on a phone (a
half-filled form survives a reload), the sinder enters two more interviews (one while the network
is down, sent when it is back), and the manager closes the round and sees the CSI and the IPA
diagram. Screenshots are kept in tests/e2e/artifacts/."""

import datetime

import pandas as pd
import pytest
from django.contrib.auth import get_user_model

from analytics.methods.csi_ipa import csi_ipa
from analytics.models import AnalysisRun, RunStatus
from partners.demo import load_demo
from partners.models import Region, Season
from surveys import selectors, services
from surveys.models import SurveyResponse
from tebu_site.formatting import format_number
from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)

CODES = [f"a{n:02d}" for n in range(1, 14)]
# (importance, performance) per attribute for each of the three respondents; None = skipped.
FARMER = dict.fromkeys(CODES, (5, 4)) | {"a05": (5, 2), "a11": (5, 1), "a13": (5, 2)}
FARMER["a08"] = (None, None)  # the farmer skips technical guidance
INTERVIEW_1 = dict.fromkeys(CODES, (4, 4)) | {"a02": (2, 5), "a12": (3, 5), "a11": (5, 2)}
INTERVIEW_2 = dict.fromkeys(CODES, (4, 5)) | {"a05": (5, 3), "a13": (5, 3), "a10": (3, 3)}


def log_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def log_out(page) -> None:
    page.click("summary")
    page.get_by_test_id("logout").click()
    page.wait_for_load_state("networkidle")


def tap(page, code: str, scale: str, score: int) -> None:
    prefix = "imp" if scale == "importance" else "perf"
    page.click(f'label.likert-option:has(input[name="{prefix}_{code}"][value="{score}"])')


def fill(page, answers: dict, codes=None) -> None:
    for code in codes or CODES:
        importance, performance = answers[code]
        if importance is not None:
            tap(page, code, "importance", importance)
        if performance is not None:
            tap(page, code, "performance", performance)


@pytest.fixture
def survey_round():
    load_demo()
    admin = get_user_model().objects.get(username="admin")
    season = Season.objects.get(mill__code="semboro", is_current=True)
    survey_round = services.create_round(
        season=season,
        name="Survei kepuasan uji browser",
        opens_on=datetime.date(2026, 7, 1),
        closes_on=datetime.date(2026, 8, 31),
        target_regions=[Region.objects.get(mill=season.mill, code="utara")],
        by=admin,
    )
    return services.open_round(survey_round=survey_round, by=admin)


def test_farmer_and_staff_answer_and_the_manager_sees_csi_and_ipa(
    live_server, phone, desktop, survey_round
):
    base = live_server.url

    # 1. The farmer answers in the portal. Half-way through, the page is reloaded: the answers
    #    already given come back from the device.
    log_in(phone, base, "petani", "tebu-petani-2026")
    phone.goto(f"{base}/surveys/my/")
    phone.get_by_test_id(f"my-round-{survey_round.pk}").click()
    phone.wait_for_load_state("networkidle")
    fill(phone, FARMER, CODES[:4])
    phone.reload()
    phone.wait_for_load_state("networkidle")
    assert phone.get_by_test_id("draft-notice").is_visible()
    assert phone.is_checked('input[name="perf_a01"][value="4"]')
    fill(phone, FARMER, [code for code in CODES[4:] if code != "a08"])
    tap(phone, "a08", "importance", 3)
    phone.click('[data-skip="a08"]')  # changed their mind: skip the question
    assert phone.get_by_test_id("answer-progress").inner_text().startswith("12/13")
    screenshot(phone, "survey-farmer-form-phone")
    phone.get_by_test_id("save-answers").click()
    phone.wait_for_url(f"{base}/surveys/my/")
    assert "answered" in phone.get_by_test_id("my-rounds").inner_text().lower() or (
        "sudah" in phone.get_by_test_id("my-rounds").inner_text().lower()
    )
    # The draft is gone once saved (the offline app's own key, who last used the phone, stays).
    drafts = "Object.keys(localStorage).filter(key => key.startsWith('tebu-survey-')).length"
    assert phone.evaluate(drafts) == 0
    log_out(phone)

    # 2. The sinder interviews two more farmers of Wilayah Utara.
    log_in(phone, base, "sinder", "tebu-sinder-2026")
    for answers, offline in ((INTERVIEW_1, False), (INTERVIEW_2, True)):
        phone.goto(f"{base}/surveys/rounds/{survey_round.pk}/respondents/")
        first_unanswered = phone.locator('[data-testid^="respondent-"]:has(.badge:not(.badge-ok))')
        first_unanswered.first.click()
        phone.wait_for_load_state("networkidle")
        fill(phone, answers)
        if offline:
            phone.context.set_offline(True)
            phone.get_by_test_id("save-answers").click()
            notice = phone.get_by_test_id("draft-notice")
            notice.wait_for(state="visible")
            phone.wait_for_function(
                "document.getElementById('draft-notice').textContent.length > 20"
            )
            screenshot(phone, "survey-offline-phone")
            phone.context.set_offline(False)
            phone.evaluate("window.dispatchEvent(new Event('online'))")
            phone.wait_for_url(f"{base}/surveys/rounds/{survey_round.pk}/respondents/")
        else:
            phone.get_by_test_id("save-answers").click()
            phone.wait_for_url(f"{base}/surveys/rounds/{survey_round.pk}/respondents/")
    assert SurveyResponse.objects.filter(round=survey_round).count() == 3
    log_out(phone)

    # 3. The manager closes the round on a desktop and lands on the results.
    log_in(desktop, base, "manajer", "tebu-manajer-2026")
    desktop.goto(f"{base}/surveys/rounds/{survey_round.pk}/")
    assert desktop.get_by_test_id("answered-count").inner_text().startswith("3 / 10")
    desktop.once("dialog", lambda dialog: dialog.accept())
    desktop.get_by_test_id("close-round").click()
    desktop.wait_for_url(f"{base}/satisfaction/rounds/{survey_round.pk}/")
    desktop.wait_for_load_state("networkidle")

    run = AnalysisRun.objects.get(parameters__round_id=survey_round.pk)
    assert run.status == RunStatus.SUCCEEDED, run.error_message
    expected = _expected_csi(survey_round)
    assert desktop.get_by_test_id("csi").inner_text() == f"{format_number(expected)} %"
    assert desktop.get_by_test_id("respondents").inner_text() == "3"
    chart = desktop.get_by_test_id("ipa-chart")
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box["width"] > 400 and box["height"] > 250
    # Chart.js drew on the canvas: it is not blank.
    assert desktop.evaluate(
        "() => { const c = document.getElementById('ipa-chart');"
        " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
        " for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) return true; return false; }"
    )
    desktop.get_by_test_id("ipa-chart").scroll_into_view_if_needed()
    screenshot(desktop, "survey-dashboard-desktop")

    # 4. The same dashboard on the manager's phone.
    log_in(phone, base, "manajer", "tebu-manajer-2026")
    phone.goto(f"{base}/satisfaction/rounds/{survey_round.pk}/")
    phone.wait_for_load_state("networkidle")
    assert phone.get_by_test_id("csi").is_visible()
    chart_box = phone.get_by_test_id("ipa-chart").bounding_box()
    assert chart_box["width"] <= 360 and chart_box["height"] > 250
    screenshot(phone, "survey-dashboard-phone")


def _expected_csi(survey_round) -> float:
    """The CSI of the three questionnaires computed straight from the method."""
    labels = {
        a.code: a.text_id for a in selectors.version_attributes(survey_round.template_version)
    }
    rows = []
    for respondent, answers in (("f", FARMER), ("s1", INTERVIEW_1), ("s2", INTERVIEW_2)):
        for code in CODES:
            importance, performance = answers[code]
            if importance is None and performance is None:
                continue
            rows.append((respondent, labels[code], importance, performance))
    frame = pd.DataFrame(rows, columns=["respondent", "attribute", "importance", "performance"])
    return csi_ipa(frame, attribute_order=[labels[code] for code in CODES]).csi
