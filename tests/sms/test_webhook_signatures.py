"""Both webhooks take only fresh, signed, first-time requests: anything else is 403 and changes
nothing."""

import time

import pytest

from notices.models import Notice
from sms.models import InboundSms
from sms.signatures import sign
from tests.factories import FarmerFactory
from tests.sms.webhooks import signed_post

pytestmark = pytest.mark.django_db

INBOUND = "/sms/inbound/"
DELIVERY = "/sms/delivery/"
ASK = {"from": "081234567001", "text": "BANTU"}


@pytest.fixture
def farmer(webhooks):
    return FarmerFactory(phone="+6281234567001")


@pytest.mark.parametrize("url", [INBOUND, DELIVERY])
def test_a_request_without_signature_is_refused(client, farmer, url):
    response = signed_post(client, url, ASK, headers={})
    assert response.status_code == 403
    assert not InboundSms.objects.exists()


@pytest.mark.parametrize("url", [INBOUND, DELIVERY])
def test_a_bad_signature_is_refused(client, farmer, url):
    assert signed_post(client, url, ASK, secret="tebakan").status_code == 403
    assert signed_post(client, url, ASK, signature="00" * 32).status_code == 403
    assert not InboundSms.objects.exists()


def test_a_signature_of_another_body_is_refused(client, farmer):
    timestamp = str(int(time.time()))
    from tests.sms.webhooks import SECRET

    other = sign(b'{"from": "081234567001", "text": "DO"}', timestamp, SECRET)
    assert (
        signed_post(client, INBOUND, ASK, timestamp=timestamp, signature=other).status_code == 403
    )


def test_an_old_timestamp_is_refused(client, farmer):
    six_minutes_ago = str(int(time.time()) - 6 * 60)
    response = signed_post(client, INBOUND, ASK, timestamp=six_minutes_ago)
    assert response.status_code == 403
    assert signed_post(client, INBOUND, ASK, timestamp="kemarin").status_code == 403
    assert not InboundSms.objects.exists()


def test_a_replayed_request_is_refused(client, farmer):
    timestamp = str(int(time.time()))
    first = signed_post(client, INBOUND, ASK, timestamp=timestamp)
    again = signed_post(client, INBOUND, ASK, timestamp=timestamp)

    assert first.status_code == 200
    assert again.status_code == 403
    assert InboundSms.objects.count() == 1


def test_without_a_configured_secret_everything_is_refused(client, farmer, settings):
    settings.SMS_WEBHOOK_SECRET = ""
    assert signed_post(client, INBOUND, ASK, secret="").status_code == 403


@pytest.mark.parametrize("url", [INBOUND, DELIVERY])
def test_only_post_is_accepted(client, farmer, url):
    assert client.get(url).status_code == 405


def test_a_signed_request_needs_no_csrf_token(farmer, django_capture_on_commit_callbacks):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert signed_post(strict, INBOUND, ASK).status_code == 200
    assert Notice.objects.filter(event="sms_reply").count() == 1
