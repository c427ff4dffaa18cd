"""Writes of the sms app: a farmer's command received and answered, a delivery report recorded."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notices.models import Channel, DeliveryStatus, Notice
from notices.reach import phone_verified
from partners.models import Farmer
from partners.validators import normalize_phone
from sms import answers
from sms.models import InboundOutcome, InboundSms

REPLY_EVENT = "sms_reply"


def normalise_number(raw: str) -> str:
    """08xx, 628xx and +628xx as one form (+628xx); anything else kept as sent, for the record."""
    try:
        return normalize_phone(raw) or raw.strip()[:20]
    except ValidationError:
        return raw.strip()[:20]


def farmer_with_number(number: str) -> Farmer | None:
    """The farmer whose phone is this number, however it was typed when registered (forms store
    +62..., older rows and imports may hold 08... or 62...). A number two farmers share names
    neither: the answer would tell one about the other."""
    if not number.startswith("+62"):
        return None
    national = number[3:]
    forms = {number, f"62{national}", f"0{national}"}
    found = list(Farmer.objects.filter(phone__in=forms).select_related("mill", "region")[:2])
    return found[0] if len(found) == 1 else None


def _over_limit(number: str, now: datetime) -> bool:
    # Counted in the database, which every web process shares. Two messages racing in the same
    # instant may both pass: the limit is a guard against floods, not an exact quota.
    since = now - timedelta(hours=1)
    answered = InboundSms.objects.filter(number=number, received_at__gte=since).exclude(
        outcome=InboundOutcome.LIMITED
    )
    return answered.count() >= settings.SMS_INBOUND_PER_HOUR


def _reply(*, inbound: InboundSms, farmer: Farmer | None, text: str) -> Notice:
    """The answer as an SMS notice, so it is recorded, sent after commit and retried."""
    from notices.tasks import send_notices

    with translation.override("id"):
        subject = _("Answer to SMS %(command)s") % {"command": inbound.command or "-"}
    notice = Notice.objects.create(
        mill=farmer.mill if farmer else None,
        region=farmer.region if farmer else None,
        farmer=farmer,
        channel=Channel.SMS,
        address=inbound.number,
        event=REPLY_EVENT,
        subject=subject[:200],
        body=text,
        related_type=ContentType.objects.get_for_model(InboundSms),
        related_id=inbound.pk,
    )
    transaction.on_commit(lambda: send_notices.delay([notice.pk]))
    return notice


@transaction.atomic
def receive_inbound(*, number: str, text: str) -> InboundSms:
    """Record what a number sent and answer it: the farmer's own figures, the neutral answer to
    an unknown or not yet verified number, nothing over the hourly limit."""
    now = timezone.now()
    number = normalise_number(number)
    text = text[:1000]
    if _over_limit(number, now):
        return InboundSms.objects.create(
            number=number, text=text, received_at=now, outcome=InboundOutcome.LIMITED
        )
    farmer = farmer_with_number(number)
    if farmer is not None and not phone_verified(farmer):
        # Not yet proven his (issue 15): the number answers as an unknown one, telling nothing.
        farmer = None
    if farmer is None:
        inbound = InboundSms.objects.create(
            number=number, text=text, received_at=now, outcome=InboundOutcome.UNKNOWN_NUMBER
        )
        if not number.startswith("+62"):
            # An operator's short code or a named sender: an answer could not reach it, or would
            # start two robots answering each other. Recorded, not answered.
            return inbound
        with translation.override("id"):
            reply_text = answers.unknown_number()
    else:
        command, argument = answers.parse(text)
        inbound = InboundSms.objects.create(
            number=number,
            text=text,
            farmer=farmer,
            received_at=now,
            command=command,
            outcome=InboundOutcome.ANSWERED,
        )
        with translation.override("id"):
            reply_text = answers.answer(farmer, command, argument)
    inbound.reply = _reply(inbound=inbound, farmer=farmer, text=reply_text)
    inbound.save(update_fields=["reply"])
    return inbound


# What gateways call a delivered or a failed message, lower-cased (DLR stats differ by vendor).
DELIVERED_WORDS = {"delivered", "delivrd", "success", "sent_to_handset"}
UNDELIVERED_WORDS = {"undelivered", "undeliv", "failed", "rejected", "expired", "rejectd"}


def delivery_status_from(word: str) -> str | None:
    word = word.strip().lower()
    if word in DELIVERED_WORDS:
        return DeliveryStatus.DELIVERED
    if word in UNDELIVERED_WORDS:
        return DeliveryStatus.UNDELIVERED
    return None


def record_delivery_report(
    *, gateway_id: str, status: str, at: datetime | None = None
) -> Notice | None:
    """The gateway's word on a message: delivered (with when) or not. None if no SMS notice has
    this gateway id. A late "undelivered" does not undo a "delivered" already recorded."""
    notice = (
        Notice.objects.filter(channel=Channel.SMS, gateway_id=gateway_id)
        .exclude(gateway_id="")
        .first()
    )
    if notice is None:
        return None
    if status == DeliveryStatus.UNDELIVERED and notice.delivery_status == DeliveryStatus.DELIVERED:
        return notice
    notice.delivery_status = status
    notice.delivered_at = (at or timezone.now()) if status == DeliveryStatus.DELIVERED else None
    notice.save(update_fields=["delivery_status", "delivered_at", "updated_at"])
    return notice
