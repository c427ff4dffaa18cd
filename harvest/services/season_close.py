"""The season close (issue 16): asked for on the page, previewed then committed by a worker
(``harvest.season_close_run``), the outcome kept on the run (harvest.models.season_close).

Preview: every issued DO of the mill's season under a scheme that closes the season
(``final_rendemen_basis``) is settled again with the final rendemen and prices by the same pure
settlement (harvest.calculations.season_close), reading the DOs and the rendemen once for the
whole mill (set-based, like settlement_batch); one row per farmer is written, no DO.

Commit: all or nothing per farmer (his DOs must still be as previewed, then a final DO for a
positive difference or a debit carried to next season for a negative one, and his row marked
committed), a hundred farmers to a database transaction written in bulk
(harvest.services.season_close_chunk), a farmer that cannot be written so being committed alone
in his own savepoint (season_close_writes). A farmer that fails keeps his reason on his
row and does not stop the others; committing again (a redelivered task, a resumed run) skips the
farmers already committed, and a farmer's season is committed once whatever the run (constraints
on the final DO and on the committed row).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from harvest.calculations import season_close as calc
from harvest.calculations.errors import SettlementInputError
from harvest.models import (
    DeliveryOrder,
    DoStatus,
    FinalRendemenBasis,
    HarvestPolicy,
    SeasonClose,
    SeasonCloseFarmer,
    SeasonCloseStatus,
    SettlementScheme,
    Weighing,
)
from harvest.permissions import HarvestAction, require
from harvest.services.season_close_chunk import commit_chunk
from harvest.services.season_close_writes import commit_farmer
from harvest.services.settlement import delivery_input, do_series
from partners.models import Season
from tebu_site.formatting import round_half_up
from tebu_site.numbering import serial_block
from tebu_site.services import require_visible

ZERO = Decimal(0)
HUNDRED = Decimal(100)
# Farmers committed per database transaction; the run's progress is written after each chunk.
PROGRESS_EVERY = 100


def closing_schemes(season: Season) -> list[SettlementScheme]:
    return list(
        SettlementScheme.objects.filter(mill=season.mill, season=season)
        .exclude(final_rendemen_basis=FinalRendemenBasis.NONE)
        .order_by("pk")
    )


def _check_prices(schemes, sugar_price, molasses_price) -> None:
    """Each closing scheme with the final prices must still be a valid scheme."""
    for scheme in schemes:
        try:
            calc.final_scheme(
                scheme.parameters,
                sugar_price_per_kw=sugar_price,
                molasses_price_per_kg=molasses_price,
            )
        except SettlementInputError as error:
            raise ValidationError(
                _("Scheme %(scheme)s cannot be settled at the season close: %(reason)s")
                % {"scheme": scheme.name, "reason": error.message}
            ) from error


def request_season_close(
    *,
    by,
    season: Season,
    final_rendemen_percent: Decimal | None = None,
    final_sugar_price_per_kw: Decimal | None = None,
    final_molasses_price_per_kg: Decimal | None = None,
) -> SeasonClose:
    """Record the run and hand its preview to a worker once the record is committed."""
    require(by, HarvestAction.SETTLE)
    require_visible(by, season.mill)
    schemes = closing_schemes(season)
    if not schemes:
        raise ValidationError(
            _(
                "No settlement scheme of %(mill)s for season %(season)s pays on a provisional "
                "rendemen: set its season close first."
            )
            % {"mill": season.mill, "season": season.name}
        )
    _check_prices(schemes, final_sugar_price_per_kw, final_molasses_price_per_kg)
    run = SeasonClose(
        mill=season.mill,
        season=season,
        final_rendemen_percent=final_rendemen_percent,
        final_sugar_price_per_kw=final_sugar_price_per_kw,
        final_molasses_price_per_kg=final_molasses_price_per_kg,
        requested_by=by,
    )
    run.full_clean()
    run._history_user = by
    run.save()
    _enqueue(run)
    return run


def request_commit(*, by, run: SeasonClose) -> SeasonClose:
    """Commit a previewed run (or resume one whose commit stopped, or retry its failed farmers)
    with the inputs it was previewed with."""
    require(by, HarvestAction.SETTLE)
    require_visible(by, run)
    with transaction.atomic():
        run = SeasonClose.objects.select_for_update().get(pk=run.pk)
        resumable = run.status in (SeasonCloseStatus.PREVIEWED, SeasonCloseStatus.COMMITTING) or (
            run.status in (SeasonCloseStatus.DONE, SeasonCloseStatus.FAILED)
            and run.previewed_at is not None
            and run.farmers.filter(committed=False).exists()
        )
        if not resumable:
            if run.status == SeasonCloseStatus.DONE:
                raise ValidationError(_("Every farmer of this season close is committed."))
            raise ValidationError(_("Only a previewed season close can be committed."))
        run.status = SeasonCloseStatus.COMMITTING
        run.committed_by = run.committed_by or by
        run.commit_started_at = run.commit_started_at or timezone.now()
        run.error = ""
        run._history_user = by
        run.save()
        _enqueue(run)
    return run


def _enqueue(run: SeasonClose) -> None:
    from harvest.tasks import season_close_run  # tasks import services: not at module level

    transaction.on_commit(lambda: season_close_run.delay(run.pk))


def carry_out(run_id: int) -> SeasonClose | None:
    """The worker's step: preview a run being previewed, commit one being committed; any other
    state (a redelivered task) is left alone."""
    run = SeasonClose.objects.filter(pk=run_id).select_related("mill", "season").first()
    if run is None:
        return None
    try:
        if run.status == SeasonCloseStatus.PREVIEWING:
            preview(run)
        elif run.status == SeasonCloseStatus.COMMITTING:
            commit(run)
    except Exception as error:  # noqa: BLE001 - recorded on the run, then raised for the log
        SeasonClose.objects.filter(pk=run.pk).update(
            status=SeasonCloseStatus.FAILED,
            finished_at=timezone.now(),
            error=" ".join(getattr(error, "messages", None) or [str(error)])[:2000],
        )
        if not isinstance(error, ValidationError | SettlementInputError):
            raise
    return SeasonClose.objects.get(pk=run.pk)


# --- preview ----------------------------------------------------------------------------------


def _closing_orders(run: SeasonClose, scheme_ids: list[int]):
    return DeliveryOrder.objects.filter(
        mill=run.mill, season=run.season, scheme_id__in=scheme_ids, final_settlement=False
    )


def _rendemen_by_farmer(orders) -> dict[int, Decimal]:
    """Each farmer's season rendemen: his analysed cane on these DOs, weighted by cane."""
    rows = (
        Weighing.objects.filter(
            delivery_order__in=orders, rejected=False, rendemen_analysis__isnull=False
        )
        .order_by()
        .values("delivery_order__farmer_id")
        .annotate(
            cane=Sum("net_kg"), points=Sum(F("net_kg") * F("rendemen_analysis__rendemen_percent"))
        )
    )
    result = {}
    for row in rows:
        rendemen = calc.weighted_rendemen(row["cane"] or ZERO, row["points"] or ZERO)
        if rendemen is not None:
            result[row["delivery_order__farmer_id"]] = rendemen
    return result


