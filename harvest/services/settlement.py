"""Settlement writes: a DO settled from the deliveries in the database, alone or for a whole period,
and its draft changed or dropped (domain.md 5).

The arithmetic is harvest.calculations (``settle``); this module gathers its inputs from the
weighings and rendemen analyses and stores its outputs rounded half-up at the edge.

Credit repayment: credit deductions are (label, amount) lines (``credit_deductions``). When
``settle_do`` is not given them, it asks the registered deduction providers (the credit app
registers one) for the lines covering what the farmer owes, up to what the DO makes available;
``issue_do`` then sends ``do_issued`` so the provider posts the repayments. Harvest never imports
the credit app.

TMA paid from a loan (domain.md 5, "Never charge TMA twice"): when the mill's crews cut and hauled,
every settlement of the DO (draft, issue, adjustment) asks the registered TMA credit providers what
money a loan already paid the mill for this farmer's cutting and haulage and is not used by another
DO (``tma_credits``); the calculation pays the fees from it first. The credit app records the use
when the DO is issued or adjusted.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from harvest.calculations import settlement as calc
from harvest.calculations.errors import SettlementInputError, decimal_to_str
from harvest.models import (
    DeliveryOrder,
    DoLine,
    Weighing,
)
from harvest.permissions import HarvestAction, require
from harvest.services.carried_debits import outstanding_debits, with_carried_debits
from harvest.services.errors import calculation_error
from harvest.services.schemes import scheme_for
from harvest.services.settlement_inputs import (
    PeriodRecords,
    _check_deliveries,
    _entries,
    loads_of,
    needs_rendemen,
    recorded_inputs,
    settlement_inputs,
)
from partners.models import Farmer, Mill, Season
from tebu_site.formatting import round_half_up
from tebu_site.numbering import highest_serial, next_serial
from tebu_site.services import require_visible, save_with_history

ZERO = Decimal(0)
HUNDRED = Decimal(100)

# Callables (farmer, season, available_amount, on_date) -> [(label, amount)] consulted by
# settle_do when no credit deductions are given: the credit app registers its own in ready().
_deduction_providers: list[Callable[..., Sequence[tuple[str, Decimal]]]] = []


def register_deduction_provider(provider: Callable[..., Sequence[tuple[str, Decimal]]]) -> None:
    if provider not in _deduction_providers:
        _deduction_providers.append(provider)


def provided_deductions(
    *, farmer: Farmer, season: Season, available_amount: Decimal, on_date: date, providers=None
) -> list[tuple[str, Decimal]]:
    """The registered providers' lines, each given what the earlier ones left available
    (``providers``: a batch's forms of them, settlement_batch)."""
    lines: list[tuple[str, Decimal]] = []
    left = max(available_amount, ZERO)
    for provider in _deduction_providers if providers is None else providers:
        for label, amount in provider(
            farmer=farmer, season=season, available_amount=left, on_date=on_date
        ):
            lines.append((label, amount))
            left -= amount
    return lines


# Callables (farmer, season, delivery_order) -> [{"source", "label", "amount"}] consulted at every
# settlement of a DO cut by the mill's crews: money already paid to the mill for the farmer's
# cutting and haulage, still available to this DO (``delivery_order``, None while settling a new
# one, so a provider leaves out what this DO itself used). The credit app registers its own.
_tma_credit_providers: list[Callable[..., Sequence[Mapping[str, Any]]]] = []


def register_tma_credit_provider(provider: Callable[..., Sequence[Mapping[str, Any]]]) -> None:
    if provider not in _tma_credit_providers:
        _tma_credit_providers.append(provider)


def provided_tma_credits(
    *, farmer: Farmer, season: Season, delivery_order: DeliveryOrder | None, providers=None
) -> list[dict[str, str]]:
    """The providers' credits as JSON [{"source", "label", "amount"}] (amount rounded to cents)."""
    credits = []
    for provider in _tma_credit_providers if providers is None else providers:
        for entry in provider(farmer=farmer, season=season, delivery_order=delivery_order):
            amount = round_half_up(Decimal(str(entry["amount"])), 2)
            if amount > 0:
                credits.append(
                    {
                        "source": str(entry["source"]),
                        "label": str(entry["label"]),
                        "amount": decimal_to_str(amount),
                    }
                )
    return credits


def _with_tma_credits(
    inputs: Mapping[str, Any],
    deliveries: Deliveries,
    *,
    farmer: Farmer,
    season: Season,
    delivery_order: DeliveryOrder | None,
    providers=None,
) -> dict[str, Any]:
    """``inputs`` with the TMA credits as they are now (none when the farmer's own crews cut)."""
    credits = (
        provided_tma_credits(
            farmer=farmer, season=season, delivery_order=delivery_order, providers=providers
        )
        if deliveries.tma_by_mill
        else []
    )
    inputs = dict(inputs)
    if credits or inputs.get("tma_credits"):
        inputs["tma_credits"] = credits
    return inputs


# --- computing a DO ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Deliveries:
    """The deliveries of one DO, summed: cane and rendemen weighted by cane (domain.md 5)."""

    weighings: tuple[Weighing, ...]
    cane_kw: Decimal
    rendemen_percent: Decimal
    area_ha: Decimal
    period_start: date
    period_end: date
    tma_by_mill: bool


def gather(weighings: Sequence[Weighing]) -> Deliveries:
    """Cane is every load's net; rendemen is weighted by the cane of the loads that have one (all
    of them, except under a price-per-kg scheme, which buys cane by weight alone)."""
    weighings = tuple(weighings)
    cane = sum((w.net_kg / HUNDRED for w in weighings), ZERO)
    analysed = [w for w in weighings if w.rendemen_analysis_id is not None]
    analysed_cane = sum((w.net_kg / HUNDRED for w in analysed), ZERO)
    sugar_points = sum(
        (w.net_kg / HUNDRED * w.rendemen_analysis.rendemen_percent for w in analysed), ZERO
    )
    rendemen = sugar_points / analysed_cane if analysed_cane else ZERO
    plots = {w.spta.plot_id: w.spta.plot.area_ha for w in weighings}
    days = [timezone.localdate(w.weighed_at) for w in weighings]
    return Deliveries(
        weighings=weighings,
        cane_kw=cane,
        rendemen_percent=rendemen,
        area_ha=sum(plots.values(), ZERO),
        period_start=min(days),
        period_end=max(days),
        tma_by_mill=any(w.spta.tma_by_mill for w in weighings),
    )


def delivery_input(
    *,
    name: str,
    area_ha: Decimal,
    cane_kw: Decimal,
    rendemen_percent: Decimal,
    tma_by_mill: bool,
    inputs: Mapping[str, Any],
    loads=None,
) -> calc.DeliveryInput:
    """The calculation's input from a DO's stored inputs: settlement and the farmer's what-if
    (harvest.statement) build it the same way, so at the DO's own rendemen they agree."""
    return calc.DeliveryInput(
        name=name,
        area_ha=area_ha,
        cane_kw=cane_kw,
        rendemen_percent=rendemen_percent,
        natura_consumed_kw=Decimal(inputs.get("natura_consumed_kw", "0")),
        tma_by_mill=tma_by_mill,
        carried_debits=[
            (entry["label"], Decimal(entry["amount"])) for entry in inputs.get("carried_debits", [])
        ],
        credit_deductions=[
            (entry["label"], Decimal(entry["amount"]))
            for entry in inputs.get("credit_deductions", [])
        ],
        other_deductions=[
            (entry["label"], Decimal(entry["amount"]))
            for entry in inputs.get("other_deductions", [])
        ],
        stream_values=(
            {k: Decimal(v) for k, v in inputs["stream_values"].items()}
            if inputs.get("stream_values") is not None
            else None
        ),
        tma_credits=[
            calc.TmaCredit(entry["source"], entry["label"], Decimal(entry["amount"]))
            for entry in inputs.get("tma_credits", [])
        ],
        auction_price_per_kw=(
            Decimal(inputs["auction_price_per_kw"])
            if inputs.get("auction_price_per_kw") is not None
            else None
        ),
        loads=loads,
        mill_average_rendemen_percent=inputs.get("mill_average_rendemen_percent"),
        stream_feeds=(
            [calc.StreamFeed.from_dict(feed) for feed in inputs["stream_feeds"]]
            if "stream_feeds" in inputs
            else None
        ),
        stream_corrections=(
            {k: Decimal(v["amount"]) for k, v in inputs["stream_corrections"].items()}
            if inputs.get("stream_corrections")
            else None
        ),
    )


def _compute(
    *, number: str, deliveries: Deliveries, inputs: Mapping[str, Any], scheme: calc.SettlementScheme
) -> calc.Settlement:
    try:
        delivery = delivery_input(
            name=number,
            area_ha=deliveries.area_ha,
            cane_kw=deliveries.cane_kw,
            rendemen_percent=deliveries.rendemen_percent,
            tma_by_mill=deliveries.tma_by_mill,
            inputs=inputs,
            loads=loads_of(deliveries, scheme),
        )
        return calc.settle(delivery, scheme)
    except SettlementInputError as error:
        raise calculation_error(error) from error


# The calculation's figures the DO's columns and lines round or leave out, and something reads:
# the cane and rendemen unrounded (the what-if and the season close start from them) and the TMA
# account (which tranche paid what: credit). The rest is the inputs' and the lines' (issue 18).
COMPUTATION_KEPT = frozenset({"kind", "cane_kw", "rendemen_percent", "tma_charges", "tma_uses"})


def _store(do: DeliveryOrder, deliveries: Deliveries, result: calc.Settlement) -> None:
    """Rounded half-up at this edge: kw to 3 decimals, Rupiah to 2, rendemen to 4."""
    kw, money = calc.quantize_kw, calc.quantize_money
    do.period_start = deliveries.period_start
    do.period_end = deliveries.period_end
    do.tma_by_mill = deliveries.tma_by_mill
    do.harvested_area_ha = round_half_up(deliveries.area_ha, 4)
    do.delivery_count = len(deliveries.weighings)
    do.cane_kw = kw(result.cane_kw)
    do.rendemen_percent = round_half_up(result.rendemen_percent, 4)
    do.hablur_kw = kw(result.hablur_kw)
    do.farmer_sugar_kw = kw(result.farmer_sugar_kw)
    do.mill_sugar_kw = kw(result.mill_sugar_kw)
    do.auctioned_sugar_kw = kw(result.auctioned_sugar_kw)
    do.natura_kw = kw(result.natura_kw)
    do.natura_consumed_kw = kw(result.natura_consumed_kw)
    do.natura_sold_kw = kw(result.natura_sold_kw)
    do.molasses_kg = money(result.molasses_kg)
    do.total_revenue = money(result.total_revenue)
    do.total_deductions = money(result.total_deductions)
    # The printed totals must add up: net from the rounded totals, not rounded on its own.
    do.net = do.total_revenue - do.total_deductions
    do.payable = max(do.net, ZERO)
    do.carried_debt = max(-do.net, ZERO)
    do.price_shortfall = money(result.price_shortfall)
    # The lines are stored once, rounded, as the DO's statement (harvest.models.lines).
    do.computation = {
        key: value for key, value in result.to_dict().items() if key in COMPUTATION_KEPT
    }
    do.warnings = [warning.to_dict() for warning in result.warnings]
    do.lines = lines_of(do, result)


def _line_number(value: Decimal | None) -> Decimal | None:
    return None if value is None else round_half_up(value, 8)


# Total lines show the DO's stored (rounded) figures, so the statement and the summary agree.
STORED_TOTALS = ("total_revenue", "total_deductions", "net", "carried_debt", "payable")


def lines_of(do: DeliveryOrder, result: calc.Settlement) -> list[DoLine]:
    return [
        DoLine(
            position=position,
            code=line.code,
            label=line.label,
            quantity=_line_number(line.quantity),
            unit=line.unit or "",
            rate=_line_number(line.rate),
            amount=(
                getattr(do, line.code) if line.code in STORED_TOTALS else _line_number(line.amount)
            ),
            amount_unit=line.amount_unit or "",
        )
        for position, line in enumerate(result.lines, start=1)
    ]


def loads_on(orders) -> QuerySet[Weighing]:
    """The loads of these DOs, with what settling them reads, in the order they are settled."""
    return (
        Weighing.objects.filter(delivery_order__in=orders)
        .select_related("spta__plot", "rendemen_analysis", "quality_check")
        .order_by("weighed_at", "id")
    )


def recompute(
    do: DeliveryOrder,
    by,
    *,
    save: bool = True,
    weighings: Sequence[Weighing] | None = None,
    scheme: calc.SettlementScheme | None = None,
    tma_providers=None,
    records: PeriodRecords | None = None,
) -> calc.Settlement:
    """Settle the DO again from its deliveries as they are now, and store the result (with
    ``save`` False only on the instance: a caller that changes more saves once, one history row).

    The keyword reads (its loads, its scheme's calculation, the TMA providers' batch forms, the
    market records) are a batch issue's, read once for all its DOs (settlement_issue_batch)."""
    weighings = list(loads_on([do]) if weighings is None else weighings)
    if not weighings:
        raise ValidationError(_("This DO has no deliveries left."))
    deliveries = gather(weighings)
    scheme = scheme or do.scheme.as_calculation()
    do.inputs = _with_tma_credits(
        do.inputs,
        deliveries,
        farmer=do.farmer,
        season=do.season,
        delivery_order=do,
        providers=tma_providers,
    )
    do.inputs = recorded_inputs(
        do.inputs, deliveries, scheme=scheme, mill=do.mill, season=do.season, records=records
    )
    result = _compute(number=do.number, deliveries=deliveries, inputs=do.inputs, scheme=scheme)
    _store(do, deliveries, result)
    if save:
        save_with_history(do, by)
    return result


def do_series(mill: Mill, season: Season) -> tuple[str, str, Callable[[], int]]:
    """The DO numbers' counter key, prefix and highest existing serial (settle_do, batches)."""
    prefix = f"DO/{mill.code.upper()}/{season.name}/"
    existing = DeliveryOrder.objects.filter(mill=mill, season=season, number__startswith=prefix)
    return (
        f"do:{mill.pk}:{season.pk}",
        prefix,
        lambda: highest_serial(existing, "number", prefix),
    )


def _next_do_number(mill: Mill, season: Season) -> str:
    key, prefix, highest_existing = do_series(mill, season)
    return f"{prefix}{next_serial(key, highest_existing=highest_existing):05d}"


@transaction.atomic
def settle_do(
    *,
    by,
    farmer: Farmer,
    season: Season,
    weighings: Sequence[Weighing],
    natura_consumed_kw: Decimal = ZERO,
    credit_deductions: Sequence[Any] | None = None,
    other_deductions: Sequence[Any] = (),
    stream_values: Mapping[str, Decimal] | None = None,
    stream_corrections: Mapping[str, Any] | None = None,
) -> DeliveryOrder:
    """A draft DO for the farmer from these deliveries (accepted, with rendemen, not settled),
    with the scheme in force on the last delivery's date.

    ``credit_deductions`` are (label, amount) lines; when None, the registered deduction
    providers (the credit app) give them, up to the net the DO leaves before credit.
    """
    require(by, HarvestAction.SETTLE)
    require_visible(by, farmer)
    weighings = list(
        # of=self: PostgreSQL cannot lock the nullable side of the outer joins.
        Weighing.objects.select_for_update(of=("self",))
        .filter(pk__in=[w.pk for w in weighings])
        .select_related("spta__plot", "rendemen_analysis", "delivery_order", "quality_check")
        .order_by("weighed_at", "id")
    )
    if not weighings:
        raise ValidationError({"weighings": [_("Choose at least one delivery.")]})
    period_end = max(timezone.localdate(w.weighed_at) for w in weighings)
    scheme = scheme_for(mill=farmer.mill, season=season, on=period_end)
    if scheme is None:
        raise ValidationError(
            _("No settlement scheme of %(mill)s is in force for season %(season)s on %(day)s.")
            % {"mill": farmer.mill, "season": season.name, "day": period_end}
        )
    _check_deliveries(farmer, season, weighings, rendemen_required=needs_rendemen(scheme))
    deliveries = gather(weighings)
    inputs = settlement_inputs(
        natura_consumed_kw=natura_consumed_kw,
        credit_deductions=credit_deductions,
        other_deductions=other_deductions,
        stream_values=stream_values,
        stream_corrections=stream_corrections,
    )
    inputs = _with_tma_credits(
        inputs, deliveries, farmer=farmer, season=season, delivery_order=None
    )
    inputs = recorded_inputs(
        inputs, deliveries, scheme=scheme.as_calculation(), mill=farmer.mill, season=season
    )
    number = _next_do_number(farmer.mill, season)
    result = _compute(
        number=number, deliveries=deliveries, inputs=inputs, scheme=scheme.as_calculation()
    )
    debits = outstanding_debits([farmer.pk], season).get(farmer.pk)
    if debits:  # taken before credit, from what the DO leaves after the other deductions
        inputs = with_carried_debits(inputs, result.total_revenue - result.total_deductions, debits)
        result = _compute(
            number=number, deliveries=deliveries, inputs=inputs, scheme=scheme.as_calculation()
        )
    if credit_deductions is None:
        # What the DO leaves the farmer before credit: proceeds less the other deductions.
        available = result.total_revenue - result.total_deductions
        lines = provided_deductions(
            farmer=farmer,
            season=season,
            available_amount=max(available, ZERO),
            on_date=timezone.localdate(),
        )
        inputs["credit_deductions"] = _entries(lines, "credit_deductions")
        if lines:
            result = _compute(
                number=number,
                deliveries=deliveries,
                inputs=inputs,
                scheme=scheme.as_calculation(),
            )
    do = DeliveryOrder(
        mill=farmer.mill,
        season=season,
        farmer=farmer,
        number=number,
        scheme=scheme,
        inputs=inputs,
        created_by=by,
    )
    _store(do, deliveries, result)
    save_with_history(do, by)
    Weighing.objects.filter(pk__in=[w.pk for w in weighings]).update(delivery_order=do)
    return do


# A batch run writes its progress after this many farmers (one UPDATE, not one per farmer).
PROGRESS_EVERY = 50


@dataclass
class BatchSettlement:
    created: list[DeliveryOrder] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    waiting_for_rendemen: int = 0


def settle_period(
    *,
    by,
    mill: Mill,
    season: Season,
    start: date,
    end: date,
    natura_consumed_kw: Decimal = ZERO,
    progress: Callable[[int, int], None] | None = None,
) -> BatchSettlement:
    """Draft DOs for every farmer with accepted, analysed, unsettled deliveries weighed between
    ``start`` and ``end`` (the settlement period: a week or a batch). A farmer whose DO cannot be
    computed is listed in ``skipped`` with the reason; the others are settled. ``progress`` hears
    (farmers done, farmers in all) now and then (a batch run shows it).

    Set-based, in one transaction (harvest.services.settlement_batch, issue 18): the DOs are
    those settle_do would make farmer by farmer, with a number of queries that does not grow
    with them."""
    from harvest.services.settlement_batch import settle_period_at_once  # it imports this module

    return settle_period_at_once(
        by=by, mill=mill, season=season, start=start, end=end,
        natura_consumed_kw=natura_consumed_kw, progress=progress,
    )  # fmt: skip


def editable_draft(do: DeliveryOrder, by, action: HarvestAction) -> DeliveryOrder:
    require(by, action)
    require_visible(by, do)
    # The rows it has always locked (the DO, its scheme and mill); the farmer's, read with it,
    # are what settling again, credit's receivers and the farmer's notice read next.
    do = (
        DeliveryOrder.objects.select_for_update(of=("self", "scheme", "mill"))
        .select_related(
            "scheme", "mill", "season", "farmer__mill", "farmer__region", "farmer__user"
        )
        .get(pk=do.pk)
    )
    check_is_draft(do)
    return do


def check_is_draft(do: DeliveryOrder) -> None:
    if not do.is_draft:
        raise ValidationError(
            _("DO %(number)s is issued; it changes only through an adjustment.")
            % {"number": do.number}
        )


@transaction.atomic
def update_draft(
    *,
    do: DeliveryOrder,
    by,
    natura_consumed_kw: Decimal | None = None,
    credit_deductions: Sequence[Any] | None = None,
    other_deductions: Sequence[Any] | None = None,
    stream_values: Mapping[str, Decimal] | None = None,
    stream_corrections: Mapping[str, Any] | None = None,
) -> DeliveryOrder:
    """Change a draft's inputs (natura kept, credit and other deductions, typed or corrected
    streams) and settle it again."""
    do = editable_draft(do, by, HarvestAction.SETTLE)
    do.inputs = settlement_inputs(
        natura_consumed_kw=natura_consumed_kw,
        credit_deductions=credit_deductions,
        other_deductions=other_deductions,
        stream_values=stream_values,
        base=do.inputs,
        stream_corrections=stream_corrections,
    )
    recompute(do, by)
    return do


@transaction.atomic
def delete_draft(*, do: DeliveryOrder, by) -> None:
    """Drop a draft; its deliveries become unsettled again."""
    do = editable_draft(do, by, HarvestAction.SETTLE)
    Weighing.objects.filter(delivery_order=do).update(delivery_order=None)
    do.delete()
