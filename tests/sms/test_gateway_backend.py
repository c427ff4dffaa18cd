"""The HTTP gateway backend against a real HTTP server: sent once, retried when worth it, failed
with the reason when not."""

import base64

import pytest

from notices.models import Channel, DeliveryStatus, Notice, NoticeStatus
from notices.services import notify, send_pending
from tests.factories import FarmerFactory

pytestmark = pytest.mark.django_db

MESSAGE = {"subject": "SPTA terbit", "body": "SPTA 43 untuk petak U-001, tebang 4 Agustus."}


def _notify(capture, farmer):
    with capture(execute=True):
        notify("message", MESSAGE, farmer=farmer)
    return Notice.objects.get(channel=Channel.SMS)


def test_the_gateway_receives_the_sms_once_with_sender_text_and_token(
    gateway, django_capture_on_commit_callbacks
):
    sms = _notify(django_capture_on_commit_callbacks, FarmerFactory(phone="+6281234567890"))

    assert gateway.messages == [
        {
            "to": "+6281234567890",
            "text": "SPTA terbit\nSPTA 43 untuk petak U-001, tebang 4 Agustus.",
            "from": "PGSEMBORO",
        }
    ]
    assert gateway.requests[0].headers["Authorization"] == "Bearer rahasia-token"
    assert sms.status == NoticeStatus.SENT and sms.attempts == 1
    assert sms.gateway_id == "gw-1"
    assert sms.delivery_status == DeliveryStatus.SUBMITTED

    send_pending([sms.pk])  # a rerun of the task sends nothing more
    assert len(gateway.requests) == 1


def test_a_form_post_with_basic_auth_and_the_gateways_own_id_key(
    gateway, settings, django_capture_on_commit_callbacks
):
    settings.SMS_GATEWAY_FORMAT = "form"
    settings.SMS_GATEWAY_AUTH = "basic"
    settings.SMS_GATEWAY_TOKEN = "pgsemboro:sandi"
    settings.SMS_GATEWAY_ID_KEY = "data.ref"
    settings.SMS_GATEWAY_FIELDS = {"to": "msisdn", "text": "message", "sender": "masking"}
    gateway.answer = {"status": "ok", "data": {"ref": 98765}}

    sms = _notify(django_capture_on_commit_callbacks, FarmerFactory(phone="081234567890"))

    assert gateway.messages[0]["msisdn"] == "081234567890"
    assert gateway.messages[0]["masking"] == "PGSEMBORO"
    assert gateway.messages[0]["message"].startswith("SPTA terbit\n")
    expected = base64.b64encode(b"pgsemboro:sandi").decode()
    assert gateway.requests[0].headers["Authorization"] == f"Basic {expected}"
    assert sms.gateway_id == "98765"


def test_a_500_then_success_is_retried_and_sent_once(gateway, django_capture_on_commit_callbacks):
    gateway.fail_with(500)

    sms = _notify(django_capture_on_commit_callbacks, FarmerFactory(phone="081234567890"))

    assert len(gateway.requests) == 2
    assert sms.status == NoticeStatus.SENT
    assert sms.attempts == 2
    assert sms.gateway_id == "gw-2" and sms.error == ""


def test_a_429_is_retried_too(gateway, django_capture_on_commit_callbacks):
    gateway.fail_with(429)

    sms = _notify(django_capture_on_commit_callbacks, FarmerFactory(phone="081234567890"))

    assert sms.status == NoticeStatus.SENT and sms.attempts == 2


def test_repeated_500_ends_failed_with_the_reason_after_the_last_attempt(
    gateway, django_capture_on_commit_callbacks
):
    gateway.fail_with(500, times=10)

    sms = _notify(django_capture_on_commit_callbacks, FarmerFactory(phone="081234567890"))

    assert len(gateway.requests) == 3  # settings.SMS_SEND_ATTEMPTS in the fixture
    assert sms.status == NoticeStatus.FAILED
    assert sms.attempts == 3
    assert "HTTP 500" in sms.error
    assert sms.gateway_id == ""


def test_a_400_fails_at_once_with_the_reason(gateway, django_capture_on_commit_callbacks):
    gateway.fail_with(400)

    sms = _notify(django_capture_on_commit_callbacks, FarmerFactory(phone="081234567890"))

    assert len(gateway.requests) == 1
    assert sms.status == NoticeStatus.FAILED and sms.attempts == 1
    assert "HTTP 400" in sms.error and "refused" in sms.error


def test_an_unreachable_gateway_is_a_transient_failure(
    gateway, settings, django_capture_on_commit_callbacks
):
    settings.SMS_GATEWAY_URL = "http://127.0.0.1:9/nothing-listens-here"

    sms = _notify(django_capture_on_commit_callbacks, FarmerFactory(phone="081234567890"))

    assert sms.status == NoticeStatus.FAILED and sms.attempts == 3
    assert "not reachable" in sms.error


def test_the_retry_waits_longer_each_time(settings):
    from notices.services import retry_countdown

    settings.SMS_RETRY_BACKOFF = 30
    assert [retry_countdown(n) for n in range(4)] == [30, 60, 120, 240]


def test_with_a_broker_the_task_retries_only_the_failed_notice_later_each_time(
    gateway, monkeypatch
):
    from notices.tasks import send_notices

    gateway.fail_with(500)
    farmer = FarmerFactory(phone="081234567890")
    sms = Notice.objects.create(
        farmer=farmer,
        channel=Channel.SMS,
        address=farmer.phone,
        event="message",
        subject="s",
        body="b",
    )
    asked = {}

    class Retried(Exception):
        pass

    def retry(**kwargs):
        asked.update(kwargs)
        return Retried()

    monkeypatch.setattr(send_notices, "retry", retry)
    send_notices.push_request(is_eager=False, retries=2)
    try:
        with pytest.raises(Retried):
            send_notices.run([sms.pk])
    finally:
        send_notices.pop_request()

    assert asked["args"] == [[sms.pk]]
    assert asked["countdown"] == 30 * 4
    sms.refresh_from_db()
    assert sms.status == NoticeStatus.PENDING and sms.attempts == 1 and "HTTP 500" in sms.error
