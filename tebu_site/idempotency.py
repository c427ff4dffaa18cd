"""Submissions made idempotent by an id the browser chose (issue 15, offline field entry).

A field officer's phone queues a form while there is no signal and sends it when the signal
returns; the answer may be lost on the way and the entry sent again, or two tabs may send it at
once. The browser puts a UUID of its own making in the hidden field ``client_id`` (and the header
``X-Client-Id``); the first accepted POST with that id is recorded in ``ClientSubmission`` and every
later one is answered with the same redirect without running the view again.

The views this wraps follow POST/redirect/GET: a redirect means accepted, a page means the form
came back with its errors. The offline queue (static/js/offline/queue.js) cannot read an opaque
redirect, and a redirect to the login page must not pass for an accepted entry, so a request
that carries the header is answered ``204`` with ``X-Client-Submission`` and ``X-Result-Url``; a
form shown again is answered ``400`` so the queue keeps the entry with the server's message.
"""

from __future__ import annotations

import uuid
from functools import wraps

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponse, HttpResponseForbidden, HttpResponseRedirect
from django.utils.translation import gettext as _

from tebu_site.models import ClientSubmission

CLIENT_ID_FIELD = "client_id"
CLIENT_ID_HEADER = "X-Client-Id"


def _client_id_of(request) -> str:
    raw = request.POST.get(CLIENT_ID_FIELD) or request.headers.get(CLIENT_ID_HEADER) or ""
    return raw.strip()


def _accepted(request, submission: ClientSubmission, outcome: str) -> HttpResponse:
    if request.headers.get(CLIENT_ID_HEADER):
        response = HttpResponse(status=204)
        response["X-Client-Submission"] = outcome
        response["X-Result-Url"] = submission.result_url
        return response
    return HttpResponseRedirect(submission.result_url)


def _replay(request, client_id: uuid.UUID) -> HttpResponse:
    submission = ClientSubmission.objects.get(client_id=client_id)
    if submission.user_id != request.user.pk or submission.path != request.path:
        # Someone else's id (or one made for another form) must not reveal or repeat anything.
        return HttpResponseForbidden(
            _("This entry's id was already used for another submission."),
            content_type="text/plain; charset=utf-8",
        )
    messages.info(request, _("This entry had already been received; it was not recorded again."))
    return _accepted(request, submission, "replayed")


def idempotent_submission(view):
    """Run a POST with a client id at most once; wrap it inside the login decorator."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "POST" or not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        raw_client_id = _client_id_of(request)
        if not raw_client_id:
            # A plain form without the offline script: the view as it always was.
            return view(request, *args, **kwargs)
        try:
            client_id = uuid.UUID(raw_client_id)
        except ValueError:
            return HttpResponse(
                _("The entry's id is not valid."),
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        # One transaction: a second request with the same id waits on the unique row until the
        # first commits and then replays it; a crash in the view leaves no half-recorded id.
        with transaction.atomic():
            try:
                with transaction.atomic():
                    submission = ClientSubmission.objects.create(
                        client_id=client_id, user=request.user, path=request.path
                    )
            except IntegrityError:
                return _replay(request, client_id)
            response = view(request, *args, **kwargs)
            if isinstance(response, HttpResponseRedirect) or 300 <= response.status_code < 400:
                submission.response_status = response.status_code
                submission.result_url = response["Location"]
                submission.save(update_fields=["response_status", "result_url"])
                return _accepted(request, submission, "accepted")
            submission.delete()
        if 200 <= response.status_code < 300:
            response.status_code = 400
        return response

    return wrapper
