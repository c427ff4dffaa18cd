"""Debits carried from a season close (issue 16): when a farmer's DOs paid more than the final
figures made due, the difference is owed to the mill and taken back from his next DOs, before
his loans (the mill's own money first, as credit recovers in-kind advances first).

A draft notes what it would take (``inputs["carried_debits"]``: season close row, season, amount);
the issue takes it, capped at what is still outstanding then, and records one
``CarriedDebitRecovery`` per debit and DO. A debit is outstanding until its recoveries add up to
it: two drafts may both plan to take the same debit, only what is left is taken when each is
issued, so a rupiah is never taken twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from harvest.calculations.errors import decimal_to_str
from harvest.models import CarriedDebitRecovery, DeliveryOrder, SeasonCloseFarmer
from harvest.selectors_season_close import CarriedDebit, still_owed
from partners.models import Season
from tebu_site.fields import validate_stored_numbers

ZERO = Decimal(0)


def outstanding_debits(farmer_ids: Iterable[int], season: Season) -> dict[int, list[CarriedDebit]]:
    """Each farmer's debits from the closes of other seasons still owed, oldest close first
    (one query for any number of farmers: a batch settlement reads them once)."""
    by_farmer: dict[int, list[CarriedDebit]] = defaultdict(list)
    rows = SeasonCloseFarmer.objects.filter(farmer_id__in=list(farmer_ids)).exclude(season=season)
    for debit in still_owed(rows):
        by_farmer[debit.farmer_id].append(debit)
    return dict(by_farmer)


def debit_entries(debits: Iterable[CarriedDebit], available: Decimal) -> list[dict[str, str]]:
    """The debits a DO leaving ``available`` takes, oldest first, as JSON for its inputs."""
    entries, left = [], max(available, ZERO)
    for debit in debits:
        if left <= 0:
            break
        taken = min(debit.outstanding, left)
        entries.append(
            {"source": debit.row_id, "label": debit.season_name, "amount": decimal_to_str(taken)}
        )
        left -= taken
    return entries


def with_carried_debits(
    inputs: Mapping[str, Any], available: Decimal, debits: Iterable[CarriedDebit]
) -> dict[str, Any]:
    """``inputs`` taking the debits from what the DO leaves (``available``); unchanged if none."""
    inputs = dict(inputs)
    entries = debit_entries(debits, available)
    if entries:
        inputs["carried_debits"] = entries
    else:
        inputs.pop("carried_debits", None)
    return inputs


def cap_to_outstanding(do: DeliveryOrder) -> bool:
    """Before a draft is issued: each debit it plans to take, capped at what is still owed now
    (the rows locked, so two DOs issued at once cannot both take the last rupiah). True when the
    inputs changed and the DO must be settled again."""
    planned = do.inputs.get("carried_debits") or []
    if not planned:
        return False
    rows = SeasonCloseFarmer.objects.filter(pk__in=[entry["source"] for entry in planned])
    # Locked by a query of its own: PostgreSQL refuses FOR UPDATE with the sum's GROUP BY.
    list(rows.select_for_update().values_list("pk", flat=True))
    owed = {debit.row_id: debit.outstanding for debit in still_owed(rows)}
    capped = []
    for entry in planned:
        amount = min(Decimal(entry["amount"]), owed.get(entry["source"], ZERO))
        owed[entry["source"]] = owed.get(entry["source"], ZERO) - amount
        if amount > 0:
            capped.append({**entry, "amount": decimal_to_str(amount)})
    if capped == planned:
        return False
    do.inputs = {**do.inputs, "carried_debits": capped}
    if not capped:
        do.inputs.pop("carried_debits")
    return True


def record_recoveries(orders: Iterable[DeliveryOrder], by) -> None:
    """The issued DOs' debits taken back, one row per debit and DO, with their history rows
    (who and when); a pair already recorded (a retried issue) is not recorded again."""
    orders = [order for order in orders if order.inputs.get("carried_debits")]
    if not orders:
        return
    recorded = set(
        CarriedDebitRecovery.objects.filter(delivery_order__in=orders).values_list(
            "debit_id", "delivery_order_id"
        )
    )
    recoveries = [
        CarriedDebitRecovery(
            debit_id=entry["source"], delivery_order=order, amount=Decimal(entry["amount"])
        )
        for order in orders
        for entry in order.inputs["carried_debits"]
        if (entry["source"], order.pk) not in recorded
    ]
    for recovery in recoveries:
        validate_stored_numbers(recovery)
    CarriedDebitRecovery.objects.bulk_create(recoveries)
    CarriedDebitRecovery.history.bulk_history_create(recoveries, default_user=by)
