"""A period's draft DOs settled together (issue 18): the queries do not grow with the DOs.

``settlement.settle_period`` hands its work here. The DOs are exactly those ``settle_do`` would
make farmer by farmer (same numbers in the same order, same figures, inputs, lines, history rows
and skipped reasons): the same pure calculation gets the same inputs, read once for the period
instead of once per farmer:

- the candidate loads, locked, with SPTA, farmer, plot, rendemen and quality check: one query;
- the mill's schemes of the season, picked per DO the way ``scheme_for`` picks;
- the market records (``PeriodRecords``): once for each day a DO ends on;
- the credit providers' batch forms (``provider.for_farmers``): every farmer's debts and TMA
  tranches at once. A provider without one is asked per farmer, as settle_do asks it;
- the DO number counter: locked once (``serial_block``).

Then the DOs (their lines on them) and history rows are bulk-created and the loads linked in
one UPDATE, in one transaction. A farmer whose DO cannot be computed is skipped before anything
of his is written, so his failure leaves nothing behind and does not stop the others.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, Value, When
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.translation import gettext as _

from harvest.models import DeliveryOrder, SettlementScheme, Weighing
from harvest.permissions import HarvestAction, require
from harvest.services import settlement as single
from harvest.services.carried_debits import outstanding_debits, with_carried_debits
from harvest.services.settlement import (
    PROGRESS_EVERY,
    ZERO,
    BatchSettlement,
    _check_deliveries,
    _compute,
    _store,
    _with_tma_credits,
    do_series,
    gather,
    needs_rendemen,
    provided_deductions,
    settle_do,
)
from harvest.services.settlement_inputs import (
    PeriodRecords,
    _entries,
    recorded_inputs,
    settlement_inputs,
)
from partners.models import Farmer, Mill, Season
from tebu_site.access import scope_for
from tebu_site.fields import validate_stored_numbers
from tebu_site.numbering import serial_block
from tebu_site.services import require_visible


def _candidates(by, mill: Mill, season: Season, start: date, end: date):
    """The period's accepted, unsettled loads the user may see."""
    first = timezone.make_aware(datetime.combine(start, datetime.min.time()))
    last = timezone.make_aware(datetime.combine(end + timedelta(days=1), datetime.min.time()))
    return scope_for(
        by,
        Weighing.objects.filter(
            spta__mill=mill,
            spta__season=season,
            rejected=False,
            delivery_order__isnull=True,
            weighed_at__gte=first,
            weighed_at__lt=last,
        ),
    )


def _groups(
    weighings, *, rendemen_required: bool, result: BatchSettlement
) -> dict[tuple[int, bool], list[Weighing]]:
    """One group per farmer and crew (the mill's crews' loads get their own DO), in the order of
    the farmers' names; loads still waiting for rendemen are counted, not grouped."""
    groups: dict[tuple[int, bool], list[Weighing]] = {}
    for weighing in weighings:
        if rendemen_required and weighing.rendemen_analysis_id is None:
            result.waiting_for_rendemen += 1
            continue
        groups.setdefault((weighing.spta.farmer_id, weighing.spta.tma_by_mill), []).append(weighing)
    return groups


def _scheme_on(schemes: Sequence[SettlementScheme], on: date) -> SettlementScheme | None:
    """``scheme_for`` over schemes already read: in force on ``on``, the latest start first."""
    in_force = [
        s
        for s in schemes
        if s.effective_from <= on and (s.effective_to is None or s.effective_to >= on)
    ]
    return max(in_force, key=lambda s: s.effective_from, default=None)


def _batch_forms(providers, **kwargs) -> list[Callable]:
    """Each registered provider's batch form for these farmers, or the provider itself."""
    return [
        provider.for_farmers(**kwargs) if hasattr(provider, "for_farmers") else provider
        for provider in providers
    ]


@dataclass
class _Draft:
    do: DeliveryOrder
    weighings: list[Weighing]


