"""Notices: recorded per channel, sent once, failures kept, and each person reads only their own."""

import pytest
from django.urls import reverse

from notices import backends
from notices.models import Channel, Notice, NoticeStatus
from notices.services import notify
from tebu_site.models import Role
from tests.factories import FarmerFactory, UserFactory, farmer_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _sms_outbox(settings):
    settings.SMS_BACKEND = "locmem"
    backends.outbox.clear()
    yield
    backends.outbox.clear()


def _message(subject="Pengajuan diterima", body="Pengajuan kredit Anda sudah kami terima."):
    return {"subject": subject, "body": body}


def test_a_farmer_with_a_phone_gets_portal_and_sms_notices_and_the_sms_goes_out(
    django_capture_on_commit_callbacks,
):
    farmer = FarmerFactory(phone="081234567890")
    with django_capture_on_commit_callbacks(execute=True):
        notices = notify("message", _message(), farmer=farmer)

    assert sorted(n.channel for n in notices) == [Channel.PORTAL, Channel.SMS]
    sms = Notice.objects.get(channel=Channel.SMS)
    assert sms.status == NoticeStatus.SENT and sms.sent_at is not None
    assert backends.outbox == [
        {
            "to": "081234567890",
            "text": "Pengajuan diterima\nPengajuan kredit Anda sudah kami terima.",
        }
    ]
    assert Notice.objects.get(channel=Channel.PORTAL).mill == farmer.mill


def test_the_same_key_is_recorded_and_sent_only_once(django_capture_on_commit_callbacks):
    farmer = FarmerFactory(phone="081234567890")
    with django_capture_on_commit_callbacks(execute=True):
        notify("message", _message(), farmer=farmer, dedupe_key="credit:7:approved")
        again = notify("message", _message(), farmer=farmer, dedupe_key="credit:7:approved")

    assert again == []
    assert Notice.objects.count() == 2
    assert len(backends.outbox) == 1


def test_a_failed_delivery_is_recorded_with_its_reason(
    settings, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND = "disabled"
    farmer = FarmerFactory(phone="081234567890")
    with django_capture_on_commit_callbacks(execute=True):
        notify("message", _message(), farmer=farmer)

    sms = Notice.objects.get(channel=Channel.SMS)
    assert sms.status == NoticeStatus.FAILED
    assert "disabled" in sms.error
    assert sms.attempts == 1


def test_email_goes_to_a_farmer_login_with_an_address(
    mailoutbox, django_capture_on_commit_callbacks
):
    farmer = FarmerFactory(phone="")
    farmer_user(farmer, email="petani@example.id")
    with django_capture_on_commit_callbacks(execute=True):
        notify("message", _message(), farmer=farmer)

    assert [m.to for m in mailoutbox] == [["petani@example.id"]]
    assert mailoutbox[0].subject == "Pengajuan diterima"


def test_a_farmer_reads_only_their_own_notices_and_opening_the_inbox_marks_them_read(client):
    mine = FarmerFactory()
    other = FarmerFactory(region=mine.region)
    user = farmer_user(mine)
    notify("message", _message(subject="Untuk saya"), farmer=mine)
    notify("message", _message(subject="Untuk petani lain"), farmer=other)

    client.force_login(user)
    home = client.get(reverse("home"))
    assert b'data-testid="unread-count">1<' in home.content
    page = client.get(reverse("notices:inbox"))

    assert page.status_code == 200
    assert "Untuk saya" in page.content.decode()
    assert "Untuk petani lain" not in page.content.decode()
    assert Notice.objects.get(farmer=mine).read_at is not None
    assert Notice.objects.get(farmer=other).read_at is None
    assert b"unread-count" not in client.get(reverse("home")).content


def test_staff_read_notices_addressed_to_them_and_not_farmers_notices(client):
    farmer = FarmerFactory()
    staff = UserFactory(role=Role.MANAGER, mills=[farmer.mill])
    notify("message", _message(subject="Pengajuan menunggu"), user=staff, mill=farmer.mill)
    notify("message", _message(subject="Pesan petani"), farmer=farmer)

    client.force_login(staff)
    body = client.get(reverse("notices:inbox")).content.decode()
    assert "Pengajuan menunggu" in body
    assert "Pesan petani" not in body
