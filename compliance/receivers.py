"""Rules run where it is cheap, on the event that triggers them, besides the schedule
(compliance.tasks): a DO issued below the contract price, a payment that settles a DO, a rendemen
entered directly, an SPTA expiring, a credit tranche paid. Each handler is idempotent like the
scheduled run."""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from credit.models import Disbursement
from harvest.models import (
    DeliveryOrder,
    DoPayment,
    DoStatus,
    RendemenAnalysis,
    RendemenMethod,
    Spta,
    SptaStatus,
    Weighing,
)
from harvest.signals import do_paid_below_contract, do_payment_recorded
from samples.signals import sample_flagged

logger = logging.getLogger(__name__)


def _run(keys: list[str], record) -> None:
    from compliance.rules import run_rules

    run_rules(mill=record.mill, keys=keys, only=record)


@receiver(do_paid_below_contract)
def raise_price_below_contract(sender, delivery_order: DeliveryOrder, **kwargs) -> None:
    # Sent after the issuing transaction committed: its own transaction here.
    with transaction.atomic():
        _run(["price_below_contract"], delivery_order)


@receiver(do_payment_recorded)
def close_when_paid(sender, delivery_order: DeliveryOrder, **kwargs) -> None:
    """Inside the payment's transaction, so the event closes with the payment or not at all."""
    if delivery_order.status != DoStatus.PAID:
        return
    from compliance import services
    from compliance.models import ComplianceEvent, EventStatus
    from compliance.rules import get

    rule = get("do_unpaid")
    events = ComplianceEvent.objects.filter(
        rule_key=rule.key, delivery_order=delivery_order
    ).exclude(status=EventStatus.CLOSED)
    for event in events:
        services.close_by_rule(
            event=event, rule_key=rule.key, note=str(rule.closed_note or rule.label)
        )


@receiver(post_save, sender=RendemenAnalysis)
def rendemen_saved(sender, instance: RendemenAnalysis, **kwargs) -> None:
    if instance.method == RendemenMethod.DIRECT:
        # After commit: the weighings are linked to the analysis later in the same service.
        transaction.on_commit(lambda: _run(["rendemen_without_readings"], instance), robust=True)


@receiver(sample_flagged)
def sample_late_or_broken(sender, sample, **kwargs) -> None:
    # After commit: the hand-over that flagged the sample stands even if the rule fails.
    transaction.on_commit(lambda: _run(["sample_custody_breach"], sample), robust=True)


@receiver(post_save, sender=Spta)
def spta_saved(sender, instance: Spta, **kwargs) -> None:
    if instance.status == SptaStatus.EXPIRED:
        transaction.on_commit(lambda: _run(["spta_expired_repeatedly"], instance), robust=True)


@receiver(post_save, sender=Disbursement)
def tranche_saved(sender, instance: Disbursement, raw: bool = False, **kwargs) -> None:
    """A tranche recorded as paid: raise the late-tranche event at once if it was paid late, and
    close the one raised while it was unpaid. Inside the payment's transaction, like the DO's, so
    the ledger moves with the payment or not at all. An unpaid tranche growing late is a matter
    of days passing: the schedule finds it."""
    if raw or instance.paid_on is None or instance.planned_on is None:
        return
    from compliance.rules import run_rules
    from compliance.rules.credit import RULE_KEY, close_paid

    mill = instance.application.farmer.mill
    with transaction.atomic():
        close_paid(instance)
        run_rules(mill=mill, keys=[RULE_KEY], only=instance)


# --- the stored scorecard summary follows the records it counts ---------------------------------


def _refresh_scorecard(mill_id) -> None:
    from compliance.scorecard.summary import schedule_refresh

    schedule_refresh(mill_id)


@receiver(post_save, sender=DeliveryOrder)
@receiver(post_delete, sender=DeliveryOrder)
@receiver(post_save, sender=RendemenAnalysis)
def scorecard_source_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    if not raw:
        _refresh_scorecard(instance.mill_id)


@receiver(post_save, sender=DoPayment)
def scorecard_payment_recorded(sender, instance: DoPayment, raw: bool = False, **kwargs) -> None:
    if not raw:
        _refresh_scorecard(
            DeliveryOrder.objects.filter(pk=instance.delivery_order_id)
            .values_list("mill_id", flat=True)
            .first()
        )


@receiver(post_save, sender=Weighing)
@receiver(post_delete, sender=Weighing)
def scorecard_weighing_changed(sender, instance: Weighing, raw: bool = False, **kwargs) -> None:
    # Only a weighing on a DO is counted; linking weighings to a DO saves the DO as well.
    if not raw and instance.delivery_order_id is not None:
        _refresh_scorecard(
            Spta.objects.filter(pk=instance.spta_id).values_list("mill_id", flat=True).first()
        )


def connect_events() -> None:
    from compliance.models import ComplianceEvent

    def event_changed(sender, instance, raw: bool = False, **kwargs) -> None:
        if not raw:
            _refresh_scorecard(instance.mill_id)

    post_save.connect(event_changed, sender=ComplianceEvent, weak=False, dispatch_uid="sc-ev")
    post_delete.connect(event_changed, sender=ComplianceEvent, weak=False, dispatch_uid="sc-ev-d")


connect_events()
