"""A farmer's SMS commands answered from his own figures, in at most two SMS, recorded with the
reply notice; another farmer's DO and an unknown number get neutral answers."""

import datetime
import re
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from credit.models import ApplicationStatus, Disbursement
from harvest.models import DoPayment, DoStatus
from notices import backends
from notices.models import Channel, Notice, NoticeStatus
from notices.sms_text import split
from sms import answers
from sms.models import InboundOutcome, InboundSms
from tests.credit.factories import CreditApplicationFactory, CreditProductFactory
from tests.factories import (
    DeliveryOrderFactory,
    FarmerFactory,
    PlotFactory,
    RendemenAnalysisFactory,
    SptaFactory,
    UserFactory,
)
from tests.sms.webhooks import signed_post

pytestmark = pytest.mark.django_db

D = Decimal
PHONE = "+6281234567001"


@pytest.fixture
def farmer(webhooks):
    return FarmerFactory(phone=PHONE, name="Buriyanto")


@pytest.fixture
def neighbour(farmer):
    return FarmerFactory(mill=farmer.mill, region=farmer.region, phone="+6281234567002")


def ask(client, capture, text, number="081234567001"):
    """Send ``text`` from ``number``; the SMS that went back (None if none)."""
    backends.outbox.clear()
    with capture(execute=True):
        # The gateway's own message id makes each message's body (and signature) unique.
        message = {"id": uuid.uuid4().hex, "from": number, "text": text}
        response = signed_post(client, "/sms/inbound/", message)
    assert response.status_code == 200
    assert len(backends.outbox) <= 1
    return backends.outbox[0]["text"] if backends.outbox else None


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def test_do_lists_his_unpaid_dos_oldest_first_with_the_total_owed(
    client, farmer, neighbour, django_capture_on_commit_callbacks
):
    old = DeliveryOrderFactory(farmer=farmer, number="DO/SMB/00007", issued_at=days_ago(20))
    DoPayment.objects.create(
        delivery_order=old,
        paid_on=timezone.localdate(),
        amount=D("1234567"),
        method="transfer",
        recorded_by=UserFactory(),
    )
    old.status = DoStatus.PARTLY_PAID
    old.save()
    DeliveryOrderFactory(farmer=farmer, number="DO/SMB/00012", issued_at=days_ago(3))
    DeliveryOrderFactory(farmer=farmer, number="DO/SMB/00002", status=DoStatus.PAID)
    DeliveryOrderFactory(farmer=farmer, number="DO/SMB/00013", status=DoStatus.DRAFT)
    DeliveryOrderFactory(farmer=neighbour, number="DO/SMB/00009")

    reply = ask(client, django_capture_on_commit_callbacks, "  do ")

    assert re.search(r"\b2\b", reply.split("\n")[0])  # the count, however it is worded
    assert "Rp 8.765.433" in reply  # 5,000,000 - 1,234,567 + 5,000,000
    lines = reply.split("\n")[1:]
    assert lines == ["DO/SMB/00007 Rp 3.765.433", "DO/SMB/00012 Rp 5.000.000"]
    assert "00009" not in reply and "00002" not in reply and "00013" not in reply


def test_do_with_many_unpaid_shows_what_fits_in_two_sms(
    client, farmer, django_capture_on_commit_callbacks
):
    for n in range(30):
        DeliveryOrderFactory(
            farmer=farmer, number=f"DO/SMB/2026/{n:05d}", issued_at=days_ago(40 - n)
        )

    reply = ask(client, django_capture_on_commit_callbacks, "DO")

    assert len(split(reply).parts) == 2
    assert re.search(r"\b30\b", reply.split("\n")[0])
    assert "Rp 150.000.000" in reply
    assert reply.split("\n")[1].startswith("DO/SMB/2026/00000 ")  # the oldest first
    assert reply.split("\n")[-1].startswith("+")  # and how many more there are


def test_do_number_gives_his_dos_figures_by_full_number_or_serial(
    client, farmer, django_capture_on_commit_callbacks
):
    order = DeliveryOrderFactory(
        farmer=farmer,
        number="DO/SMB/2025/2026/00042",
        cane_kw=D("412.50"),
        rendemen_percent=D("7.8512"),
        payable=D("23456789.00"),
    )
    DoPayment.objects.create(
        delivery_order=order,
        paid_on=timezone.localdate(),
        amount=D("10000000"),
        method="transfer",
        recorded_by=UserFactory(),
    )

    full = ask(client, django_capture_on_commit_callbacks, "do do/smb/2025/2026/00042")
    short = ask(client, django_capture_on_commit_callbacks, "DO   42")

    assert full == short
    assert "DO/SMB/2025/2026/00042" in full
    assert "412,50 kw" in full
    assert "7,85%" in full
    assert "Rp 23.456.789" in full and "Rp 10.000.000" in full
    with translation.override("id"):
        assert str(DoStatus.ISSUED.label) in full
    assert len(split(full).parts) <= 2


