"""One account of TMA money (domain.md 5, "Never charge TMA twice"): a loan's tranche paid to the
mill for cutting and haulage pays that farmer's cutting and haulage, so a DO charges those fees
only above what the tranche still held, and the loan's instalment (which includes the tranche) is
deducted as usual.

``tma_credits_for_do`` answers the DO settlement (registered as harvest's TMA credit provider):
what each tranche still holds for this DO. The calculation decides how much of it the DO uses;
``record_tma_uses`` runs when the DO is issued and after each adjustment, and makes the tranche's
recorded uses (``TrancheUse``) what the DO applied, so over several DOs a tranche is used up
exactly once: every rupiah of it is either used by one DO or still left.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from credit import calculations as calc
from credit.models import Disbursement, Payee, TrancheUse
from harvest.models import DeliveryOrder
from partners.models import Farmer, Season
from tebu_site.formatting import format_rupiah
from tebu_site.services import create_in_bulk, save_with_history

ZERO = Decimal(0)
SOURCE_PREFIX = "credit.tranche:"


def source_of(tranche: Disbursement) -> str:
    return f"{SOURCE_PREFIX}{tranche.pk}"


def _tranche_pk(source: str) -> int | None:
    prefix, _sep, pk = source.partition(":")
    return int(pk) if f"{prefix}:" == SOURCE_PREFIX and pk.isdigit() else None


def tranche_label(tranche: Disbursement) -> str:
    """Names the tranche on the DO statement: the loan, which tranche, when the mill got it."""
    application = tranche.application
    return _("%(product)s %(number)s, tranche %(order)s paid to the mill on %(day)s") % {
        "product": application.product.get_kind_display().split(" (")[0],
        "number": application.number,
        "order": tranche.order,
        "day": tranche.paid_on.strftime("%d-%m-%Y"),
    }


def _mill_tranches(farmer: Farmer, season: Season):
    """The farmer's tranches of that season paid to the mill for cutting and haulage, the oldest
    first (the order a DO uses them in)."""
    return (
        Disbursement.objects.filter(
            application__farmer=farmer,
            application__season=season,
            payee=Payee.MILL,
            paid_on__isnull=False,
        )
        .select_related("application__product")
        .order_by("paid_on", "application_id", "order", "id")
    )


def tma_credits_for_do(
    *, farmer: Farmer, season: Season, delivery_order: DeliveryOrder | None
) -> list[dict]:
    """Each tranche's money still available to ``delivery_order``: its amount less what other DOs
    used of it (this DO's own use is given back, since the DO is being settled again)."""
    return _credits(_mill_tranches(farmer, season).prefetch_related("uses"), delivery_order)


def tma_credits_for_farmers(*, farmer_ids, season: Season):
    """``tma_credits_for_do`` for a batch settlement (issue 18): every farmer's tranches read at
    once, then a callable with tma_credits_for_do's arguments that answers from them. Valid while
    the batch runs: a draft records no use of a tranche (its issue does)."""
    read_season = season
    tranches: dict[int, list[Disbursement]] = {pk: [] for pk in farmer_ids}
    for tranche in (
        Disbursement.objects.filter(
            application__farmer_id__in=list(tranches),
            application__season=season,
            payee=Payee.MILL,
            paid_on__isnull=False,
        )
        .select_related("application__product")
        .prefetch_related("uses")
        .order_by("paid_on", "application_id", "order", "id")
    ):
        tranches[tranche.application.farmer_id].append(tranche)

    def credits(*, farmer, season: Season, delivery_order):
        if season.pk != read_season.pk or farmer.pk not in tranches:  # not read: read it now
            return tma_credits_for_do(farmer=farmer, season=season, delivery_order=delivery_order)
        return _credits(tranches[farmer.pk], delivery_order)

    return credits


def _credits(tranches, delivery_order: DeliveryOrder | None) -> list[dict]:
    credits = []
    for tranche in tranches:
        used_elsewhere = sum(
            (
                use.amount
                for use in tranche.uses.all()
                if delivery_order is None or use.delivery_order_id != delivery_order.pk
            ),
            ZERO,
        )
        available = tranche.amount - used_elsewhere
        if available > 0:
            credits.append(
                {"source": source_of(tranche), "label": tranche_label(tranche), "amount": available}
            )
    return credits


def applied_by(delivery_order: DeliveryOrder) -> dict[int, Decimal]:
    """What the DO's settlement applied of each tranche (pk -> Rupiah, rounded half-up to the
    cent like the DO's totals)."""
    applied: dict[int, Decimal] = {}
    for use in (delivery_order.computation or {}).get("tma_uses", []):
        pk = _tranche_pk(use.get("source", ""))
        if pk is not None:
            applied[pk] = applied.get(pk, ZERO) + Decimal(use["applied"])
    return {pk: calc.money(amount) for pk, amount in applied.items()}


def _refuse_overuse(tranche: Disbursement, others: Decimal, order: DeliveryOrder, amount) -> None:
    if others + amount > tranche.amount:
        raise ValidationError(
            _(
                "%(tranche)s has only %(left)s left for cutting and haulage; DO %(number)s "
                "would use %(amount)s. Settle the DO again."
            )
            % {
                "tranche": tranche_label(tranche),
                "left": format_rupiah(tranche.amount - others, 2),
                "number": order.number,
                "amount": format_rupiah(amount, 2),
            }
        )


def _follow_fully_used(tranche: Disbursement, by, uses=None) -> None:
    """``used_on`` and ``used_by_delivery_order`` say when and by which DO the last of the
    tranche was used; cleared again if an adjustment gives some of it back (``uses``: the
    tranche's uses, if already read)."""
    uses = list(tranche.uses.all() if uses is None else uses)
    uses.sort(key=lambda use: (use.used_on, use.pk))
    used = sum((use.amount for use in uses), ZERO)
    last = uses[-1] if uses and used >= tranche.amount else None
    new = (last.used_on, last.delivery_order_id) if last else (None, None)
    if (tranche.used_on, tranche.used_by_delivery_order_id) != new:
        tranche.used_on, tranche.used_by_delivery_order_id = new
        save_with_history(tranche, by)


def record_tma_uses(*, delivery_order: DeliveryOrder, by) -> list[TrancheUse]:
    """Make the recorded uses of the farmer's tranches by this issued DO what its settlement
    applied: created at issue, changed or removed by an adjustment (each change audited). A use
    that would take more than the tranche still holds is refused (ValidationError: the issue or
    adjustment rolls back); the DO settled again takes only what is left. Returns the DO's uses."""
    if delivery_order.is_draft:
        return []
    applied = applied_by(delivery_order)
    existing = {
        use.disbursement_id: use
        for use in TrancheUse.objects.filter(delivery_order=delivery_order).select_for_update()
    }
    pks = set(applied) | set(existing)
    if not pks:
        return []
    tranches = (
        Disbursement.objects.select_for_update()
        .filter(pk__in=pks, application__farmer=delivery_order.farmer_id, payee=Payee.MILL)
        .select_related("application__product")
    )
    on = timezone.localdate(delivery_order.issued_at)
    uses = []
    for tranche in tranches.order_by("paid_on", "order", "id"):
        amount = applied.get(tranche.pk, ZERO)
        use = existing.get(tranche.pk)
        others = sum((u.amount for u in tranche.uses.exclude(delivery_order=delivery_order)), ZERO)
        _refuse_overuse(tranche, others, delivery_order, amount)
        if amount <= 0:
            if use is not None:
                use._history_user = by
                use.delete()
        elif use is None:
            use = TrancheUse(
                disbursement=tranche,
                delivery_order=delivery_order,
                amount=amount,
                used_on=on,
                recorded_by=by,
            )
            save_with_history(use, by)
            uses.append(use)
        else:
            if use.amount != amount:
                use.amount = amount
                use.recorded_by = by
                save_with_history(use, by)
            uses.append(use)
        _follow_fully_used(tranche, by)
    return uses


def record_many_tma_uses(*, delivery_orders, by) -> None:
    """``record_tma_uses`` for many DOs just issued, of distinct farmers (a batch's issue, issue
    18): the tranches they applied locked and their uses read at once, the new uses written in
    bulk. The rows are those record_tma_uses writes DO after DO: a farmer's tranches are his
    alone. A DO with uses already recorded (adjusted), or a farmer's second DO, goes DO by DO."""
    orders = [order for order in delivery_orders if not order.is_draft]
    with_uses = set(
        TrancheUse.objects.filter(delivery_order__in=orders).values_list(
            "delivery_order_id", flat=True
        )
    )
    applied = {order.pk: applied_by(order) for order in orders}
    orders = [order for order in orders if applied[order.pk] or order.pk in with_uses]
    if with_uses or len({order.farmer_id for order in orders}) < len(orders):
        for order in orders:
            record_tma_uses(delivery_order=order, by=by)
        return
    if not orders:
        return
    tranches = list(
        Disbursement.objects.select_for_update()
        .filter(pk__in={pk for order in orders for pk in applied[order.pk]}, payee=Payee.MILL)
        .select_related("application__product")
        .order_by("paid_on", "order", "id")
    )
    uses: dict[int, list[TrancheUse]] = {tranche.pk: [] for tranche in tranches}
    for use in TrancheUse.objects.filter(disbursement__in=tranches):
        uses[use.disbursement_id].append(use)
    new, followed = [], []
    for order in orders:
        on = timezone.localdate(order.issued_at)
        for tranche in tranches:
            if (
                tranche.pk not in applied[order.pk]
                or tranche.application.farmer_id != order.farmer_id
            ):
                continue
            amount = applied[order.pk][tranche.pk]
            _refuse_overuse(tranche, sum((u.amount for u in uses[tranche.pk]), ZERO), order, amount)
            if amount > 0:
                use = TrancheUse(
                    disbursement=tranche,
                    delivery_order=order,
                    amount=amount,
                    used_on=on,
                    recorded_by=by,
                )
                new.append(use)
                uses[tranche.pk].append(use)
            followed.append(tranche)
    create_in_bulk(new, by)
    for tranche in followed:
        _follow_fully_used(tranche, by, uses[tranche.pk])
