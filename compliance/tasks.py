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
