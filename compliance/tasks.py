"""Scheduled work of the compliance ledger: thin and safe to run twice."""

from __future__ import annotations

from celery import shared_task


@shared_task(bind=True, acks_late=True, max_retries=3, name="compliance.run_rules")
def run_compliance_rules(self) -> dict[str, int]:
    """Run every registered rule over every mill: raises what is new (once per rule and subject)
    and closes what is over (a DO paid in full)."""
    from compliance.rules import run_rules

    result = run_rules()
    return {"raised": len(result.raised), "closed": len(result.closed)}


@shared_task(
    bind=True, acks_late=True, max_retries=3, name="compliance.refresh_scorecard_summaries"
)
def refresh_scorecard_summaries(self, mill_id: int | None = None) -> int:
    """Recompute the stored scorecard summaries of one mill (after a change, debounced) or of
    every mill (the beat); returns how many seasons were refreshed."""
    from compliance.scorecard import summary

    if mill_id is None:
        return summary.refresh_all()
    summary.clear_mark(mill_id)  # a change from now on schedules the next refresh
    return summary.refresh_mill(mill_id)
