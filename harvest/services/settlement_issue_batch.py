"""Many drafts issued at once (issue 18): what ``issue_do`` does to each, with a number of queries
that does not grow with the DOs, as drafting them does (settlement_batch).

Each DO goes through issue_do's steps, in its order, with the reads done once for all of them:

- the drafts locked with their scheme, mill, season and farmer (his mill, region and login), and
  their visibility checked: two queries;
- a debit carried from a season close capped at what is still owed (``cap_to_outstanding``, only
  for a DO that plans to take one);
- settled again (``recompute``) from the loads of all the DOs read in one query, with the TMA
  providers' batch forms and the market records of each mill and season;
- dated from each mill's policy, its status from its payments (summed in one query);
- saved in bulk, with the history rows save() writes and the post_save it sends; the carried
  debits' recoveries recorded; ``dos_issued`` sent (the credit app records tranche uses and posts
  repayments); the farmers told through ``notify_many``.

A farmer's second DO depends on his first (what his loans still owe, what his tranches and his
carried debits still hold), so the DOs go in waves holding one DO per farmer, in number order,
each wave in its own transaction. A DO that cannot be settled again is listed with its reason and
the others go on, as issue_do's refusals are. Should a receiver refuse a DO after the writes (a
tranche used up meanwhile), the wave rolls back and is issued DO by DO with issue_do, which then
lists that DO alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.db.models.signals import post_save
from django.utils import timezone

from harvest.models import DeliveryOrder, DoPayment, HarvestPolicy
from harvest.permissions import HarvestAction, require
from harvest.services import notices as farmer_notices
from harvest.services import settlement as single
from harvest.services.carried_debits import cap_to_outstanding, record_recoveries
from harvest.services.delivery_orders import issue_do, stamp_issued
from harvest.services.settlement import check_is_draft, loads_on, recompute
from harvest.services.settlement_batch import _batch_forms
from harvest.services.settlement_inputs import PeriodRecords
from harvest.signals import do_paid_below_contract, dos_issued
from tebu_site.access import scope_for
from tebu_site.fields import validate_stored_numbers
from tebu_site.history import record_changes, snapshot
from tebu_site.services import require_visible, update_in_bulk

ZERO = Decimal(0)
# What save() writes: every column but the key and the creation time.
SAVED_FIELDS = [
    f.attname
    for f in DeliveryOrder._meta.concrete_fields
    if not f.primary_key and f.attname != "created_at"
]


@dataclass
class IssuedDrafts:
    issued: list[DeliveryOrder] = field(default_factory=list)
    # "number: reason" for each draft not issued, in number order.
    failures: list[str] = field(default_factory=list)


def waves(orders: Iterable[tuple[int, int]]) -> list[list[int]]:
    """(DO, farmer) pairs in number order -> the DOs in waves of one DO per farmer: his first in
    the first wave, his second in the second, each wave in number order."""
    result: list[list[int]] = []
    seen: dict[int, int] = defaultdict(int)
    for pk, farmer_id in orders:
        wave = seen[farmer_id]
        seen[farmer_id] += 1
        if wave == len(result):
            result.append([])
        result[wave].append(pk)
    return result


def issue_drafts(*, ids: Iterable[int], by) -> IssuedDrafts:
    """Issue these drafts as issue_do would, one after the other in number order."""
    require(by, HarvestAction.SETTLE)
    ordered = list(
        DeliveryOrder.objects.filter(pk__in=list(ids))
        .order_by("number", "pk")
        .values_list("pk", "farmer_id", "number")
    )
    position = {number: index for index, (_pk, _farmer, number) in enumerate(ordered)}
    outcome = IssuedDrafts()
    failures: list[tuple[str, str]] = []
    for wave in waves((pk, farmer_id) for pk, farmer_id, _number in ordered):
        try:
            with transaction.atomic():
                issued, refused = _issue_wave(wave, by)
        except ValidationError:
            issued, refused = _issue_one_by_one(wave, by)
        outcome.issued += issued
        failures += refused
    outcome.issued.sort(key=lambda do: position[do.number])
    outcome.failures = [
        f"{number}: {reason}"
        for number, reason in sorted(failures, key=lambda pair: position[pair[0]])
    ]
    return outcome


def _issue_one_by_one(pks: list[int], by) -> tuple[list[DeliveryOrder], list[tuple[str, str]]]:
    issued, refused = [], []
    for order in DeliveryOrder.objects.filter(pk__in=pks).order_by("number", "pk"):
        try:
            issued.append(issue_do(do=order, by=by))
        except ValidationError as error:
            refused.append((order.number, " ".join(error.messages)))
    return issued, refused


class _Reads:
    """What settling the wave's DOs again reads, read once for all of them."""

    def __init__(self, orders: list[DeliveryOrder]):
        self.loads = defaultdict(list)
        for weighing in loads_on(orders):
            self.loads[weighing.delivery_order_id].append(weighing)
        self.schemes: dict[int, object] = {}
        self.records: dict[tuple[int, int], PeriodRecords] = {}
        self.tma_providers: dict[int, list] = {}
        farmers_by_season = defaultdict(set)
        for order in orders:
            farmers_by_season[order.season_id].add(order.farmer_id)
        self.seasons = {order.season_id: order.season for order in orders}
        self.farmers_by_season = farmers_by_season
        policies = HarvestPolicy.objects.filter(mill_id__in={order.mill_id for order in orders})
        self.policies = {policy.mill_id: policy for policy in policies}
        self.paid = dict(
            DoPayment.objects.filter(delivery_order__in=orders)
            .values("delivery_order")
            .annotate(total=Sum("amount"))
            .values_list("delivery_order", "total")
        )

    def policy(self, order: DeliveryOrder) -> HarvestPolicy:
        # HarvestPolicy.for_mill's default for a mill with none saved.
        return self.policies.get(order.mill_id) or HarvestPolicy(mill=order.mill)

    def settle_again(self, order: DeliveryOrder, by) -> None:
        if order.scheme_id not in self.schemes:
            self.schemes[order.scheme_id] = order.scheme.as_calculation()
        key = (order.mill_id, order.season_id)
        if key not in self.records:
            self.records[key] = PeriodRecords(order.mill, order.season)
        if order.season_id not in self.tma_providers:
            self.tma_providers[order.season_id] = _batch_forms(
                single._tma_credit_providers,
                farmer_ids=sorted(self.farmers_by_season[order.season_id]),
                season=self.seasons[order.season_id],
            )
        recompute(
            order,
            by,
            save=False,
            weighings=self.loads.get(order.pk, []),
            scheme=self.schemes[order.scheme_id],
            tma_providers=self.tma_providers[order.season_id],
            records=self.records[key],
        )


