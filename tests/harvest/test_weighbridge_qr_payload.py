"""The weighbridge takes what the slip's QR code holds (issue 14): the phone's "Scan QR" fills in
the number, but a handheld scanner types the whole payload (SPTA|number|plot|date|quota|plate),
longer than a number, and the clerk must not have to cut it down by hand."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from harvest.models import Weighing
from harvest.models.spta import number_from_scan
from harvest.selectors import spta_at_weighbridge
from tests.harvest.helpers import local, spta_today

pytestmark = pytest.mark.django_db


def test_the_number_is_the_payloads_second_field_and_other_text_stays_as_typed():
    payload = "SPTA|SPTA/SMB/2025/2026/000043|U-001|2026-07-01|80.00|P 1234 AB"
    assert number_from_scan(payload) == "SPTA/SMB/2025/2026/000043"
    assert number_from_scan(f"  {payload}\n") == "SPTA/SMB/2025/2026/000043"
    assert number_from_scan(" 43 ") == "43"
    assert number_from_scan("SPTA/SMB/2025/2026/000043") == "SPTA/SMB/2025/2026/000043"


def test_the_payload_finds_its_spta(hw):
    spta_today(hw)
    second = spta_today(hw)
    assert spta_at_weighbridge(hw.clerk, second.qr_payload) == (second, "")


def test_another_mills_clerk_does_not_find_it_by_its_payload(hw):
    spta = spta_today(hw)
    found, problem = spta_at_weighbridge(hw.other_sinder, spta.qr_payload)
    assert found is None and problem


def test_the_clerk_weighs_a_load_by_the_scanned_payload(hw, client):
    spta = spta_today(hw)
    assert len(spta.qr_payload) > 40  # longer than any SPTA number
    client.force_login(hw.clerk)
    now = timezone.now()
    response = client.post(
        reverse("weighing-entry"),
        {
            "spta_number": spta.qr_payload,
            "gross_kg": "15000",
            "tare_kg": "7000",
            "trash_percent": "0",
            "cut_at": local(now - timedelta(hours=5)),
            "arrived_at": local(now - timedelta(hours=1)),
        },
    )
    assert response.status_code == 302
    assert Weighing.objects.get().spta == spta


def test_the_entry_page_offers_the_scan_with_its_scripts(hw, client):
    client.force_login(hw.clerk)
    page = client.get(reverse("weighing-entry")).content.decode()
    assert 'data-testid="qr-scan-button"' in page
    assert 'data-qr-target="id_spta_number"' in page
    assert "vendor/jsqr/jsQR" in page and "harvest/qr_scan" in page
