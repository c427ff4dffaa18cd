"""The SMS gateway's webhooks: signed (sms.signatures), not logged in, so CSRF-exempt; POST only.

The gateway posts JSON or a form. Delivery report: ``id`` (the message id the gateway gave when it
took the message), ``status`` and optionally ``delivered_at`` (ISO 8601 or Unix seconds).
Inbound: ``from`` (the sender's number) and ``text``.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

from django.http import HttpResponseForbidden, JsonResponse
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from sms.services import delivery_status_from, receive_inbound, record_delivery_report
from sms.signatures import refusal

logger = logging.getLogger("tebu.sms")


def _payload(request) -> dict:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}
    return request.POST.dict()


def _moment(value) -> datetime | None:
    if value in (None, ""):
        return None
    text = str(value).strip()
    if text.isdigit():
        return datetime.fromtimestamp(int(text), tz=UTC)
    try:
        moment = parse_datetime(text)
    except ValueError:
        return None
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # gateways report in UTC unless they say otherwise
    return moment


def _refused(request):
    reason = refusal(request)
    if reason is None:
        return None
    logger.warning("SMS webhook %s refused: %s", request.path, reason)
    return HttpResponseForbidden("Forbidden")


@csrf_exempt
@require_POST
def delivery_report(request):
    if (forbidden := _refused(request)) is not None:
        return forbidden
    data = _payload(request)
    gateway_id = str(data.get("id") or data.get("message_id") or "").strip()
    status = delivery_status_from(str(data.get("status") or ""))
    if not gateway_id or status is None:
        return JsonResponse({"detail": "id and a known status are required."}, status=400)
    notice = record_delivery_report(
        gateway_id=gateway_id, status=status, at=_moment(data.get("delivered_at"))
    )
    # 200 even for an id we do not know: the gateway would otherwise resend it for nothing.
    return JsonResponse({"matched": notice is not None})


@csrf_exempt
@require_POST
def inbound(request):
    if (forbidden := _refused(request)) is not None:
        return forbidden
    data = _payload(request)
    number = str(data.get("from") or "").strip()
    text = str(data.get("text") or "")
    if not number:
        return JsonResponse({"detail": "from is required."}, status=400)
    receive_inbound(number=number, text=text)
    # The answer goes back as its own SMS (a notice), not in this response.
    return JsonResponse({"received": True})
