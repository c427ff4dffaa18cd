"""Each farmer chooses SMS, portal or both (both by default, SMS only to a verified number), and
SMS wait through quiet hours (his own, else his mill's) to go out when they end."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from notices import backends
from notices.models import Channel, ChannelChoice, MillSmsSettings, Notice, NoticeStatus
from notices.preferences import set_preference
from notices.quiet_hours import quiet_end
from notices.services import notify
from notices.tasks import send_due_notices
from tests.factories import FarmerFactory

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
MESSAGE = {"subject": "SPTA terbit", "body": "SPTA 43 untuk petak U-001."}


@pytest.fixture(autouse=True)
def _sms_outbox(settings):
    settings.SMS_BACKEND = "locmem"
    backends.outbox.clear()
    yield
    backends.outbox.clear()


def at(hour, minute=0, day=3):
    return datetime(2026, 12, day, hour, minute, tzinfo=WIB)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (at(22), at(6, day=4)),  # evening side of 21:00-06:00: until tomorrow morning
        (at(3), at(6)),  # morning side
        (at(21), at(6, day=4)),  # the start is inside
        (at(6), None),  # the end is not
        (at(12), None),
    ],
)
def test_a_window_over_midnight(moment, expected):
    assert quiet_end(moment, time(21), time(6)) == expected


def test_a_window_within_a_day_and_no_window():
    assert quiet_end(at(13, 30), time(13), time(15)) == at(15)
    assert quiet_end(at(16), time(13), time(15)) is None
    assert quiet_end(at(22), None, None) is None
    assert quiet_end(at(22), time(6), time(6)) is None


def channels(notices):
    return sorted(n.channel for n in notices)


def test_the_default_is_both_for_a_verified_phone_and_portal_without_one():
    verified = FarmerFactory(phone="081234567801")
    unverified = FarmerFactory(phone="081234567802", phone_verified=False)

    assert channels(notify("message", MESSAGE, farmer=verified)) == ["portal", "sms"]
    assert channels(notify("message", MESSAGE, farmer=unverified)) == ["portal"]


def test_sms_only_and_portal_only_are_kept_and_sms_only_falls_back_to_the_portal():
    sms_only = FarmerFactory(phone="081234567801")
    set_preference(farmer=sms_only, channels=ChannelChoice.SMS)
    portal_only = FarmerFactory(phone="081234567802")
    set_preference(farmer=portal_only, channels=ChannelChoice.PORTAL)
    unverified_sms_only = FarmerFactory(phone="081234567803", phone_verified=False)
    set_preference(farmer=unverified_sms_only, channels=ChannelChoice.SMS)

    assert channels(notify("message", MESSAGE, farmer=sms_only)) == ["sms"]
    assert channels(notify("message", MESSAGE, farmer=portal_only)) == ["portal"]
    # Never recorded nowhere: SMS cannot reach him yet, so the inbox has it.
    assert channels(notify("message", MESSAGE, farmer=unverified_sms_only)) == ["portal"]


def test_a_changed_number_is_unverified_until_its_own_code_is_entered():
    farmer = FarmerFactory(phone="081234567801")
    farmer.phone = "081234567899"
    farmer.save()

    assert channels(notify("message", MESSAGE, farmer=farmer)) == ["portal"]


def test_an_sms_in_quiet_hours_waits_until_they_end_then_the_sweep_sends_it(
    django_capture_on_commit_callbacks,
):
    farmer = FarmerFactory(phone="081234567801")
    now = timezone.localtime()
    start, end = (now - timedelta(hours=1)).time(), (now + timedelta(hours=1)).time()
    set_preference(farmer=farmer, channels=ChannelChoice.BOTH, quiet_from=start, quiet_until=end)

    with django_capture_on_commit_callbacks(execute=True):
        notify("message", MESSAGE, farmer=farmer)

    sms = Notice.objects.get(channel=Channel.SMS)
    assert sms.status == NoticeStatus.PENDING and sms.attempts == 0
    assert sms.not_before == quiet_end(now, start, end)
    assert backends.outbox == []
    assert send_due_notices() == 0  # not yet

    Notice.objects.filter(pk=sms.pk).update(not_before=timezone.now() - timedelta(seconds=1))
    assert send_due_notices() == 1
    sms.refresh_from_db()
    assert sms.status == NoticeStatus.SENT
    assert [m["to"] for m in backends.outbox] == ["081234567801"]
    assert send_due_notices() == 0  # sent once


def test_the_mills_quiet_hours_apply_unless_the_farmer_set_his_own():
    farmer = FarmerFactory(phone="081234567801")
    night_owl = FarmerFactory(phone="081234567802", region=farmer.region)
    now = timezone.localtime()
    MillSmsSettings.objects.create(
        mill=farmer.mill,
        quiet_from=(now - timedelta(hours=1)).time(),
        quiet_until=(now + timedelta(hours=1)).time(),
    )
    later = now + timedelta(hours=3)
    set_preference(
        farmer=night_owl,
        channels=ChannelChoice.BOTH,
        quiet_from=later.time(),
        quiet_until=(later + timedelta(hours=1)).time(),
    )

    notify("message", MESSAGE, farmer=farmer)
    notify("message", MESSAGE, farmer=night_owl)

    assert Notice.objects.get(channel=Channel.SMS, farmer=farmer).not_before is not None
    assert Notice.objects.get(channel=Channel.SMS, farmer=night_owl).not_before is None


def test_quiet_hours_need_both_ends():
    from django.core.exceptions import ValidationError

    farmer = FarmerFactory()
    with pytest.raises(ValidationError) as caught:
        set_preference(farmer=farmer, channels=ChannelChoice.BOTH, quiet_from=time(21))
    assert "quiet_until" in caught.value.message_dict


def test_the_window_is_read_in_jakarta_time():
    # The window is local (WIB): 02:00 UTC is 09:00 in Jakarta, outside 21:00-06:00.
    assert (
        quiet_end(datetime(2026, 12, 3, 2, tzinfo=UTC).astimezone(WIB), time(21), time(6)) is None
    )
