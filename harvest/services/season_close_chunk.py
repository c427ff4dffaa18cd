"""A chunk of a season close's farmers committed together (harvest.services.season_close): the
rows locked, the DOs and the farmers closed by another run checked in one query each, the final
DOs, their history rows and lines, and the rows written in bulk, as settlement_batch writes a
period's drafts.

The caller runs this in a savepoint: a farmer whose DOs changed since the preview, or whose
final DO does not pass its checks, is left out (the farmer-by-farmer path then records why);
if the bulk write itself fails, the savepoint undoes the whole chunk and the caller commits its
farmers one by one, each all or nothing. Either way a farmer is written whole or not at all.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models.signals import post_save
from django.utils import timezone

from harvest.models import (
    DeliveryOrder,
    DoStatus,
    HarvestPolicy,
    SeasonClose,
    SeasonCloseFarmer,
    SettlementScheme,
)
from harvest.services.carried_debits import outstanding_debits, record_recoveries
from harvest.services.season_close_writes import _build_final_do
from harvest.services.settlement import _deduction_providers
from harvest.services.settlement_batch import _batch_forms
from harvest.signals import dos_issued
from tebu_site.numbering import SerialBlock

ROW_FIELDS = ["committed", "committed_at", "delivery_order", "debit_carried", "error"]


def _current_orders(run: SeasonClose, rows) -> dict[int, dict[int, tuple[int, Decimal]]]:
    """Each farmer's issued period DOs now: {farmer: {DO: (scheme, payable)}}."""
    current: dict[int, dict[int, tuple[int, Decimal]]] = defaultdict(dict)
    for farmer_id, pk, scheme_id, payable in (
        DeliveryOrder.objects.filter(
            season_id=run.season_id,
            farmer_id__in=[row.farmer_id for row in rows],
            final_settlement=False,
        )
        .exclude(status=DoStatus.DRAFT)
        .values_list("farmer_id", "pk", "scheme_id", "payable")
    ):
        current[farmer_id][pk] = (scheme_id, payable)
    return current


def _as_previewed(row: SeasonCloseFarmer, current: dict[int, tuple[int, Decimal]]) -> bool:
    """season_close_writes.still_as_previewed over the chunk's one read."""
    schemes = {order["scheme_id"] for order in row.orders}
    now = {pk: payable for pk, (scheme_id, payable) in current.items() if scheme_id in schemes}
    return now == {order["do_id"]: Decimal(order["paid"]) for order in row.orders}


def commit_chunk(
    *,
    run: SeasonClose,
    row_ids: list[int],
    by,
    policy: HarvestPolicy,
    serials: SerialBlock,
    prefix: str,
    schemes: dict[int, SettlementScheme],
) -> list[int]:
    """Commit the chunk's farmers that can be; returns the rows left for the one-by-one path."""
    rows = list(
        SeasonCloseFarmer.objects.select_for_update(of=("self",))
        .filter(pk__in=row_ids, committed=False)
        .select_related("farmer")
        .order_by("farmer__name", "pk")
    )
    current = _current_orders(run, rows)
    closed = set(
        SeasonCloseFarmer.objects.filter(
            season_id=run.season_id, farmer_id__in=[row.farmer_id for row in rows], committed=True
        ).values_list("farmer_id", flat=True)
    )
    left, done, orders = [], [], []
    now = timezone.now()
    farmer_ids = [row.farmer_id for row in rows if row.difference > 0]
    debits = outstanding_debits(farmer_ids, run.season)
    providers = _batch_forms(
        _deduction_providers,
        farmer_ids=farmer_ids,
        season=run.season,
        on_date=timezone.localdate(now),
    )
    for row in rows:
        if (
            not row.orders
            or row.farmer_id in closed
            or not _as_previewed(row, current[row.farmer_id])
        ):
            left.append(row.pk)
            continue
        if row.difference > 0:
            try:
                order = _build_final_do(
                    run=run,
                    row=row,
                    by=by,
                    policy=policy,
                    number=f"{prefix}{serials.upcoming:05d}",
                    scheme=schemes[row.orders[-1]["scheme_id"]],
                    debits=debits.get(row.farmer_id, []),
                    deduction_providers=providers,
                )
            except (ValidationError, KeyError):
                left.append(row.pk)
                continue
            serials.take()
            orders.append(order)
            row.delivery_order = order
        else:
            row.debit_carried = -row.difference
        row.committed, row.committed_at, row.error = True, now, ""
        done.append(row)
    _write(orders, done, by)
    return left


def _write(orders: list[DeliveryOrder], rows, by) -> None:
    if orders:
        # Their creation is on the rows (created_by, created_at): a DO's history keeps changes.
        DeliveryOrder.objects.bulk_create(orders)
        record_recoveries(orders, by)
        for order in orders:
            # What save() would tell (the DO totals, the scorecard), with no history row.
            order.skip_history_when_saving = True
            post_save.send(
                sender=DeliveryOrder,
                instance=order,
                created=True,
                update_fields=None,
                raw=False,
                using=order._state.db,
            )
            del order.skip_history_when_saving
        # One final DO per farmer: credit posts their repayments together (harvest.signals).
        dos_issued.send(sender=DeliveryOrder, delivery_orders=orders, by=by)
    if rows:
        for row in rows:
            row.delivery_order_id = row.delivery_order.pk if row.delivery_order else None
        SeasonCloseFarmer.objects.bulk_update(rows, ROW_FIELDS)
        SeasonCloseFarmer.history.bulk_history_create(
            rows, default_user=by, default_change_reason=None
        )
