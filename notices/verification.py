"""A farmer's number is verified by a one-time code before any of his data is sent to it.

The code goes out at once by SMS (the farmer is looking at the page, waiting for it), straight
through the SMS backend and not through a queued notice: the code must never be stored readable,
so the notice that records the send keeps the text with the code masked and only a keyed hash of
the code is kept. A code lives 10 minutes and takes 5 tries; a number gets 3 codes an hour, however
many farmers ask for it.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from notices.backends import DeliveryError, deliver
from notices.models import Channel, DeliveryStatus, Notice, NoticeStatus, PhoneVerification
from notices.reach import number_key, phone_verified
from notices.services import render_message

CODE_EVENT = "phone_code"
CODE_LIFETIME = timedelta(minutes=10)
CODE_ATTEMPTS = 5
CODES_PER_NUMBER_PER_HOUR = 3
MASK = "******"


def _hash(code: str, salt: str) -> str:
    return salted_hmac("notices.phone-code", f"{salt}:{code}").hexdigest()


def _matches(verification: PhoneVerification, code: str) -> bool:
    salt, _sep, digest = verification.code_hash.partition("$")
    return hmac.compare_digest(_hash(code, salt), digest)


@dataclass(frozen=True)
class CodeSent:
    verification: PhoneVerification
    sent: bool
    error: str = ""


def send_phone_code(*, farmer) -> CodeSent:
    """Send a new code to the farmer's number; refused (ValidationError) without a number, when
    it is verified already or when the number had its codes for this hour."""
    if not farmer.phone:
        raise ValidationError(_("No phone number is on record for you. Ask your field officer."))
    if phone_verified(farmer):
        raise ValidationError(_("Your number is already verified."))
    key = number_key(farmer.phone)
    now = timezone.now()
    with transaction.atomic():
        recent = PhoneVerification.objects.filter(
            number_key=key, created_at__gte=now - timedelta(hours=1)
        ).count()
        if recent >= CODES_PER_NUMBER_PER_HOUR:
            raise ValidationError(
                _("Too many codes were sent to this number. Try again in an hour.")
            )
        code = f"{secrets.randbelow(10**6):06d}"
        salt = secrets.token_hex(8)
        verification = PhoneVerification.objects.create(
            farmer=farmer,
            number=farmer.phone,
            number_key=key,
            code_hash=f"{salt}${_hash(code, salt)}",
            expires_at=now + CODE_LIFETIME,
        )
    minutes = int(CODE_LIFETIME.total_seconds() // 60)
    subject, body = render_message(CODE_EVENT, {"code": code, "minutes": minutes})
    notice = Notice(
        mill=farmer.mill,
        region=farmer.region,
        farmer=farmer,
        channel=Channel.SMS,
        address=farmer.phone,
        event=CODE_EVENT,
        subject=subject,
        body=body,
        attempts=1,
        language=settings.LANGUAGE_CODE,
    )
    try:
        gateway_id = deliver(notice)
    except DeliveryError as exc:
        notice.status, notice.error = NoticeStatus.FAILED, str(exc)
    else:
        notice.status, notice.sent_at = NoticeStatus.SENT, timezone.now()
        notice.gateway_id = (gateway_id or "")[:100]
        notice.delivery_status = DeliveryStatus.SUBMITTED
    # Recorded like every SMS (delivery reports find it), the code masked.
    notice.subject, notice.body = render_message(CODE_EVENT, {"code": MASK, "minutes": minutes})
    notice.save()
    return CodeSent(verification, notice.status == NoticeStatus.SENT, notice.error)


def verify_phone_code(*, farmer, code: str) -> PhoneVerification:
    """Check the code the farmer typed against the last one sent to his current number."""
    code = "".join((code or "").split())
    wrong = ValidationError({"code": [_("That code is not right. Check the SMS and try again.")]})
    if not farmer.phone:
        raise ValidationError(_("No phone number is on record for you. Ask your field officer."))
    with transaction.atomic():
        verification = (
            PhoneVerification.objects.select_for_update()
            .filter(farmer=farmer, number_key=number_key(farmer.phone), verified_at__isnull=True)
            .order_by("-created_at", "-id")
            .first()
        )
        if verification is None or verification.expires_at <= timezone.now():
            raise ValidationError(
                {"code": [_("The code has expired or none was sent. Ask for a new code.")]}
            )
        if verification.attempts >= CODE_ATTEMPTS:
            raise ValidationError({"code": [_("Too many wrong codes. Ask for a new code.")]})
        verification.attempts += 1
        right = code.isdigit() and _matches(verification, code)
        if right:
            verification.verified_at = timezone.now()
        verification.save(update_fields=["attempts", "verified_at", "updated_at"])
    # Raised after the block: the wrong try is counted, not rolled back with the error.
    if not right:
        raise wrong
    return verification
