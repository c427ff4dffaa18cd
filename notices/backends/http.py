"""A generic HTTP SMS gateway: one POST per message, JSON or form, bearer or basic credentials.

The Indonesian gateways we looked at (and most elsewhere) take the same shape: a POST to one URL
with the number, the text and a sender id (a masking name), authorised by a token, answering with
JSON that carries the message's id. Field names differ, so they are settings too.

urllib from the standard library, not requests: requests is in this environment only as a
dependency of a test tool (schemathesis), not of the application, and one POST needs nothing more.
"""

from __future__ import annotations

import base64
import json
import logging
import math
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from django.conf import settings

from notices.backends import DeliveryError, SmsBackend, TransientDeliveryError

logger = logging.getLogger("tebu.notices")

# Busy or failing on the gateway's side: the same request may well succeed later.
TRANSIENT_STATUSES = {408, 425, 429}
DEFAULT_ID_KEYS = ("id", "message_id")
# The statuses whose Retry-After header we follow (RFC 9110 15.5.20 and 15.6.4).
RETRY_AFTER_STATUSES = {429, 503}


def retry_after_seconds(value: str | None, now: datetime | None = None) -> int | None:
    """Retry-After as seconds from now: delay-seconds ("120") or an HTTP date; None when absent
    or unreadable (the caller's own backoff applies then)."""
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        return int(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0, math.ceil((moment - (now or datetime.now(UTC))).total_seconds()))


def _message_id(answer: object, key: str) -> str | None:
    """The id in the gateway's JSON answer: ``key`` may be dotted ("data.id") for gateways that
    wrap their answer; without a key, "id" then "message_id" at the top level."""
    if not isinstance(answer, dict):
        return None
    if key:
        value: object = answer
        for step in key.split("."):
            value = value.get(step) if isinstance(value, dict) else None
        return str(value) if value not in (None, "") else None
    for candidate in DEFAULT_ID_KEYS:
        if answer.get(candidate) not in (None, ""):
            return str(answer[candidate])
    return None


class HttpGatewaySms(SmsBackend):
    def __init__(self) -> None:
        self.url = settings.SMS_GATEWAY_URL
        self.token = settings.SMS_GATEWAY_TOKEN
        self.auth = settings.SMS_GATEWAY_AUTH
        self.sender = settings.SMS_GATEWAY_SENDER
        self.format = settings.SMS_GATEWAY_FORMAT
        self.timeout = settings.SMS_GATEWAY_TIMEOUT
        self.id_key = settings.SMS_GATEWAY_ID_KEY
        self.fields = settings.SMS_GATEWAY_FIELDS
        if not self.url:
            raise DeliveryError("TEBU_SMS_GATEWAY_URL is not set.")

    def _request(self, to: str, text: str) -> urllib.request.Request:
        payload = {self.fields["to"]: to, self.fields["text"]: text}
        if self.sender:
            payload[self.fields["sender"]] = self.sender
        headers = {"Accept": "application/json"}
        if self.format == "json":
            data = json.dumps(payload).encode()
            headers["Content-Type"] = "application/json"
        else:
            data = urllib.parse.urlencode(payload).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.token:
            if self.auth == "basic":  # the token is "user:password"
                headers["Authorization"] = "Basic " + base64.b64encode(self.token.encode()).decode()
            else:
                headers["Authorization"] = f"Bearer {self.token}"
        # The URL is a setting whose http(s) scheme is checked at start (tebu_site.env.env_url).
        return urllib.request.Request(  # noqa: S310
            self.url, data=data, headers=headers, method="POST"
        )

    def send(self, to: str, text: str) -> str | None:
        request = self._request(to, text)
        try:
            # The URL is a setting with an http(s) scheme checked at start (tebu_site.env.env_url).
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                body = response.read()
        except urllib.error.HTTPError as error:
            detail = error.read()[:300].decode("utf-8", "replace")
            reason = f"Gateway answered HTTP {error.code}: {detail}".strip()
            if error.code >= 500 or error.code in TRANSIENT_STATUSES:
                wait = None
                if error.code in RETRY_AFTER_STATUSES:
                    wait = retry_after_seconds(error.headers.get("Retry-After"))
                raise TransientDeliveryError(reason, retry_after=wait) from None
            raise DeliveryError(reason) from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            reason = getattr(error, "reason", error)
            raise TransientDeliveryError(f"Gateway not reachable: {reason}") from None
        try:
            answer = json.loads(body or b"null")
        except ValueError:
            # Accepted (2xx) without JSON: sent, but no id to match a delivery report with.
            logger.warning("SMS gateway answered without JSON; no message id recorded.")
            return None
        return _message_id(answer, self.id_key)
