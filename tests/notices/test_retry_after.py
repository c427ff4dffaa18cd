"""A gateway answering 429 or 503 with Retry-After is waited for as long as it asks (up to
SMS_RETRY_AFTER_MAX), instead of our own backoff; meanwhile the SMS is not sent."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from notices.backends.http import retry_after_seconds
from notices.models import Channel, Notice, NoticeStatus
from notices.services import notify, send_pending
from notices.tasks import send_due_notices, send_notices
from tests.factories import FarmerFactory

pytestmark = pytest.mark.django_db

MESSAGE = {"subject": "SPTA terbit", "body": "SPTA 43 untuk petak U-001."}


def test_retry_after_in_seconds_or_as_a_date():
    now = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)
    assert retry_after_seconds("120") == 120
    assert retry_after_seconds("Thu, 03 Dec 2026 08:01:30 GMT", now) == 90
    assert retry_after_seconds("Thu, 03 Dec 2026 07:00:00 GMT", now) == 0  # already past
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds("") is None and retry_after_seconds(None) is None


def sms_notice():
    farmer = FarmerFactory(phone="081234567890")
    return Notice.objects.create(
        farmer=farmer,
        channel=Channel.SMS,
        address=farmer.phone,
        event="message",
        subject="s",
        body="b",
    )


def run_with_a_broker(monkeypatch, notice_ids, retries=0):
    """The task as a worker runs it; the retry it asks for, captured."""
    asked = {}

    class Retried(Exception):
        pass

    def retry(**kwargs):
        asked.update(kwargs)
        return Retried()

    monkeypatch.setattr(send_notices, "retry", retry)
    send_notices.push_request(is_eager=False, retries=retries)
    try:
        with pytest.raises(Retried):
            send_notices.run(notice_ids)
    finally:
        send_notices.pop_request()
    return asked


@pytest.mark.parametrize("status", [429, 503])
def test_the_task_waits_what_the_gateway_asks_not_its_own_backoff(gateway, monkeypatch, status):
    gateway.fail_with(status, retry_after="42")
    sms = sms_notice()

    asked = run_with_a_broker(monkeypatch, [sms.pk], retries=2)

    assert asked["countdown"] == 42  # not 30 * 4, the backoff of a third try
    sms.refresh_from_db()
    assert sms.status == NoticeStatus.PENDING and sms.attempts == 1
    assert f"HTTP {status}" in sms.error
    wait = (sms.not_before - timezone.now()).total_seconds()
    assert 30 < wait <= 42
    # Whoever runs it before then (a rerun, the sweep) leaves it alone.
    assert send_pending([sms.pk]).sent == 0
    assert send_due_notices() == 0
    assert len(gateway.requests) == 1


def test_a_long_retry_after_is_bounded(gateway, monkeypatch, settings):
    settings.SMS_RETRY_AFTER_MAX = 600
    gateway.fail_with(429, retry_after="86400")
    sms = sms_notice()

    assert run_with_a_broker(monkeypatch, [sms.pk])["countdown"] == 600


def test_without_retry_after_the_backoff_applies(gateway, monkeypatch):
    gateway.fail_with(429)
    sms = sms_notice()

    assert run_with_a_broker(monkeypatch, [sms.pk], retries=1)["countdown"] == 60
    sms.refresh_from_db()
    assert sms.not_before is None


def test_without_a_broker_the_sms_waits_for_the_sweep_instead_of_hammering_the_gateway(
    gateway, django_capture_on_commit_callbacks
):
    gateway.fail_with(429, retry_after="30")
    farmer = FarmerFactory(phone="081234567890")

    with django_capture_on_commit_callbacks(execute=True):
        notify("message", MESSAGE, farmer=farmer)

    sms = Notice.objects.get(channel=Channel.SMS)
    assert len(gateway.requests) == 1
    assert sms.status == NoticeStatus.PENDING and sms.not_before > timezone.now()

    Notice.objects.filter(pk=sms.pk).update(not_before=timezone.now() - timedelta(seconds=1))
    assert send_due_notices() == 1
    sms.refresh_from_db()
    assert sms.status == NoticeStatus.SENT and sms.attempts == 2
    assert len(gateway.requests) == 2
