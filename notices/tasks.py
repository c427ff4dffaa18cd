"""Sending notices off the request: thin, idempotent (only pending notices are sent)."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from notices.services import due_notices, retry_countdown, send_pending


@shared_task(bind=True, acks_late=True, max_retries=None, name="notices.send_notices")
def send_notices(self, notice_ids: list[int]) -> int:
    outcome = send_pending(notice_ids)
    sent = outcome.sent
    if outcome.retry and self.request.is_eager:
        # No broker to schedule a later try (embedded mode, tests), and a Retry raised here would
        # reach the request that committed the notice: try again at once instead. Each notice's
        # attempts count still bounds the tries (send_pending records FAILED at the last); one the
        # gateway asked to wait for (Retry-After) is not due yet, so it waits for the beat's sweep.
        retry = outcome.retry
        while retry:
            outcome = send_pending(retry)
            sent, retry = sent + outcome.sent, outcome.retry
        return sent
    if outcome.retry:
        # Only the notices that failed for now go round again: when the gateway said (its
        # Retry-After, bounded), else later each time. The attempts count bounds the tries;
        # max_retries is a backstop.
        raise self.retry(
            args=[outcome.retry],
            countdown=retry_countdown(self.request.retries, outcome.wait),
            max_retries=settings.SMS_SEND_ATTEMPTS,
        )
    return sent


@shared_task(acks_late=True, name="notices.send_due_notices")
def send_due_notices() -> int:
    """The beat's sweep: notices held through quiet hours or a Retry-After, now due."""
    ids = due_notices()
    if ids:
        send_notices.delay(ids)  # with its retries, as any other send
    return len(ids)
