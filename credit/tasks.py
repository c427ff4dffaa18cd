"""Credit's scheduled work: thin and idempotent (the notices carry a dedupe key)."""

from __future__ import annotations

from celery import shared_task


@shared_task(bind=True, acks_late=True, max_retries=3, name="credit.notify_overdue_applications")
def notify_overdue_applications(self) -> int:
    from credit.services.notices import notify_overdue

    return notify_overdue()
