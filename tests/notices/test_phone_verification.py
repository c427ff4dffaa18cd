"""A number is verified by a one-time code before any data goes to it: the code goes out by SMS,
is kept only as a hash, lives 10 minutes, takes 5 tries, and a number gets 3 codes an hour. The
farmer does it, and chooses SMS or portal, on his own settings page; nobody else's shows there."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from notices.models import Channel, ChannelChoice, Notice, NoticePreference, PhoneVerification
from notices.reach import phone_verified
from notices.verification import send_phone_code, verify_phone_code
from tebu_site.models import Role
from tests.factories import FarmerFactory, UserFactory, farmer_user

pytestmark = pytest.mark.django_db

PHONE = "+6281234567001"
PAGE = "notices:preferences"


@pytest.fixture
def farmer():
    return FarmerFactory(phone=PHONE, phone_verified=False)


def code_sent(gateway) -> str:
    return re.search(r"\b(\d{6})\b", gateway.messages[-1]["text"]).group(1)


def test_the_code_goes_by_sms_and_is_stored_only_as_a_hash(farmer, gateway):
    outcome = send_phone_code(farmer=farmer)

    assert outcome.sent
    assert gateway.messages[-1]["to"] == PHONE
    code = code_sent(gateway)
    verification = PhoneVerification.objects.get()
    assert code not in verification.code_hash
    record = Notice.objects.get(event="phone_code")
    assert record.channel == Channel.SMS and record.status == "sent"
    assert code not in record.subject + record.body and "******" in record.body
    assert not phone_verified(farmer)

    verify_phone_code(farmer=farmer, code=code)

    assert phone_verified(farmer)


def test_a_wrong_code_is_counted_and_five_wrong_ones_spend_the_code(farmer, gateway):
    send_phone_code(farmer=farmer)
    code = code_sent(gateway)
    wrong = "000000" if code != "000000" else "111111"
    for _try in range(5):
        with pytest.raises(ValidationError):
            verify_phone_code(farmer=farmer, code=wrong)
    assert PhoneVerification.objects.get().attempts == 5

    with pytest.raises(ValidationError) as caught:
        verify_phone_code(farmer=farmer, code=code)  # right, but too late
    assert "code" in caught.value.message_dict
    assert not phone_verified(farmer)


def test_a_code_expires_after_ten_minutes(farmer, gateway):
    send_phone_code(farmer=farmer)
    PhoneVerification.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    with pytest.raises(ValidationError):
        verify_phone_code(farmer=farmer, code=code_sent(gateway))
    assert not phone_verified(farmer)


def test_a_number_gets_three_codes_an_hour_whoever_asks(farmer, gateway):
    for _code in range(3):
        send_phone_code(farmer=farmer)
    sharing = FarmerFactory(phone="0812-3456-7001", phone_verified=False)  # the same number

    with pytest.raises(ValidationError):
        send_phone_code(farmer=sharing)
    with pytest.raises(ValidationError):
        send_phone_code(farmer=farmer)
    assert len(gateway.requests) == 3


def test_a_code_for_an_old_number_does_not_verify_the_new_one(farmer, gateway):
    send_phone_code(farmer=farmer)
    code = code_sent(gateway)
    farmer.phone = "+6281299990000"
    farmer.save()

    with pytest.raises(ValidationError):
        verify_phone_code(farmer=farmer, code=code)


def test_the_farmer_verifies_his_number_and_chooses_portal_on_his_page(farmer, gateway, client):
    client.force_login(farmer_user(farmer))
    url = reverse(PAGE)
    page = client.get(url).content.decode()
    assert 'data-testid="phone-unverified"' in page and PHONE in page

    client.post(url, {"action": "send-code"})
    wrong = client.post(url, {"action": "verify", "code": "12345x"})
    assert wrong.status_code == 200 and "field-error" in wrong.content.decode()
    done = client.post(url, {"action": "verify", "code": code_sent(gateway)}, follow=True)
    assert 'data-testid="phone-verified"' in done.content.decode()
    assert phone_verified(farmer)

    saved = client.post(url, {"action": "save", "channels": "portal"})
    assert saved.status_code == 302
    assert NoticePreference.objects.get(farmer=farmer).channels == ChannelChoice.PORTAL

    bad = client.post(url, {"action": "save", "channels": "sms", "quiet_from": "21:00"})
    assert bad.status_code == 200 and "field-error" in bad.content.decode()
    assert NoticePreference.objects.get(farmer=farmer).channels == ChannelChoice.PORTAL


def test_the_page_shows_only_his_own_number_and_staff_have_none(farmer, client):
    other = FarmerFactory(phone="+6281299990001", region=farmer.region)
    client.force_login(farmer_user(other))
    page = client.get(reverse(PAGE)).content.decode()
    assert "+6281299990001" in page and PHONE not in page

    client.force_login(UserFactory(role=Role.MANAGER, mills=[farmer.mill]))
    assert client.get(reverse(PAGE)).status_code == 403


def test_the_menu_links_the_page_for_a_farmer(farmer, client):
    client.force_login(farmer_user(farmer))
    assert reverse(PAGE) in client.get(reverse("home")).content.decode()


def test_staff_set_a_farmers_choice_in_the_admin(farmer, client):
    admin = UserFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post(
        reverse("admin:notices_noticepreference_add"),
        {"farmer": farmer.pk, "channels": "portal", "quiet_from": "", "quiet_until": ""},
    )
    assert response.status_code == 302
    assert NoticePreference.objects.get(farmer=farmer).channels == ChannelChoice.PORTAL
    assert client.get(reverse("admin:notices_phoneverification_changelist")).status_code == 200
