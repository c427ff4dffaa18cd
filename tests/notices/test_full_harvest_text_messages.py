"""Issue 15's acceptance: a farmer who chose SMS goes through a whole harvest (SPTA issued,
weighed, rendemen, DO issued, DO paid) and the gateway, real HTTP on 127.0.0.1, receives one
message per event, in Indonesian, each within two GSM-7 SMS; running the events again sends
nothing more. A portal-only farmer and an unverified number get nothing by SMS; a gateway that
keeps failing is retried, then the notice is recorded failed with the reason.

The lead adds the Indonesian words later, so the checks are on what every language shows: the
SPTA's short number, the plot, weights, the rendemen, the DO number and the Rupiah amounts."""

import re
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from harvest.services import notices as farmer_notices
from harvest.services.delivery_orders import issue_do, record_payment
from harvest.services.rendemen import correct_rendemen, record_rendemen
from notices.models import Channel, ChannelChoice, Notice, NoticeStatus
from notices.preferences import set_preference
from notices.sms_text import GSM7, PART_GSM7, SINGLE_GSM7, split
from notices.tasks import send_notices
from tebu_site.formatting import format_rupiah
from tests.harvest.helpers import settled, spta_today, weigh
from tests.notices.conftest import PHONE

pytestmark = pytest.mark.django_db

D = Decimal
EVENTS = ["spta_issued", "weighing_recorded", "rendemen_recorded", "do_issued", "do_paid"]


def full_harvest(hw, capture):
    """Each step through its service, its notices sent after its own commit."""
    with translation.override("id"):
        with capture(execute=True):
            spta = spta_today(hw)
        with capture(execute=True):
            weighing = weigh(hw, spta)  # 15.000 - 7.000 kg, no trash: 8.000 kg net
        with capture(execute=True):
            analysis = record_rendemen(
                by=hw.qc,
                weighings=[weighing],
                rendemen_percent=D("8.25"),
                direct_reason="Figure from the mill's laboratory book",
            )
        weighing.refresh_from_db()
        with capture(execute=True):
            order = issue_do(do=settled(hw, [weighing]), by=hw.manager)
        with capture(execute=True):
            payment = record_payment(
                do=order,
                by=hw.credit,
                paid_on=timezone.localdate(),
                amount=order.payable,
                method="transfer",
            )
    return spta, weighing, analysis, order, payment


def assert_fits_two_gsm7_sms(text):
    parts = split(text)
    assert parts.encoding == GSM7, text
    assert 1 <= len(parts.parts) <= 2, text
    if len(parts.parts) == 1:
        assert parts.units <= SINGLE_GSM7
    else:
        assert all(len(part) <= PART_GSM7 for part in parts.parts)
        assert "".join(parts.parts) == text


def test_the_gateway_gets_one_indonesian_sms_per_harvest_event(
    hw, sms_farmer, gateway, django_capture_on_commit_callbacks
):
    spta, weighing, analysis, order, payment = full_harvest(hw, django_capture_on_commit_callbacks)

    # Other apps may tell him more (compliance, on a DO paid below the contract price): the
    # harvest's own messages are each sent once, found by the id the gateway gave each.
    sms = list(Notice.objects.filter(channel=Channel.SMS, event__in=EVENTS).order_by("pk"))
    assert [n.event for n in sms] == EVENTS
    assert all(n.status == NoticeStatus.SENT and n.language == "id" for n in sms)
    assert {message["to"] for message in gateway.messages} == {PHONE}
    sent = len(gateway.requests)
    assert sent == Notice.objects.filter(channel=Channel.SMS).count()
    texts = [gateway.messages[int(n.gateway_id.removeprefix("gw-")) - 1]["text"] for n in sms]
    # The portal inbox has each of them too (the default: SMS and portal).
    portal = Notice.objects.filter(channel=Channel.PORTAL, farmer=sms_farmer, event__in=EVENTS)
    assert sorted(portal.values_list("event", flat=True)) == sorted(EVENTS)

    spta_text, weighed, rendemen, issued, paid = texts
    short = spta.short_number
    assert re.search(rf"\b{short}\b.*U-001.*\b{short}\b", spta_text, re.S)  # told twice: subject
    assert re.search(rf"\b{short}\b", weighed) and "8.000" in weighed
    assert re.search(rf"\b{short}\b", rendemen) and "8,25" in rendemen
    assert order.number in issued and format_rupiah(order.payable) in issued
    assert re.search(r"Rp \d{1,3}(\.\d{3})+", issued)  # Rupiah with dots, no decimals
    assert order.number in paid and format_rupiah(payment.amount) in paid
    for text in texts:
        assert_fits_two_gsm7_sms(text)

    # The events' tasks run again, and the events told again (a retried request): nothing more.
    send_notices.delay([n.pk for n in Notice.objects.all()])
    with django_capture_on_commit_callbacks(execute=True):
        farmer_notices.spta_issued(spta)
        farmer_notices.weighing_recorded(weighing)
        farmer_notices.rendemen_set(analysis, [weighing], corrected=False)
        farmer_notices.do_issued(order)
        farmer_notices.do_payment_recorded(order, payment, payment.amount)
    assert len(gateway.requests) == sent
    assert Notice.objects.filter(channel=Channel.SMS, event__in=EVENTS).count() == len(EVENTS)


