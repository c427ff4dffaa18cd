"""A rendemen sample's chain of custody in a real browser (issue 16): the weighbridge clerk weighs a
load and labels its sample on a phone, scans it sealed; QC scans it received at the lab (late:
the mill allows 2 hours) and records the reading by scanning the label (late again: 4 hours
allowed). One compliance event is raised for the sample. The farmer's DO shows the chain in plain
words with the late flag; he disputes the lab's step and the complaint reaches the QC desk.

The label is "scanned" as a handheld scanner does: it types the label's QR payload into the field
(tests/e2e/test_weighbridge_qr.py covers the camera)."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from complaints.models import Category, Complaint
from compliance.models import ComplianceEvent
from harvest.models import Spta, Weighing
from harvest.services.delivery_orders import issue_do
from samples.models import Sample, SampleSettings
from tests.e2e.conftest import screenshot
from tests.e2e.test_do_flow import local, log_in, log_out
from tests.factories import farmer_user
from tests.harvest.conftest import hw  # noqa: F401 (the harvest world, as a fixture)
from tests.harvest.helpers import settled, spta_today
from tests.partners.conftest import _fast_password_hashing, world  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


ANY = object()


def said(msgid: str, **values) -> re.Pattern:
    """The sentence as the pages say it (the mill's language, Indonesian), with each value put in
    or, for ANY, matched whatever it is: the test reads the catalogue, not a copy of it."""
    with translation.override(settings.LANGUAGE_CODE):
        pattern = re.escape(gettext(msgid))
    for key, value in values.items():
        pattern = pattern.replace(
            re.escape(f"%({key})s"), ".+?" if value is ANY else re.escape(str(value))
        )
    return re.compile(pattern.replace("%%", "%"))


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_sample_from_the_load_to_the_lab_to_the_farmers_do(  # noqa: PLR0915
    live_server,
    phone,
    desktop,
    hw,  # noqa: F811
):
    base = live_server.url
    SampleSettings.objects.create(mill=hw.mill, lab_arrival_limit_hours=2, analysis_limit_hours=4)
    farmer = farmer_user(hw.farmer, username="petani")
    spta = spta_today(hw)
    now = timezone.now()
    five_hours_ago = now - timedelta(hours=5)
    # Cut eight hours ago: before 08:00 WIB that was yesterday, so the SPTA is yesterday's (its
    # service refuses a past cutting date, hence the update).
    Spta.objects.filter(pk=spta.pk).update(
        cutting_date=timezone.localdate(now - timedelta(hours=8))
    )

    # 1. The clerk weighs the load (five hours ago, by the slip) and labels its sample.
    log_in(phone, base, hw.clerk.username)
    phone.goto(f"{base}/harvest/weighbridge/")
    phone.fill("#id_spta_number", spta.number)
    phone.fill("#id_gross_kg", "15000")
    phone.fill("#id_tare_kg", "7000")
    phone.fill("#id_cut_at", local(now - timedelta(hours=8)))
    phone.fill("#id_arrived_at", local(now - timedelta(hours=6)))
    phone.fill("#id_weighed_at", local(five_hours_ago))
    phone.get_by_test_id("weighing-submit").click()
    phone.wait_for_load_state("networkidle")
    weighing = Weighing.objects.get(spta=spta)

    phone.goto(f"{base}{reverse('samples:label')}")
    phone.fill("#id_sptas", spta.qr_payload)
    phone.select_option("#id_kind", "weighbridge")
    phone.fill("#id_place", "Weighbridge 1")
    phone.fill("#id_taken_at", local(five_hours_ago))
    phone.get_by_test_id("label-submit").click()
    phone.wait_for_load_state("networkidle")
    sample = Sample.objects.get(loads=weighing)
    expect(phone.get_by_test_id("sample-code")).to_have_text(sample.code)
    expect(phone.get_by_test_id("sample-qr").locator("svg")).to_be_visible()
    assert fits_the_phone(phone)
    screenshot(phone, "sample-label-phone")

    # 2. Sealed at the weighbridge: the clerk scans the label.
    phone.goto(f"{base}{reverse('samples:scan')}")
    phone.fill("#id_code", sample.qr_payload)
    phone.select_option("#id_step", "sealed")
    phone.fill("#id_place", "Weighbridge 1")
    phone.get_by_test_id("handover-submit").click()
    phone.wait_for_load_state("networkidle")
    expect(phone.locator(".messages")).to_contain_text(sample.code)
    assert fits_the_phone(phone)
    log_out(phone)

    # 3. QC receives it at the lab (5 hours after it was taken: late) and reads it.
    log_in(desktop, base, hw.qc.username)
    desktop.goto(f"{base}{reverse('samples:scan')}")
    desktop.fill("#id_code", sample.qr_payload)
    desktop.select_option("#id_step", "received_at_lab")
    desktop.fill("#id_place", "Laboratorium")
    desktop.get_by_test_id("handover-submit").click()
    desktop.wait_for_load_state("networkidle")
    expect(desktop.locator(".messages")).to_contain_text(
        said(
            "%(step)s %(hours)s hours after the sample was taken (limit %(limit)s hours).",
            step=ANY,
            hours=ANY,
            limit=2,
        )
    )

    desktop.goto(f"{base}{reverse('samples:lab')}")
    desktop.fill("#id_code", sample.qr_payload)
    for field, value in {
        "brix_reading": "20",
        "temperature_correction": "0,2",
        "pol_reading": "65",
        "specific_gravity": "1,08",
        "dilution_factor": "1",
        "extraction_factor": "0,5",
    }.items():
        desktop.fill(f"#id_{field}", value)
    desktop.fill("#id_place", "Laboratorium")
    desktop.get_by_test_id("lab-submit").click()
    desktop.wait_for_load_state("networkidle")
    expect(desktop.locator(".messages")).to_contain_text(
        said("%(code)s analysed: rendemen %(r)s %%.", code=sample.code, r=ANY)
    )
    sample.refresh_from_db()
    assert sample.analysis is not None and sample.late
    weighing.refresh_from_db()
    assert weighing.rendemen_analysis == sample.analysis

    # Two late steps, one compliance event for the sample.
    events = ComplianceEvent.objects.filter(rule_key="sample_custody_breach")
    assert events.count() == 1 and events.get().subject_key == f"sample:{sample.pk}"

    # 4. The DO is settled and issued; the farmer sees the chain on it and disputes the lab step.
    order = issue_do(do=settled(hw, [weighing]), by=hw.manager)
    log_in(phone, base, farmer.username)
    phone.goto(f"{base}{reverse('my-do', args=[order.pk])}")
    section = phone.get_by_test_id("do-samples")
    expect(section).to_contain_text(sample.code)
    expect(section.get_by_test_id("sample-step")).to_have_count(4)
    expect(section).to_contain_text(said("The lab received the sample."))
    expect(section.get_by_test_id("sample-flag")).to_be_visible()
    assert fits_the_phone(phone)
    screenshot(phone, "sample-chain-farmer-do-phone")

    lab_step = section.locator('[data-step="received_at_lab"]')
    lab_step.get_by_test_id("dispute-open").click()
    lab_step.locator("textarea").fill("The bag arrived at the lab five hours late and unsealed?")
    lab_step.get_by_test_id("dispute-submit").click()
    phone.wait_for_load_state("networkidle")
    expect(phone.locator(".messages")).to_contain_text("QC")
    expect(
        phone.locator('[data-step="received_at_lab"]').get_by_test_id("step-disputed")
    ).to_be_visible()

    complaint = Complaint.objects.get()
    assert complaint.category == Category.RENDEMEN and complaint.handler == hw.qc
    assert complaint.delivery_order == order and sample.code in complaint.text

    # 5. The dispute reaches the QC desk's inbox.
    desktop.goto(f"{base}{reverse('complaints:inbox')}")
    expect(desktop.locator("body")).to_contain_text(hw.farmer.name)
    desktop.goto(f"{base}{reverse('complaints:complaint-detail', args=[complaint.pk])}")
    expect(desktop.locator("body")).to_contain_text(sample.code)
    screenshot(desktop, "sample-dispute-qc-desk")
