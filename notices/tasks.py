"""Sending notices off the request: thin, idempotent (only pending notices are sent)."""

from __future__ import annotations

from celery import shared_task

from notices.services import send_pending


@shared_task(bind=True, acks_late=True, max_retries=3, name="notices.send_notices")
def send_notices(self, notice_ids: list[int]) -> int:
    return send_pending(notice_ids)