def test_a_rendemen_correction_is_told_once_more(
    hw, sms_farmer, gateway, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        weighing = weigh(hw, spta_today(hw))
        analysis = record_rendemen(
            by=hw.qc, weighings=[weighing], rendemen_percent=D("7.10"), direct_reason="Lab book"
        )
    with django_capture_on_commit_callbacks(execute=True):
        correct_rendemen(
            analysis=analysis,
            by=hw.qc,
            reason="Misread",
            rendemen_percent=D("7.60"),
            direct_reason="Lab book",
        )
    with django_capture_on_commit_callbacks(execute=True):
        farmer_notices.rendemen_set(analysis, [weighing], corrected=True)  # a rerun

    events = list(
        Notice.objects.filter(channel=Channel.SMS, event__startswith="rendemen")
        .order_by("pk")
        .values_list("event", "gateway_id")
    )
    assert [event for event, _id in events] == ["rendemen_recorded", "rendemen_corrected"]
    texts = [gateway.messages[int(gw.removeprefix("gw-")) - 1]["text"] for _event, gw in events]
    assert "7,10" in texts[0] and "7,60" in texts[1]
    assert len(gateway.requests) == Notice.objects.filter(channel=Channel.SMS).count()


def test_a_farmer_who_chose_the_portal_gets_nothing_by_sms(
    hw, sms_farmer, gateway, django_capture_on_commit_callbacks
):
    set_preference(farmer=sms_farmer, channels=ChannelChoice.PORTAL)

    full_harvest(hw, django_capture_on_commit_callbacks)

    assert gateway.requests == []
    assert not Notice.objects.filter(channel=Channel.SMS).exists()
    portal = Notice.objects.filter(channel=Channel.PORTAL, farmer=sms_farmer, event__in=EVENTS)
    assert sorted(portal.values_list("event", flat=True)) == sorted(EVENTS)


def test_an_unverified_number_gets_nothing(hw, gateway, django_capture_on_commit_callbacks):
    hw.farmer.phone = PHONE  # on record, but its code was never entered
    hw.farmer.save()

    full_harvest(hw, django_capture_on_commit_callbacks)

    assert gateway.requests == []
    assert not Notice.objects.filter(channel=Channel.SMS).exists()
    portal = Notice.objects.filter(channel=Channel.PORTAL, farmer=hw.farmer, event__in=EVENTS)
    assert portal.count() == len(EVENTS)


def test_a_failing_gateway_is_retried_then_the_sms_is_recorded_failed_with_the_reason(
    hw, sms_farmer, gateway, django_capture_on_commit_callbacks
):
    gateway.fail_with(500, times=10)

    with django_capture_on_commit_callbacks(execute=True):
        spta_today(hw)

    assert len(gateway.requests) == 3  # settings.SMS_SEND_ATTEMPTS in the gateway fixture
    sms = Notice.objects.get(channel=Channel.SMS, event="spta_issued")
    assert sms.status == NoticeStatus.FAILED and sms.attempts == 3
    assert "HTTP 500" in sms.error
    # The harvest itself went on: the SPTA is issued and in the farmer's inbox.
    assert Notice.objects.get(channel=Channel.PORTAL, event="spta_issued").status == "sent"