def test_another_farmers_do_gets_the_same_answer_as_no_do(
    client, farmer, neighbour, django_capture_on_commit_callbacks
):
    DeliveryOrderFactory(farmer=neighbour, number="DO/SMB/2025/2026/00077", payable=D("9999999"))

    theirs = ask(client, django_capture_on_commit_callbacks, "DO DO/SMB/2025/2026/00077")
    by_serial = ask(client, django_capture_on_commit_callbacks, "DO 77")
    none = ask(client, django_capture_on_commit_callbacks, "DO DO/SMB/2025/2026/00078")

    assert theirs == by_serial == none
    assert "00077" not in theirs and "9.999.999" not in theirs


def test_ren_gives_his_last_rendemen_with_its_date(
    client, farmer, neighbour, django_capture_on_commit_callbacks
):
    RendemenAnalysisFactory(farmer=farmer, rendemen_percent=D("6.10"), measured_at=days_ago(9))
    last = RendemenAnalysisFactory(
        farmer=farmer, rendemen_percent=D("7.45"), measured_at=days_ago(2)
    )
    RendemenAnalysisFactory(farmer=neighbour, rendemen_percent=D("9.90"), measured_at=days_ago(1))

    reply = ask(client, django_capture_on_commit_callbacks, "ren")

    assert "7,45%" in reply
    assert timezone.localdate(last.measured_at).strftime("%d/%m/%Y") in reply
    assert "9,90" not in reply


def test_kredit_gives_what_he_owes_and_his_next_tranche(
    client, farmer, neighbour, django_capture_on_commit_callbacks
):
    product = CreditProductFactory(season__mill=farmer.mill)
    loan = CreditApplicationFactory(
        farmer=farmer,
        product=product,
        status=ApplicationStatus.ACTIVE,
        approved_on=timezone.localdate(),
    )
    today = timezone.localdate()
    Disbursement.objects.create(
        application=loan,
        order=1,
        purpose="cultivation",
        payee="farmer",
        planned_on=today,
        planned_amount=D("4000000"),
        paid_on=today,
        amount=D("4000000"),
    )
    Disbursement.objects.create(
        application=loan,
        order=2,
        purpose="fertiliser",
        payee="farmer",
        planned_on=today + datetime.timedelta(days=14),
        planned_amount=D("2500000"),
    )
    other = CreditApplicationFactory(
        farmer=neighbour, product=product, status=ApplicationStatus.ACTIVE, approved_on=today
    )
    Disbursement.objects.create(
        application=other,
        order=1,
        purpose="cultivation",
        payee="farmer",
        planned_on=today,
        planned_amount=D("7777777"),
        paid_on=today,
        amount=D("7777777"),
    )

    reply = ask(client, django_capture_on_commit_callbacks, "Kredit")

    assert "Rp 4.000.000" in reply  # paid out today: no interest yet
    assert "Rp 2.500.000" in reply
    assert (today + datetime.timedelta(days=14)).strftime("%d/%m/%Y") in reply
    assert "7.777.777" not in reply


def test_spta_gives_his_next_cutting_slip_with_its_short_number(
    client, farmer, neighbour, django_capture_on_commit_callbacks
):
    plot = PlotFactory(farmer=farmer, code="U-001")
    today = timezone.localdate()
    SptaFactory(
        plot=plot,
        number="SPTA/SMB/2025/2026/000050",
        cutting_date=today + datetime.timedelta(days=5),
    )
    SptaFactory(
        plot=plot,
        number="SPTA/SMB/2025/2026/000043",
        cutting_date=today + datetime.timedelta(days=1),
    )
    SptaFactory(
        plot=PlotFactory(farmer=neighbour), number="SPTA/SMB/2025/2026/000040", cutting_date=today
    )

    reply = ask(client, django_capture_on_commit_callbacks, "SPTA")

    assert reply.startswith("SPTA 43:")  # the short number, the earliest of his open slips
    assert "000043" not in reply and "000050" not in reply
    assert (today + datetime.timedelta(days=1)).strftime("%d/%m/%Y") in reply
    assert "U-001" in reply
    assert reply.count(" 43") == 2  # named again for the weighbridge


