"""A complaint in a real browser: a farmer on a cheap phone files a rendemen complaint with a
photo; it reaches the QC desk; left unanswered past the clock it escalates to the assistant
manager, who answers it; the answer shows on the farmer's page, with a way to reopen."""

from datetime import timedelta

import pytest
from django.db.models import F

from complaints import services
from complaints.models import (
    Complaint,
    ComplaintDesk,
    ComplaintEntry,
    EntryKind,
    Level,
    Status,
)
from tebu_site.models import Role
from tests.complaints.factories import real_png
from tests.e2e.conftest import screenshot
from tests.e2e.test_do_flow import log_in, log_out
from tests.factories import FarmerFactory, RegionFactory, SeasonFactory, UserFactory, farmer_user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    north = RegionFactory(name="Wilayah Utara", code="utara")
    mill = north.mill
    SeasonFactory(mill=mill)
    UserFactory(username="sinder", role=Role.FIELD_STAFF, mills=[mill], regions=[north])
    qc = UserFactory(username="qc", role=Role.QC, mills=[mill], first_name="Dewi")
    assistant = UserFactory(
        username="asisten", role=Role.MANAGER, mills=[mill], first_name="Bambang"
    )
    manager = UserFactory(username="manajer", role=Role.MANAGER, mills=[mill], first_name="Hendra")
    ComplaintDesk.objects.create(
        mill=mill,
        qc_desk=qc,
        assistant_manager=assistant,
        cane_manager=manager,
        first_line_hours=48,
        assistant_manager_hours=24,
    )
    farmer = FarmerFactory(region=north, name="Buriyanto")
    farmer_user(farmer, username="petani", first_name="Buriyanto")
    return {"qc": qc, "assistant": assistant}


def test_rendemen_complaint_escalates_and_the_answer_reaches_the_farmer(
    live_server, phone, desktop, world
):
    base = live_server.url

    # 1. The farmer files a rendemen complaint with a photo on a cheap phone.
    log_in(phone, base, "petani")
    phone.goto(f"{base}/me/complaints/")
    phone.get_by_test_id("new-complaint").click()
    phone.wait_for_load_state("networkidle")
    phone.select_option("#id_category", "rendemen")
    phone.fill("#id_text", "Rendemen saya 5,9 %, padahal tebu masak dan bersih.")
    phone.set_input_files(
        "#id_photo", files=[{"name": "nota.png", "mimeType": "image/png", "buffer": real_png()}]
    )
    screenshot(phone, "complaint-flow-1-form-phone")
    phone.get_by_test_id("complaint-submit").click()
    phone.wait_for_load_state("networkidle")
    complaint = Complaint.objects.get()
    assert phone.url.endswith(f"/me/complaints/{complaint.pk}/")
    assert complaint.handler == world["qc"] and complaint.photo
    assert phone.get_by_test_id("complaint-status").inner_text().strip() != ""
    screenshot(phone, "complaint-flow-2-filed-phone")
    log_out(phone)

    # 2. It reaches QC: in the QC user's inbox, with a notice.
    log_in(desktop, base, "qc")
    assert desktop.get_by_test_id("unread-count").inner_text() == "1"
    desktop.goto(f"{base}/complaints/")
    rows = desktop.get_by_test_id("inbox-row")
    assert rows.count() == 1
    assert complaint.reference in rows.first.inner_text()
    screenshot(desktop, "complaint-flow-3-qc-inbox-desktop")
    log_out(desktop)

    # 3. Nobody answers within the 48 hours: the complaint is set back 49 hours and the clock
    # (the service the beat task runs) escalates it to the assistant manager.
    back = timedelta(hours=49)
    Complaint.objects.filter(pk=complaint.pk).update(
        filed_at=complaint.filed_at - back,
        assigned_at=complaint.assigned_at - back,
        due_at=complaint.due_at - back,
    )
    ComplaintEntry.objects.filter(complaint=complaint).update(at=F("at") - back)
    escalated = services.escalate_overdue()
    assert [c.pk for c in escalated] == [complaint.pk]
    complaint.refresh_from_db()
    assert complaint.handler == world["assistant"]
    assert complaint.level == Level.ASSISTANT_MANAGER

    # 4. The assistant manager finds it in the inbox and answers in the browser.
    log_in(desktop, base, "asisten")
    desktop.goto(f"{base}/complaints/")
    desktop.get_by_test_id("inbox-row").first.locator("a").first.click()
    desktop.wait_for_load_state("networkidle")
    assert "Bambang" in desktop.get_by_test_id("complaint-handler").inner_text()
    assert desktop.get_by_test_id("entry-escalation").count() == 1
    desktop.locator("[data-testid=answer-form] textarea[name=text]").fill(
        "Sampel nira Bapak kami analisa ulang: rendemen 6,4 %. Selisihnya dibayar di DO berikut."
    )
    screenshot(desktop, "complaint-flow-4-assistant-answers-desktop")
    desktop.get_by_test_id("answer-submit").click()
    desktop.wait_for_load_state("networkidle")
    assert desktop.get_by_test_id("entry-answer").count() == 1
    complaint.refresh_from_db()
    assert complaint.status == Status.ANSWERED
    assert complaint.entries.get(kind=EntryKind.ANSWER).by == world["assistant"]
    log_out(desktop)

    # 5. The answer is on the farmer's page, with the level that answered and a way to reopen.
    log_in(phone, base, "petani")
    assert phone.get_by_test_id("unread-count").is_visible()
    phone.goto(f"{base}/me/complaints/")
    phone.get_by_test_id("complaint-card").first.click()
    phone.wait_for_load_state("networkidle")
    answer = phone.get_by_test_id("entry-answer").inner_text()
    assert "rendemen 6,4 %" in answer
    assert "Bambang" in answer
    assert phone.get_by_test_id("complaint-level").inner_text().count("2") >= 1
    assert phone.get_by_test_id("complaint-photo").is_visible()
    assert phone.get_by_test_id("reopen-form").is_visible()
    screenshot(phone, "complaint-flow-5-answer-on-farmer-page-phone")