def mill_average(run: SeasonClose) -> Decimal | None:
    """The mill's season average: the rendemen the mill gives, else its analysed cane weighted."""
    if run.final_rendemen_percent is not None:
        return run.final_rendemen_percent
    totals = Weighing.objects.filter(
        spta__mill=run.mill,
        spta__season=run.season,
        rejected=False,
        rendemen_analysis__isnull=False,
    ).aggregate(
        cane=Sum("net_kg"), points=Sum(F("net_kg") * F("rendemen_analysis__rendemen_percent"))
    )
    return calc.weighted_rendemen(totals["cane"] or ZERO, totals["points"] or ZERO)


ORDER_FIELDS = (
    "pk",
    "number",
    "farmer_id",
    "scheme_id",
    "computation__cane_kw",
    "cane_kw",
    "harvested_area_ha",
    "tma_by_mill",
    "inputs",
    "payable",
    "rendemen_percent",
    "computation__rendemen_percent",
    "period_start",
    "period_end",
)


def _unrounded(value: Any, stored: Decimal, places: int) -> Decimal:
    """A DO's unrounded figure from its computation when it agrees with the stored one (a DO
    stored before computations were kept has only the rounded figure)."""
    try:
        exact = Decimal(str(value)) if value not in (None, "") else None
    except ArithmeticError:
        exact = None
    if exact is None or round_half_up(exact, places) != stored:
        return stored
    return exact