def _issue_wave(pks: list[int], by) -> tuple[list[DeliveryOrder], list[tuple[str, str]]]:
    """One DO per farmer: issued together, in this transaction."""
    orders = list(
        # The rows issue_do locks (the DO, its scheme and mill), with what it reads next.
        DeliveryOrder.objects.select_for_update(of=("self", "scheme", "mill"))
        .select_related(
            "scheme", "mill", "season", "farmer__mill", "farmer__region", "farmer__user"
        )
        .filter(pk__in=pks)
        .order_by("number", "pk")
    )
    visible = set(
        scope_for(by, DeliveryOrder.objects.filter(pk__in=pks)).values_list("pk", flat=True)
    )
    # The drafts as they are: what each DO's history row keeps as the values before its issue.
    drafts = {draft.pk: draft for draft in snapshot(orders)}
    reads = _Reads(orders)
    now = timezone.now()
    issued, refused = [], []
    for order in orders:
        if order.pk not in visible:
            require_visible(by, order)  # raises, with its message
            raise PermissionDenied
        try:
            check_is_draft(order)
            # A debit from a season close is taken only as far as it is still owed at the issue.
            cap_to_outstanding(order)
            reads.settle_again(order, by)
            stamp_issued(
                order, by, now=now, policy=reads.policy(order), paid=reads.paid.get(order.pk, ZERO)
            )
            # bulk_update sends no pre_save: the range check save() runs is run here.
            validate_stored_numbers(order)
        except ValidationError as error:
            refused.append((order.number, " ".join(error.messages)))
            continue
        issued.append(order)
    _write(issued, [drafts[order.pk] for order in issued], by, now)
    return issued, refused


def _write(orders: list[DeliveryOrder], drafts: list[DeliveryOrder], by, now) -> None:
    """issue_do's writes after the settling, for all the wave's DOs: the DOs, and their history
    rows (each the draft the issue replaced, by ``by``)."""
    if not orders:
        return
    for order in orders:
        order.updated_at = now  # what auto_now sets on save()
    update_in_bulk(orders, SAVED_FIELDS)
    record_changes(DeliveryOrder, drafts, by=by, reason=None, at=now)
    # save() would tell every post_save receiver (the DO summaries, the scorecard, the farmer's
    # kept pages): tell them, with the history row left out (written above, in bulk).
    for order in orders:
        order.skip_history_when_saving = True
        post_save.send(
            sender=DeliveryOrder,
            instance=order,
            created=False,
            update_fields=None,
            raw=False,
            using=order._state.db,
        )
        del order.skip_history_when_saving
    record_recoveries(orders, by)
    dos_issued.send(sender=DeliveryOrder, delivery_orders=orders, by=by)
    farmer_notices.dos_issued(orders)
    for order in orders:
        if order.price_shortfall > 0:
            transaction.on_commit(
                lambda order=order: do_paid_below_contract.send(
                    sender=DeliveryOrder, delivery_order=order
                )
            )
