"""The gateway's webhooks are signed, not logged in: HMAC-SHA256 with the shared secret
(settings.SMS_WEBHOOK_SECRET) over ``<timestamp>.<raw body>``, hex, in the signature header; the
timestamp (Unix seconds) in its own header. The dot keeps the timestamp's digits from running into
a body that starts with digits. Too old or replayed requests are refused too."""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache

MAX_AGE_SECONDS = 5 * 60
# Longer than MAX_AGE in both directions: a signature older than this is refused for its age.
REPLAY_MEMORY_SECONDS = 10 * 60


def sign(body: bytes, timestamp: str, secret: str) -> str:
    message = timestamp.encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def refusal(request) -> str | None:
    """Why the request is refused (for the log), or None when it is signed, fresh and new."""
    secret = settings.SMS_WEBHOOK_SECRET
    if not secret:
        return "no TEBU_SMS_WEBHOOK_SECRET configured"
    timestamp = request.headers.get(settings.SMS_TIMESTAMP_HEADER, "").strip()
    signature = request.headers.get(settings.SMS_SIGNATURE_HEADER, "").strip().lower()
    signature = signature.removeprefix("sha256=")
    if not timestamp or not signature:
        return "unsigned"
    try:
        age = time.time() - int(timestamp)
    except ValueError:
        return "bad timestamp"
    if abs(age) > MAX_AGE_SECONDS:
        return "timestamp too old or in the future"
    if not hmac.compare_digest(sign(request.body, timestamp, secret), signature):
        return "bad signature"
    # add() writes only if the key is absent: the second sight of a signature is a replay. With
    # several web processes the cache must be shared (Redis) for this to hold across them.
    if not cache.add(f"sms-webhook-signature:{signature}", 1, timeout=REPLAY_MEMORY_SECONDS):
        return "replayed"
    return None
