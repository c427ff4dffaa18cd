"""Scheduled work of the partnership app. Tasks are thin: they call one service and are safe to
run twice."""

from __future__ import annotations

from celery import shared_task

from harvest.services import late_payment, season_close, settlement_issue
from harvest.services.settlement_runs import carry_out
from harvest.services.spta import expire_overdue_sptas
from harvest.services.summaries import refresh_mill, refresh_stale


@shared_task(bind=True, acks_late=True, max_retries=3, name="harvest.expire_overdue_sptas")
def expire_sptas(self) -> int:
    """Expire SPTAs left unused past their validity (domain.md 5: single use, expiring).

    Schedule it with Celery beat, e.g. every 15 minutes:
    ``"expire-overdue-sptas": {"task": "harvest.expire_overdue_sptas", "schedule": 900.0}``.
    """
    return expire_overdue_sptas()


@shared_task(bind=True, acks_late=True, max_retries=3, name="harvest.refresh_do_summaries")
def refresh_do_summaries(self, mill_id: int | None = None) -> int:
    """One mill's DO totals after a change, or (scheduled, no mill) every mill still marked."""
    if mill_id is not None:
        refresh_mill(mill_id)
        return 1
    return refresh_stale()


@shared_task(bind=True, acks_late=True, max_retries=3, name="harvest.count_late_compensation")
def count_late_compensation(self) -> int:
    """Each night: the late-payment compensation of every unpaid DO past its date, to the day."""
    return late_payment.refresh_unpaid()


@shared_task(bind=True, acks_late=True, name="harvest.settle_period_run")
def settle_period_run(self, run_id: int) -> int:
    """A batch settlement asked for on the page (harvest.services.settlement_runs)."""
    run = carry_out(run_id)
    return len(run.created_ids) if run is not None else 0


@shared_task(bind=True, acks_late=True, name="harvest.season_close_run")
def season_close_run(self, run_id: int) -> str:
    """A season close's preview or commit (harvest.services.season_close)."""
    run = season_close.carry_out(run_id)
    return run.status if run is not None else ""


@shared_task(bind=True, acks_late=True, name="harvest.issue_run_drafts")
def issue_run_drafts(self, run_id: int) -> int:
    """A batch settlement's drafts issued at once (harvest.services.settlement_issue)."""
    run = settlement_issue.carry_out_issue(run_id)
    return run.issued_count if run is not None else 0
