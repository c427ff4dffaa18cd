"""Posting to the SMS webhooks the way the gateway does: JSON, signed with the shared secret."""

from __future__ import annotations

import json
import time

from sms.signatures import sign

SECRET = "rahasia-webhook"


def signed_post(client, url, data, *, secret=SECRET, timestamp=None, signature=None, headers=None):
    body = json.dumps(data).encode()
    timestamp = str(int(time.time())) if timestamp is None else timestamp
    signature = sign(body, timestamp, secret) if signature is None else signature
    sent = {"X-Tebu-Timestamp": timestamp, "X-Tebu-Signature": signature}
    return client.post(
        url, body, content_type="application/json", headers=sent if headers is None else headers
    )