def test_bantu_and_anything_else_give_the_help(client, farmer, django_capture_on_commit_callbacks):
    help_reply = ask(client, django_capture_on_commit_callbacks, "bantu")
    other = ask(client, django_capture_on_commit_callbacks, "halo pak, DO saya?")

    assert help_reply == other
    for command in ("DO", "REN", "KREDIT", "SPTA", "BANTU"):
        assert command in help_reply
    assert len(split(help_reply).parts) <= 2


def test_the_number_is_recognised_however_it_is_written(
    client, farmer, django_capture_on_commit_callbacks
):
    for number in ("081234567001", "6281234567001", "+62 812-3456-7001"):
        ask(client, django_capture_on_commit_callbacks, "REN", number=number)

    assert list(InboundSms.objects.values_list("farmer", flat=True)) == [farmer.pk] * 3
    assert set(InboundSms.objects.values_list("number", flat=True)) == {PHONE}


def test_the_command_and_its_reply_are_recorded_and_the_reply_sent_once(
    client, farmer, django_capture_on_commit_callbacks
):
    reply = ask(client, django_capture_on_commit_callbacks, "REN")

    inbound = InboundSms.objects.get()
    assert (inbound.farmer, inbound.command, inbound.outcome) == (farmer, "REN", "answered")
    notice = inbound.reply
    assert (notice.channel, notice.event, notice.address) == (Channel.SMS, "sms_reply", PHONE)
    assert notice.status == NoticeStatus.SENT and notice.body == reply
    assert backends.outbox == [{"to": PHONE, "text": reply}]  # the body only, no subject


def test_an_unknown_number_gets_the_neutral_answer_only(
    client, farmer, django_capture_on_commit_callbacks
):
    DeliveryOrderFactory(farmer=farmer, number="DO/SMB/00007")

    reply = ask(client, django_capture_on_commit_callbacks, "DO", number="085799990000")

    with translation.override("id"):
        assert reply == answers.unknown_number()
    inbound = InboundSms.objects.get()
    assert inbound.farmer is None and inbound.outcome == InboundOutcome.UNKNOWN_NUMBER
    assert Notice.objects.count() == 1
    assert Notice.objects.get().farmer is None


def test_a_number_shared_by_two_farmers_learns_nothing(
    client, farmer, django_capture_on_commit_callbacks
):
    FarmerFactory(mill=farmer.mill, phone="081234567001")  # stored as typed, before normalising
    DeliveryOrderFactory(farmer=farmer, number="DO/SMB/00007")

    reply = ask(client, django_capture_on_commit_callbacks, "DO")

    with translation.override("id"):
        assert reply == answers.unknown_number()


def test_over_the_hourly_limit_nothing_is_answered(
    client, farmer, settings, django_capture_on_commit_callbacks
):
    settings.SMS_INBOUND_PER_HOUR = 3
    replies = [ask(client, django_capture_on_commit_callbacks, "REN") for _ in range(5)]

    assert [r is not None for r in replies] == [True, True, True, False, False]
    outcomes = list(InboundSms.objects.order_by("id").values_list("outcome", flat=True))
    assert outcomes == ["answered"] * 3 + ["limited"] * 2
    assert Notice.objects.filter(event="sms_reply").count() == 3

    InboundSms.objects.update(received_at=timezone.now() - datetime.timedelta(minutes=61))
    assert ask(client, django_capture_on_commit_callbacks, "REN") is not None


def test_the_limit_holds_for_unknown_numbers_too(
    client, webhooks, settings, django_capture_on_commit_callbacks
):
    settings.SMS_INBOUND_PER_HOUR = 2
    replies = [
        ask(client, django_capture_on_commit_callbacks, "DO", "085799990000") for _ in range(4)
    ]

    assert [r is not None for r in replies] == [True, True, False, False]


def test_a_short_code_or_named_sender_is_recorded_but_not_answered(
    client, farmer, django_capture_on_commit_callbacks
):
    assert ask(client, django_capture_on_commit_callbacks, "PROMO", number="TELKOMSEL") is None
    assert ask(client, django_capture_on_commit_callbacks, "INFO", number="3636") is None

    assert InboundSms.objects.count() == 2
    assert not Notice.objects.exists()
