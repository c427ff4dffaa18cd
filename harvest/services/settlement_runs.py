"""Batch settlements as runs a Celery worker carries out (issue 18): asked for on the page,
settled by ``harvest.settle_period_run``, the outcome kept on the run.

The period is settled in one transaction (settlement.settle_period, set-based since issue 18:
seconds for thousands of DOs), so a run that dies leaves no draft behind and a new run of the
same period settles it all again; the deliveries already on a DO are not candidates any more.
Its progress is written inside that transaction, so the page sees it at the end.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from harvest.models import RunStatus, SettlementRun
from harvest.permissions import HarvestAction, require
from harvest.services.settlement import settle_period
from partners.models import Season
from tebu_site.services import require_visible


def request_settlement(
    *, by, season: Season, start: date, end: date, natura_consumed_kw: Decimal = Decimal(0)
) -> SettlementRun:
    """Record the batch and hand it to a worker once the record is committed."""
    require(by, HarvestAction.SETTLE)
    require_visible(by, season.mill)
    if end < start:
        raise ValidationError({"end": [_("The end date is before the start date.")]})
    run = SettlementRun(
        mill=season.mill,
        season=season,
        period_start=start,
        period_end=end,
        natura_consumed_kw=natura_consumed_kw,
        requested_by=by,
    )
    run.full_clean()
    run.save()
    from harvest.tasks import settle_period_run  # tasks import services: not at module level

    transaction.on_commit(lambda: settle_period_run.delay(run.pk))
    return run


def carry_out(run_id: int) -> SettlementRun | None:
    """Settle a queued run; a run already taken (a redelivered task) is left alone."""
    with transaction.atomic():
        run = SettlementRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status != RunStatus.QUEUED:
            return run
        run.status = RunStatus.RUNNING
        run.started_at = timezone.now()
        run.save(update_fields=["status", "started_at"])

    def progress(done: int, total: int) -> None:
        SettlementRun.objects.filter(pk=run.pk).update(farmers_done=done, farmers_total=total)

    try:
        batch = settle_period(
            by=run.requested_by,
            mill=run.mill,
            season=run.season,
            start=run.period_start,
            end=run.period_end,
            natura_consumed_kw=run.natura_consumed_kw,
            progress=progress,
        )
    except Exception as error:  # noqa: BLE001 - recorded on the run, then raised for the log
        SettlementRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED,
            finished_at=timezone.now(),
            error=" ".join(getattr(error, "messages", None) or [str(error)])[:2000],
        )
        if not isinstance(error, ValidationError):
            raise
        return SettlementRun.objects.get(pk=run.pk)
    SettlementRun.objects.filter(pk=run.pk).update(
        status=RunStatus.DONE,
        finished_at=timezone.now(),
        created_ids=[order.pk for order in batch.created],
        skipped=batch.skipped,
        waiting_for_rendemen=batch.waiting_for_rendemen,
    )
    return SettlementRun.objects.get(pk=run.pk)