def _provisional(row: dict[str, Any], final_rendemen: Decimal) -> calc.ProvisionalOrder:
    """A DO as issued, its own inputs at the final rendemen (its unrounded cane, as settled)."""
    cane = _unrounded(row["computation__cane_kw"], row["cane_kw"], 3)
    provisional = _unrounded(row["computation__rendemen_percent"], row["rendemen_percent"], 4)
    return calc.ProvisionalOrder(
        number=row["number"],
        delivery=delivery_input(
            name=row["number"],
            area_ha=row["harvested_area_ha"],
            cane_kw=cane,
            rendemen_percent=final_rendemen,
            tma_by_mill=row["tma_by_mill"],
            inputs=row["inputs"] or {},
        ),
        provisional_rendemen=provisional,
        paid=row["payable"],
    )


def _close_one(rows, schemes, final_schemes, farmer_rendemen, average) -> tuple[Any, Decimal]:
    """One farmer's close from his DO rows; raises on a figure that cannot be settled."""
    pairs = []
    rendemen = None
    for row in rows:
        basis = schemes[row["scheme_id"]].final_rendemen_basis
        rendemen = average if basis == FinalRendemenBasis.MILL_AVERAGE else farmer_rendemen
        if rendemen is None:
            raise ValidationError(_("No analysed delivery gives the final rendemen."))
        pairs.append((_provisional(row, rendemen), final_schemes[row["scheme_id"]]))
    return calc.close_farmer(pairs), rendemen


def _orders_json(rows, close) -> list[dict[str, Any]]:
    return [
        {
            **order.to_dict(),
            "do_id": row["pk"],
            "scheme_id": row["scheme_id"],
            "period_start": row["period_start"].isoformat(),
            "period_end": row["period_end"].isoformat(),
        }
        for row, order in zip(rows, close.orders, strict=True)
    ]


@transaction.atomic
def preview(run: SeasonClose) -> SeasonClose:
    """Every farmer's difference, written as the run's rows; no DO is touched."""
    run = SeasonClose.objects.select_for_update().get(pk=run.pk)
    if run.status != SeasonCloseStatus.PREVIEWING:
        return run
    run.farmers.all().delete()  # a preview that died half-way is done again whole
    schemes = {scheme.pk: scheme for scheme in closing_schemes(run.season)}
    final_schemes = {
        pk: calc.final_scheme(
            scheme.parameters,
            sugar_price_per_kw=run.final_sugar_price_per_kw,
            molasses_price_per_kg=run.final_molasses_price_per_kg,
        )
        for pk, scheme in schemes.items()
    }
    orders = _closing_orders(run, list(schemes))
    closed = set(
        SeasonCloseFarmer.objects.filter(season=run.season, committed=True).values_list(
            "farmer_id", flat=True
        )
    )
    issued = orders.exclude(status=DoStatus.DRAFT).exclude(farmer_id__in=closed)
    by_farmer: dict[int, list[dict]] = defaultdict(list)
    for row in issued.order_by("farmer__name", "farmer_id", "period_end", "pk").values(
        *ORDER_FIELDS
    ):
        by_farmer[row["farmer_id"]].append(row)
    needs_farmer = any(
        s.final_rendemen_basis == FinalRendemenBasis.FARMER for s in schemes.values()
    )
    farmer_rendemen = _rendemen_by_farmer(issued) if needs_farmer else {}
    average = mill_average(run)
    rows = []
    for farmer_id, do_rows in by_farmer.items():
        row = SeasonCloseFarmer(run=run, season_id=run.season_id, farmer_id=farmer_id)
        try:
            close, rendemen = _close_one(
                do_rows, schemes, final_schemes, farmer_rendemen.get(farmer_id), average
            )
        except (SettlementInputError, ValidationError, ArithmeticError) as error:
            row.error = _error_text(error)
        else:
            row.final_rendemen_percent = round_half_up(rendemen, 4)
            row.paid, row.due = close.paid, close.due
            row.difference = close.difference
            row.orders = _orders_json(do_rows, close)
        rows.append(row)
    SeasonCloseFarmer.objects.bulk_create(rows, batch_size=1000)
    good = [row for row in rows if not row.error]
    run.mill_average_percent = None if average is None else round_half_up(average, 4)
    run.farmers_total = len(rows)
    run.farmers_done = 0
    run.farmers_failed = len(rows) - len(good)
    run.orders_count = sum(len(row.orders) for row in good)
    run.drafts_left = orders.filter(status=DoStatus.DRAFT).count()
    run.paid_total = sum((row.paid for row in good), ZERO)
    run.due_total = sum((row.due for row in good), ZERO)
    run.final_dos_total = sum((max(row.difference, ZERO) for row in good), ZERO)
    run.debits_total = sum((max(-row.difference, ZERO) for row in good), ZERO)
    run.status = SeasonCloseStatus.PREVIEWED
    run.previewed_at = timezone.now()
    run._history_user = run.requested_by
    run.save()
    return run


