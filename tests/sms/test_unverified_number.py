"""A farmer's number answers his SMS commands only once he has verified it with its code: until
then it gets the neutral answer an unknown number gets (issue 15)."""

import uuid

import pytest
from django.utils import translation

from notices import backends
from sms import answers
from sms.models import InboundOutcome, InboundSms
from tests.factories import DeliveryOrderFactory, FarmerFactory, verify_phone
from tests.sms.webhooks import signed_post

pytestmark = pytest.mark.django_db

PHONE = "+6281234567001"


def ask(client, capture, text):
    backends.outbox.clear()
    with capture(execute=True):
        body = {"id": uuid.uuid4().hex, "from": "081234567001", "text": text}
        assert signed_post(client, "/sms/inbound/", body).status_code == 200
    return [m["text"] for m in backends.outbox]


def test_an_unverified_number_gets_the_neutral_answer_then_his_figures_once_verified(
    client, webhooks, django_capture_on_commit_callbacks
):
    farmer = FarmerFactory(phone=PHONE, phone_verified=False)
    order = DeliveryOrderFactory(farmer=farmer, number="DO/SMB/00007")
    with translation.override("id"):
        neutral = answers.unknown_number()

    assert ask(client, django_capture_on_commit_callbacks, f"DO {order.number}") == [neutral]
    inbound = InboundSms.objects.get()
    assert inbound.outcome == InboundOutcome.UNKNOWN_NUMBER and inbound.farmer is None

    verify_phone(farmer)
    reply = ask(client, django_capture_on_commit_callbacks, f"DO {order.number}")
    assert len(reply) == 1 and order.number in reply[0]
