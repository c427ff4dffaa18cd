"""Delivery backends. Each takes a Notice and sends it or raises DeliveryError.

Email goes through Django's own mail backends (console in development, SMTP in production).
SMS has no Django standard, so the small interface below is ours: ``console`` prints, ``log``
writes to the log, ``locmem`` keeps messages in ``outbox`` for tests, ``disabled`` refuses
(the notice is recorded as failed, never silently dropped); ``http`` posts to a real gateway
(notices/backends/http.py). A backend's ``send`` returns the gateway's message id when it has one.

An SMS goes out as one text of at most two parts (notices.sms_text.fit) and the gateway does the
concatenation: every Indonesian gateway we know splits and adds the UDH itself, and one request per
notice keeps one gateway id per notice for the delivery report.
"""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.core.mail import send_mail

logger = logging.getLogger("tebu.notices")

outbox: list[dict] = []


class DeliveryError(Exception):
    """Not sent, and trying again will not help (refused, no address, disabled)."""


class TransientDeliveryError(DeliveryError):
    """Not sent this time (network down, gateway busy or failing): worth trying again later;
    ``retry_after`` the seconds the gateway asked us to wait, when it said (HTTP Retry-After)."""

    def __init__(self, message: str = "", retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class SmsBackend:
    def send(self, to: str, text: str) -> str | None:  # pragma: no cover - interface
        """Send; return the gateway's message id (None if it gives none)."""
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


def _http_backend() -> SmsBackend:
    from notices.backends.http import HttpGatewaySms

    return HttpGatewaySms()


SMS_BACKENDS = {
    "console": ConsoleSms,
    "log": LogSms,
    "locmem": LocmemSms,
    "disabled": DisabledSms,
    "http": _http_backend,
}

# Events whose notice is itself the SMS (an answer to the farmer's command): the body only, no
# subject line in front of it.
BODY_ONLY_EVENTS = {"sms_reply"}
SMS_MAX_PARTS = 2


def sms_backend() -> SmsBackend:
    name = settings.SMS_BACKEND
    cls = SMS_BACKENDS[name]
    return cls()


def sms_text(notice) -> str:
    """What the phone shows: at most two SMS, in GSM-7 wherever the words allow it."""
    from notices.sms_text import fit

    if notice.event in BODY_ONLY_EVENTS or not notice.subject:
        text = notice.body
    else:
        # The subject first: it is what the phone shows in its list of messages.
        text = f"{notice.subject}\n{notice.body}"
    return fit(text, SMS_MAX_PARTS)


def deliver(notice) -> str | None:
    """Send one notice through its channel and return the gateway's message id, if any; raise
    DeliveryError on failure (TransientDeliveryError when trying later may help)."""
    from notices.models import Channel

    if notice.channel == Channel.PORTAL:
        return None  # recorded is delivered: the farmer reads it in the portal inbox
    if not notice.address:
        raise DeliveryError("No address for this channel.")
    if notice.channel == Channel.SMS:
        return sms_backend().send(notice.address, sms_text(notice))
    elif notice.channel == Channel.EMAIL:
        try:
            send_mail(notice.subject, notice.body, None, [notice.address], fail_silently=False)
        except Exception as exc:  # SMTP errors come in many classes; all mean "not sent"
            raise DeliveryError(str(exc)) from exc
        return None
    else:
        raise DeliveryError(f"Unknown channel {notice.channel!r}.")
