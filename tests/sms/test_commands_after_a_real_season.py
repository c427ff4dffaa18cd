"""A delivery settled and issued through the harvest services, then asked about by SMS: the
answer goes out through the real HTTP gateway once, with the DO's own figures."""

import uuid
from decimal import Decimal

import pytest

from harvest.services.delivery_orders import issue_do
from notices.models import Notice, NoticeStatus
from tests.factories import verify_phone
from tests.harvest.helpers import deliver, settled
from tests.sms.webhooks import signed_post

pytestmark = pytest.mark.django_db

D = Decimal


def test_do_number_after_settlement_answers_through_the_gateway_once(
    client,
    hw,  # tests/harvest/conftest.py, imported in tests/sms/conftest.py
    gateway,
    webhooks,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.SMS_BACKEND = "http"  # the webhooks fixture keeps SMS in memory; use the gateway
    hw.farmer.phone = "+6281234567001"
    hw.farmer.save()
    verify_phone(hw.farmer)  # only a verified number is answered (issue 15)
    with django_capture_on_commit_callbacks(execute=True):
        load = deliver(hw, net_kg=D("30000"), rendemen=D("8.00"))
        order = issue_do(do=settled(hw, [load]), by=hw.manager)
    before = len(gateway.requests)  # what the harvest itself told him (SPTA, DO issued ...)

    body = {"id": uuid.uuid4().hex, "from": "081234567001", "text": f"DO {order.number}"}
    with django_capture_on_commit_callbacks(execute=True):
        assert signed_post(client, "/sms/inbound/", body).status_code == 200

    assert len(gateway.requests) == before + 1
    sent = gateway.messages[-1]
    assert sent["to"] == "+6281234567001" and sent["from"] == "PGSEMBORO"
    assert order.number in sent["text"]
    assert "300,00 kw" in sent["text"] and "8,00%" in sent["text"]
    reply = Notice.objects.get(event="sms_reply")
    assert reply.status == NoticeStatus.SENT and reply.gateway_id == f"gw-{len(gateway.requests)}"
