"""One farmer's season close committed (harvest.services.season_close): his final DO, issued,
whose lines explain each DO's difference, or the debit carried to next season.

Called inside the farmer's own transaction: everything here is written or nothing is.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from harvest.calculations.errors import decimal_to_str
from harvest.models import (
    DeliveryOrder,
    DoStatus,
    HarvestPolicy,
    SeasonClose,
    SeasonCloseFarmer,
    SettlementScheme,
)
from harvest.models.lines import MAX_LINES, DoLine
from harvest.services.carried_debits import (
    CarriedDebit,
    outstanding_debits,
    record_recoveries,
    with_carried_debits,
)
from harvest.services.settlement import _next_do_number, provided_deductions
from harvest.services.settlement_inputs import _entries
from harvest.signals import do_issued
from tebu_site.fields import validate_stored_numbers
from tebu_site.formatting import round_half_up
from tebu_site.services import save_with_history

ZERO = Decimal(0)


def still_as_previewed(row: SeasonCloseFarmer) -> bool:
    """The farmer's DOs under the closing schemes are those the preview settled, with the same
    payable: an adjustment or a new DO since then means the preview is out of date."""
    previewed = {order["do_id"]: Decimal(order["paid"]) for order in row.orders}
    schemes = {order["scheme_id"] for order in row.orders}
    current = dict(
        DeliveryOrder.objects.filter(
            season_id=row.season_id,
            farmer_id=row.farmer_id,
            scheme_id__in=schemes,
            final_settlement=False,
        )
        .exclude(status=DoStatus.DRAFT)
        .values_list("pk", "payable")
    )
    return current == previewed


def commit_farmer(
    *,
    run: SeasonClose,
    row_id: int,
    by,
    policy: HarvestPolicy,
    number: str | None = None,
    schemes: dict[int, SettlementScheme] | None = None,
) -> bool:
    """Commit one farmer's close; True when it made a final DO (numbered ``number``, the next
    of the series when None). ``schemes``: the season's schemes by id, read once by the caller."""
    row = SeasonCloseFarmer.objects.select_for_update().select_related("farmer").get(pk=row_id)
    if row.committed:
        return False  # committed by an earlier attempt: nothing to do again
    if not row.orders:
        raise ValidationError(row.error or _("This farmer has nothing to settle again."))
    if SeasonCloseFarmer.objects.filter(
        season_id=row.season_id, farmer_id=row.farmer_id, committed=True
    ).exists():
        raise ValidationError(_("This farmer's season is already closed by another run."))
    if not still_as_previewed(row):
        raise ValidationError(
            _("This farmer's DOs changed since the preview; close the season again for him.")
        )
    scheme_id = row.orders[-1]["scheme_id"]
    scheme = (schemes or {}).get(scheme_id) or SettlementScheme.objects.get(pk=scheme_id)
    if row.difference > 0:
        number = number or _next_do_number(run.mill, run.season)
        row.delivery_order = _final_do(
            run=run, row=row, by=by, policy=policy, number=number, scheme=scheme
        )
    else:
        row.debit_carried = -row.difference
    row.committed = True
    row.committed_at = timezone.now()
    row.error = ""
    save_with_history(row, by)
    return row.delivery_order is not None


def _final_do(
    *,
    run: SeasonClose,
    row: SeasonCloseFarmer,
    by,
    policy: HarvestPolicy,
    number: str,
    scheme: SettlementScheme,
) -> DeliveryOrder:
    """The final DO, issued at once: the difference is what the mill owes from the close."""
    order = _build_final_do(run=run, row=row, by=by, policy=policy, number=number, scheme=scheme)
    save_with_history(order, by)
    record_recoveries([order], by)
    do_issued.send(sender=DeliveryOrder, delivery_order=order, by=by)
    return order