class _Batch:
    """What every DO of the batch reads, read once; ``draft`` computes one farmer's DO."""

    def __init__(self, *, by, mill, season, natura_consumed_kw, farmer_ids, schemes, serials):
        self.by, self.mill, self.season = by, mill, season
        self.natura_consumed_kw = natura_consumed_kw
        self.schemes = schemes
        self.calculations: dict[int, object] = {}  # parsed when a DO uses the scheme
        self.records = PeriodRecords(mill, season)
        self.on_date = timezone.localdate()
        self.tma_providers = _batch_forms(
            single._tma_credit_providers, farmer_ids=farmer_ids, season=season
        )
        self.deduction_providers = _batch_forms(
            single._deduction_providers, farmer_ids=farmer_ids, season=season, on_date=self.on_date
        )
        self.debits = outstanding_debits(farmer_ids, season)
        self.serials = serials
        _key, self.prefix, _highest = do_series(mill, season)

    def draft(self, farmer: Farmer, weighings: list[Weighing]) -> _Draft:
        """settle_do's steps, in its order, with the batch's reads; nothing is written."""
        period_end = max(timezone.localdate(w.weighed_at) for w in weighings)
        scheme = _scheme_on(self.schemes, period_end)
        if scheme is None:
            raise ValidationError(
                _("No settlement scheme of %(mill)s is in force for season %(season)s on %(day)s.")
                % {"mill": self.mill, "season": self.season.name, "day": period_end}
            )
        _check_deliveries(farmer, self.season, weighings, rendemen_required=needs_rendemen(scheme))
        deliveries = gather(weighings)
        if scheme.pk not in self.calculations:
            self.calculations[scheme.pk] = scheme.as_calculation()
        calculation = self.calculations[scheme.pk]
        inputs = settlement_inputs(
            natura_consumed_kw=self.natura_consumed_kw,
            credit_deductions=None,
            other_deductions=(),
            stream_values=None,
            stream_corrections=None,
        )
        inputs = _with_tma_credits(
            inputs,
            deliveries,
            farmer=farmer,
            season=self.season,
            delivery_order=None,
            providers=self.tma_providers,
        )
        inputs = recorded_inputs(
            inputs,
            deliveries,
            scheme=calculation,
            mill=self.mill,
            season=self.season,
            records=self.records,
        )
        # The serial settle_do would take now; taken below only if the DO is made.
        number = f"{self.prefix}{self.serials.upcoming:05d}"
        result = _compute(number=number, deliveries=deliveries, inputs=inputs, scheme=calculation)
        if farmer.pk in self.debits:
            inputs = with_carried_debits(
                inputs, result.total_revenue - result.total_deductions, self.debits[farmer.pk]
            )
            result = _compute(
                number=number, deliveries=deliveries, inputs=inputs, scheme=calculation
            )
        available = result.total_revenue - result.total_deductions
        lines = provided_deductions(
            farmer=farmer,
            season=self.season,
            available_amount=max(available, ZERO),
            on_date=self.on_date,
            providers=self.deduction_providers,
        )
        inputs["credit_deductions"] = _entries(lines, "credit_deductions")
        if lines:
            result = _compute(
                number=number, deliveries=deliveries, inputs=inputs, scheme=calculation
            )
        do = DeliveryOrder(
            mill=self.mill,
            season=self.season,
            farmer=farmer,
            number=number,
            scheme=scheme,
            inputs=inputs,
            created_by=self.by,
        )
        _store(do, deliveries, result)
        # bulk_create sends no pre_save: the range check save() runs (tebu_site.fields) is
        # run here, so a DO out of range is skipped with the field's message, as settle_do's is.
        validate_stored_numbers(do)
        self.serials.take()
        return _Draft(do, weighings)

    def write(self, drafts: list[_Draft]) -> None:
        """The drafts' DOs (with their lines) in bulk, and their loads linked."""
        if self.serials is not None:
            self.serials.close()
        if not drafts:
            return
        orders = [draft.do for draft in drafts]
        # No history row: a DO's history keeps its changes, and its creation is on the row
        # (created_by, created_at), as save_with_history leaves it (tebu_site.history).
        DeliveryOrder.objects.bulk_create(orders)
        Weighing.objects.filter(pk__in=[w.pk for draft in drafts for w in draft.weighings]).update(
            delivery_order=Case(
                *[
                    When(pk__in=[w.pk for w in draft.weighings], then=Value(draft.do.pk))
                    for draft in drafts
                ]
            )
        )
        # save() would tell every post_save receiver (the DO summaries, the compliance
        # scorecard): tell them, with the history row left out (written above, in bulk).
        for order in orders:
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


def _visible_farmers(by, farmers: dict[int, Farmer]) -> None:
    """settle_do's require_visible for every farmer, in one query."""
    visible = set(
        scope_for(by, Farmer.objects.filter(pk__in=list(farmers))).values_list("pk", flat=True)
    )
    for pk, farmer in farmers.items():
        if pk not in visible:
            require_visible(by, farmer)  # raises, with its message
            raise PermissionDenied


