"""The escalation clock: thin and idempotent (each run moves only complaints still overdue)."""

from __future__ import annotations

from celery import shared_task

from complaints.services import escalate_overdue


@shared_task(bind=True, acks_late=True, max_retries=3, name="complaints.escalate_overdue")
def escalate_overdue_complaints(self) -> int:
    return len(escalate_overdue())
