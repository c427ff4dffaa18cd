"""Issuing a batch settlement's drafts at once (issue 18): once staff have reviewed the drafts a
run made, one click hands them to a worker, which issues each one exactly as the DO page would
(``issue_do``: settled again, dated, repayments posted, the farmer told), many at a time
(settlement_issue_batch).

A draft that cannot be issued (changed since, or refused by a rule) is listed with its reason and
the others go on; the progress is written after each chunk, so the page follows it. Asking again
issues only the drafts still left.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from harvest.models import DeliveryOrder, DoStatus, IssueStatus, RunStatus, SettlementRun
from harvest.permissions import HarvestAction, require
from harvest.services.settlement_issue_batch import issue_drafts
from tebu_site.services import require_visible

# Issued together, then the progress written (one UPDATE, not one per DO).
CHUNK = 500
FAILURES_KEPT = 500


def drafts_left(run: SettlementRun):
    """The run's DOs that are still drafts (some may have been issued one by one since)."""
    return DeliveryOrder.objects.filter(pk__in=run.created_ids, status=DoStatus.DRAFT)


def request_issue(*, by, run: SettlementRun) -> SettlementRun:
    """Hand the run's remaining drafts to a worker once this is committed."""
    require(by, HarvestAction.SETTLE)
    require_visible(by, run)
    with transaction.atomic():
        run = SettlementRun.objects.select_for_update().get(pk=run.pk)
        if run.status != RunStatus.DONE:
            raise ValidationError(_("Only a finished batch settlement can be issued."))
        if run.is_issuing:
            raise ValidationError(_("This batch's drafts are already being issued."))
        total = drafts_left(run).count()
        if not total:
            raise ValidationError(_("No draft of this batch is left to issue."))
        run.issue_status = IssueStatus.QUEUED
        run.issue_requested_by = by
        run.issue_total, run.issued_count = total, 0
        run.issue_failures, run.issue_error = [], ""
        run.save()
        from harvest.tasks import issue_run_drafts  # tasks import services: not at module level

        transaction.on_commit(lambda: issue_run_drafts.delay(run.pk))
    return run


def carry_out_issue(run_id: int) -> SettlementRun | None:
    """Issue a queued run's drafts; a run already taken (a redelivered task) is left alone."""
    with transaction.atomic():
        run = SettlementRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.issue_status != IssueStatus.QUEUED:
            return run
        run.issue_status = IssueStatus.RUNNING
        run.save(update_fields=["issue_status"])
    issued, failures = 0, []
    try:
        ids = list(drafts_left(run).order_by("number", "pk").values_list("pk", flat=True))
        for start in range(0, len(ids), CHUNK):
            outcome = issue_drafts(ids=ids[start : start + CHUNK], by=run.issue_requested_by)
            issued += len(outcome.issued)
            failures += outcome.failures
            SettlementRun.objects.filter(pk=run.pk).update(
                issued_count=issued, issue_failures=failures[:FAILURES_KEPT]
            )
    except Exception as error:  # noqa: BLE001 - recorded on the run, then raised for the log
        SettlementRun.objects.filter(pk=run.pk).update(
            issue_status=IssueStatus.FAILED,
            issued_count=issued,
            issue_failures=failures[:FAILURES_KEPT],
            issue_error=str(error)[:2000],
        )
        raise
    SettlementRun.objects.filter(pk=run.pk).update(
        issue_status=IssueStatus.DONE,
        issued_count=issued,
        issue_failures=failures[:FAILURES_KEPT],
    )
    return SettlementRun.objects.get(pk=run.pk)