def settle_period_at_once(
    *,
    by,
    mill: Mill,
    season: Season,
    start: date,
    end: date,
    natura_consumed_kw: Decimal = ZERO,
    progress: Callable[[int, int], None] | None = None,
) -> BatchSettlement:
    """settlement.settle_period, set-based (see the module's docstring)."""
    require(by, HarvestAction.SETTLE)
    require_visible(by, mill)
    if end < start:
        raise ValidationError({"end": [_("The end date is before the start date.")]})
    result = BatchSettlement()
    with transaction.atomic():
        weighings = list(
            # of=self: PostgreSQL cannot lock the nullable side of the outer joins.
            _candidates(by, mill, season, start, end)
            .select_for_update(of=("self",))
            .select_related("spta__farmer", "spta__plot", "rendemen_analysis", "quality_check")
            .order_by("spta__farmer__name", "weighed_at", "id")
        )
        schemes = list(SettlementScheme.objects.filter(mill=mill, season=season).order_by("pk"))
        scheme = _scheme_on(schemes, end)
        groups = _groups(
            weighings,
            rendemen_required=scheme is None or needs_rendemen(scheme),
            result=result,
        )
        farmers = {w[0].spta.farmer_id: w[0].spta.farmer for w in groups.values()}
        _visible_farmers(by, farmers)
        key, _prefix, highest_existing = do_series(mill, season)
        batch = _Batch(
            by=by,
            mill=mill,
            season=season,
            natura_consumed_kw=natura_consumed_kw,
            farmer_ids=list(farmers),
            schemes=schemes,
            # No loads, no counter: settle_do would not have touched it either.
            serials=serial_block(key, highest_existing=highest_existing) if groups else None,
        )
        drafts: list[_Draft] = []
        for done, group in enumerate(groups.values()):
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done, len(groups))
            farmer = group[0].spta.farmer
            try:
                if farmer.mill_id != mill.pk:
                    # Another mill's farmer on this mill's SPTA: his own mill's numbers and
                    # schemes, the way settle_do settles him.
                    with transaction.atomic():
                        order = settle_do(
                            by=by,
                            farmer=farmer,
                            season=season,
                            weighings=group,
                            natura_consumed_kw=natura_consumed_kw,
                        )
                    result.created.append(order)
                    continue
                draft = batch.draft(farmer, group)
            except ValidationError as error:
                result.skipped.append(f"{farmer.name}: {' '.join(error.messages)}")
                continue
            drafts.append(draft)
            result.created.append(draft.do)
        batch.write(drafts)
    if progress is not None:
        progress(len(groups), len(groups))
    return result


def _settle_period_one_by_one(
    *,
    by,
    mill: Mill,
    season: Season,
    start: date,
    end: date,
    natura_consumed_kw: Decimal = ZERO,
    progress: Callable[[int, int], None] | None = None,
) -> BatchSettlement:
    """The farmer-by-farmer settlement settle_period did before issue 18 (a settle_do and a
    savepoint each), kept to prove the batch makes the same DOs (tests, bench/scale/settle.py)."""
    require(by, HarvestAction.SETTLE)
    require_visible(by, mill)
    if end < start:
        raise ValidationError({"end": [_("The end date is before the start date.")]})
    candidates = _candidates(by, mill, season, start, end).select_related(
        "spta__farmer", "spta__plot", "rendemen_analysis"
    )
    result = BatchSettlement()
    scheme = single.scheme_for(mill=mill, season=season, on=end)
    groups = _groups(
        candidates.order_by("spta__farmer__name", "weighed_at", "id"),
        rendemen_required=scheme is None or needs_rendemen(scheme),
        result=result,
    )
    for done, weighings in enumerate(groups.values()):
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, len(groups))
        farmer = weighings[0].spta.farmer
        try:
            with transaction.atomic():
                result.created.append(
                    settle_do(
                        by=by,
                        farmer=farmer,
                        season=season,
                        weighings=weighings,
                        natura_consumed_kw=natura_consumed_kw,
                    )
                )
        except ValidationError as error:
            result.skipped.append(f"{farmer.name}: {' '.join(error.messages)}")
    if progress is not None:
        progress(len(groups), len(groups))
    return result
