"""The gateway's delivery report finds the notice by the id the gateway gave and records it."""

import pytest

from notices.models import Channel, DeliveryStatus, Notice, NoticeStatus
from tests.factories import FarmerFactory
from tests.sms.webhooks import signed_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent_sms(webhooks):
    farmer = FarmerFactory(phone="+6281234567001")
    return Notice.objects.create(
        farmer=farmer,
        channel=Channel.SMS,
        address=farmer.phone,
        event="message",
        subject="SPTA terbit",
        body="SPTA 43",
        status=NoticeStatus.SENT,
        gateway_id="gw-77",
        delivery_status=DeliveryStatus.SUBMITTED,
    )


def test_delivered_is_recorded_with_its_time(client, sent_sms):
    response = signed_post(
        client,
        "/sms/delivery/",
        {"id": "gw-77", "status": "DELIVRD", "delivered_at": "2026-08-04T03:15:00Z"},
    )

    assert response.status_code == 200 and response.json() == {"matched": True}
    sent_sms.refresh_from_db()
    assert sent_sms.delivery_status == DeliveryStatus.DELIVERED
    assert sent_sms.delivered_at.isoformat() == "2026-08-04T03:15:00+00:00"


def test_undelivered_is_recorded(client, sent_sms):
    signed_post(client, "/sms/delivery/", {"message_id": "gw-77", "status": "failed"})

    sent_sms.refresh_from_db()
    assert sent_sms.delivery_status == DeliveryStatus.UNDELIVERED
    assert sent_sms.delivered_at is None


def test_a_late_undelivered_does_not_undo_delivered(client, sent_sms):
    signed_post(client, "/sms/delivery/", {"id": "gw-77", "status": "delivered"})
    signed_post(client, "/sms/delivery/", {"id": "gw-77", "status": "undelivered"})

    sent_sms.refresh_from_db()
    assert sent_sms.delivery_status == DeliveryStatus.DELIVERED


def test_an_unknown_id_changes_nothing_and_an_unknown_status_is_a_400(client, sent_sms):
    other = signed_post(client, "/sms/delivery/", {"id": "gw-1", "status": "delivered"})
    assert other.status_code == 200 and other.json() == {"matched": False}
    odd = signed_post(client, "/sms/delivery/", {"id": "gw-77", "status": "mungkin"})
    assert odd.status_code == 400
    sent_sms.refresh_from_db()
    assert sent_sms.delivery_status == DeliveryStatus.SUBMITTED