def _error_text(error: Exception) -> str:
    if isinstance(error, SettlementInputError):
        return error.message
    return " ".join(getattr(error, "messages", None) or [str(error)])[:2000]


# --- commit -----------------------------------------------------------------------------------


def commit(run: SeasonClose) -> SeasonClose:
    """Each farmer not yet committed, all or nothing (his own savepoint); a failure is kept on
    his row. Farmers are written ``PROGRESS_EVERY`` to a database transaction, so the mill's DO
    totals and scorecard are refreshed once per chunk, not once per farmer (their on_commit
    hooks); a worker that dies loses at most the chunk in progress, which a resumed commit
    writes again (its rows are not committed)."""
    by = run.committed_by
    policy = HarvestPolicy.for_mill(run.mill)
    schemes = {s.pk: s for s in SettlementScheme.objects.filter(mill=run.mill, season=run.season)}
    key, prefix, highest_existing = do_series(run.mill, run.season)
    pending = list(
        run.farmers.filter(committed=False)
        .order_by("farmer__name", "pk")
        .values_list("pk", flat=True)
    )
    for first in range(0, len(pending), PROGRESS_EVERY):
        chunk = pending[first : first + PROGRESS_EVERY]
        with transaction.atomic():
            # The DO numbers' counter is held for the chunk (settlement_batch does the same);
            # a serial is taken only by a farmer whose final DO is written.
            serials = serial_block(key, highest_existing=highest_existing)
            upcoming = serials.upcoming
            try:
                with transaction.atomic():
                    left = commit_chunk(
                        run=run,
                        row_ids=chunk,
                        by=by,
                        policy=policy,
                        serials=serials,
                        prefix=prefix,
                        schemes=schemes,
                    )
            except (ValidationError, SettlementInputError, DatabaseError, ArithmeticError):
                serials.upcoming, left = upcoming, chunk  # undone: farmer by farmer instead
            for row_id in left:
                _commit_one(run, row_id, by, policy, serials, prefix, schemes)
            serials.close()
        _count(run)
    _count(run, final=True)
    SeasonClose.objects.filter(pk=run.pk).update(
        status=SeasonCloseStatus.DONE, finished_at=timezone.now()
    )
    return SeasonClose.objects.get(pk=run.pk)


def _commit_one(run, row_id, by, policy, serials, prefix, schemes) -> None:
    """One farmer, all or nothing (his savepoint); a failure is kept on his row."""
    try:
        with transaction.atomic():
            made = commit_farmer(
                run=run,
                row_id=row_id,
                by=by,
                policy=policy,
                number=f"{prefix}{serials.upcoming:05d}",
                schemes=schemes,
            )
        if made:
            serials.take()
    except (ValidationError, SettlementInputError, DatabaseError, ArithmeticError) as error:
        # The farmer's savepoint is rolled back; the reason stays on his row.
        SeasonCloseFarmer.objects.filter(pk=row_id).update(error=_error_text(error))


def _count(run: SeasonClose, *, final: bool = False) -> None:
    done = run.farmers.filter(committed=True).count()
    changes = {"farmers_done": done}
    if final:
        changes["farmers_failed"] = run.farmers.filter(committed=False).count()
    SeasonClose.objects.filter(pk=run.pk).update(**changes)
