"""Delivery backends. Each takes a Notice and sends it or raises DeliveryError.

Email goes through Django's own mail backends (console in development, SMTP in production).
SMS has no Django standard, so the small interface below is ours: ``console`` prints, ``log``
writes to the log, ``locmem`` keeps messages in ``outbox`` for tests, ``disabled`` refuses
(the notice is recorded as failed, never silently dropped). A real SMS provider's gateway is a
subclass of SmsBackend registered in SMS_BACKENDS and allowed in settings.SMS_BACKEND.
"""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.core.mail import send_mail

logger = logging.getLogger("tebu.notices")

outbox: list[dict] = []


class DeliveryError(Exception):
    pass


class SmsBackend:
    def send(self, to: str, text: str) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class ConsoleSms(SmsBackend):
    def send(self, to: str, text: str) -> None:
        sys.stdout.write(f"SMS to {to}:\n{text}\n{'-' * 40}\n")
        sys.stdout.flush()


class LogSms(SmsBackend):
    def send(self, to: str, text: str) -> None:
        logger.info("SMS to %s: %s", to, text)


class LocmemSms(SmsBackend):
    def send(self, to: str, text: str) -> None:
        outbox.append({"to": to, "text": text})


class DisabledSms(SmsBackend):
    def send(self, to: str, text: str) -> None:
        raise DeliveryError("SMS sending is disabled (TEBU_SMS_BACKEND=disabled).")


SMS_BACKENDS = {
    "console": ConsoleSms,
    "log": LogSms,
    "locmem": LocmemSms,
    "disabled": DisabledSms,
}


def sms_backend() -> SmsBackend:
    name = settings.SMS_BACKEND
    cls = SMS_BACKENDS[name]
    return cls()


def deliver(notice) -> None:
    """Send one notice through its channel; raise DeliveryError on failure."""
    from notices.models import Channel

    if notice.channel == Channel.PORTAL:
        return  # recorded is delivered: the farmer reads it in the portal inbox
    if not notice.address:
        raise DeliveryError("No address for this channel.")
    if notice.channel == Channel.SMS:
        # SMS is short: the subject is enough to make the farmer open the portal.
        sms_backend().send(notice.address, f"{notice.subject}\n{notice.body}"[:459])
    elif notice.channel == Channel.EMAIL:
        try:
            send_mail(notice.subject, notice.body, None, [notice.address], fail_silently=False)
        except Exception as exc:  # SMTP errors come in many classes; all mean "not sent"
            raise DeliveryError(str(exc)) from exc
    else:
        raise DeliveryError(f"Unknown channel {notice.channel!r}.")