def _build_final_do(
    *,
    run: SeasonClose,
    row: SeasonCloseFarmer,
    by,
    policy: HarvestPolicy,
    number: str,
    scheme: SettlementScheme,
    debits: list[CarriedDebit] | None = None,
    deduction_providers=None,
) -> DeliveryOrder:
    """The final DO with its lines, checked, not written. From the difference it takes, like any
    DO, a debit still owed from an earlier close, then the credit still owed (the registered
    providers; ``debits`` and ``deduction_providers``: a chunk's, read once for its farmers)."""
    orders = row.orders
    now = timezone.now()
    if debits is None:
        debits = outstanding_debits([row.farmer_id], run.season).get(row.farmer_id, [])
    inputs = with_carried_debits({"season_close": run.pk}, row.difference, debits)
    left = row.difference - _total(inputs.get("carried_debits"))
    credit = provided_deductions(
        farmer=row.farmer,
        season=run.season,
        available_amount=left,
        on_date=timezone.localdate(now),
        providers=deduction_providers,
    )
    if credit:
        inputs["credit_deductions"] = _entries(credit, "credit_deductions")
    deductions = _total(inputs.get("carried_debits")) + _total(inputs.get("credit_deductions"))
    order = DeliveryOrder(
        mill=run.mill,
        season=run.season,
        farmer=row.farmer,
        number=number,
        scheme=scheme,
        # Paid at once when the deductions take all of it, as an issued DO's status says.
        status=DoStatus.ISSUED if row.difference > deductions else DoStatus.PAID,
        paid_at=None if row.difference > deductions else now,
        period_start=min(date.fromisoformat(o["period_start"]) for o in orders),
        period_end=max(date.fromisoformat(o["period_end"]) for o in orders),
        inputs=inputs,
        rendemen_percent=row.final_rendemen_percent,
        total_revenue=row.difference,
        total_deductions=deductions,
        net=row.difference - deductions,
        payable=row.difference - deductions,
        computation=_computation(run, row),
        created_by=by,
        issued_at=now,
        issued_by=by,
        expected_payment_on=timezone.localdate(now) + timedelta(days=policy.do_payment_days),
        late_rate_percent=policy.late_payment_rate_percent,
        final_settlement=True,
    )
    lines = final_lines(order, run, row, basis=scheme.final_rendemen_basis)
    if len(lines) > MAX_LINES:
        raise ValidationError(_("Too many DOs to explain on one final DO."))
    order.lines = lines
    validate_stored_numbers(order)
    return order


def _total(entries) -> Decimal:
    return sum((Decimal(entry["amount"]) for entry in entries or ()), ZERO)


def _computation(run: SeasonClose, row: SeasonCloseFarmer) -> dict[str, Any]:
    return {
        "kind": "season_close",
        "run": run.pk,
        "final_rendemen_percent": decimal_to_str(row.final_rendemen_percent),
        "final_sugar_price_per_kw": decimal_to_str(run.final_sugar_price_per_kw),
        "final_molasses_price_per_kg": decimal_to_str(run.final_molasses_price_per_kg),
        "paid": decimal_to_str(row.paid),
        "due": decimal_to_str(row.due),
        "difference": decimal_to_str(row.difference),
        "orders": row.orders,
    }


def final_lines(
    order: DeliveryOrder, run: SeasonClose, row: SeasonCloseFarmer, *, basis: str
) -> list[DoLine]:
    """The final figures, then per DO what is due at them, what it paid and the difference,
    then the totals (codes ``season_close_*``, worded by harvest.statement_season)."""
    specs: list[dict[str, Any]] = [
        {
            "code": "season_close_rendemen",
            "label": basis,
            "quantity": row.final_rendemen_percent,
            "unit": "%",
        }
    ]
    if run.final_sugar_price_per_kw is not None:
        specs.append(
            {
                "code": "season_close_sugar_price",
                "quantity": run.final_sugar_price_per_kw,
                "unit": "Rp/kw",
            }
        )
    if run.final_molasses_price_per_kg is not None:
        specs.append(
            {
                "code": "season_close_molasses_price",
                "quantity": run.final_molasses_price_per_kg,
                "unit": "Rp/kg",
            }
        )
    for entry in row.orders:
        cane = round_half_up(Decimal(entry["cane_kw"]), 8)
        common = {"label": entry["number"], "quantity": cane, "unit": "kw", "amount_unit": "Rp"}
        specs += [
            {
                **common,
                "code": "season_close_due",
                "rate": round_half_up(Decimal(entry["final_rendemen"]), 8),
                "amount": Decimal(entry["due"]),
            },
            {
                **common,
                "code": "season_close_paid",
                "rate": round_half_up(Decimal(entry["provisional_rendemen"]), 8),
                "amount": Decimal(entry["paid"]),
            },
            {
                "code": "season_close_difference",
                "label": entry["number"],
                "amount": Decimal(entry["difference"]),
                "amount_unit": "Rp",
            },
        ]
    specs += [
        {"code": "season_close_due_total", "amount": row.due, "amount_unit": "Rp"},
        {"code": "season_close_paid_total", "amount": row.paid, "amount_unit": "Rp"},
    ]
    if order.total_deductions:
        # What the difference pays back, worded like any DO's deductions (harvest.statement).
        for kind, code in (
            ("carried_debits", "deduction_carried_debit"),
            ("credit_deductions", "deduction_credit"),
        ):
            specs += [
                {
                    "code": code,
                    "label": entry["label"],
                    "amount": Decimal(entry["amount"]),
                    "amount_unit": "Rp",
                }
                for entry in order.inputs.get(kind, [])
            ]
        specs.append(
            {"code": "total_deductions", "amount": order.total_deductions, "amount_unit": "Rp"}
        )
    specs.append({"code": "payable", "amount": order.payable, "amount_unit": "Rp"})
    return [DoLine(position=position, **spec) for position, spec in enumerate(specs, start=1)]
