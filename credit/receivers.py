"""Credit's answers to the harvest app: the DO settlement asks for deduction lines and for the TMA
tranches that pay the cutting and haulage; an issued DO records the tranches' use and posts the
repayments, and an adjusted DO keeps both in step. Harvest never imports credit; it only calls
what is registered."""

from __future__ import annotations


def _on_do_issued(sender, delivery_order, by, **kwargs) -> None:
    from credit.services.repayments import post_do_repayments
    from credit.services.tma import record_tma_uses

    record_tma_uses(delivery_order=delivery_order, by=by)
    post_do_repayments(delivery_order=delivery_order, by=by)


def _on_dos_issued(sender, delivery_orders, by, **kwargs) -> None:
    """_on_do_issued for many DOs (of distinct farmers): what they have to do is found in two
    queries, then done for the DOs that use a tranche or repay a loan."""
    from credit.services.repayments import post_many_do_repayments
    from credit.services.tma import record_many_tma_uses

    record_many_tma_uses(delivery_orders=delivery_orders, by=by)
    post_many_do_repayments(delivery_orders=delivery_orders, by=by)


def _on_do_adjusted(sender, delivery_order, by, inputs_before, inputs_after, **kwargs) -> None:
    from credit.services.repayments import follow_do_adjustment
    from credit.services.tma import record_tma_uses

    record_tma_uses(delivery_order=delivery_order, by=by)
    follow_do_adjustment(
        delivery_order=delivery_order,
        by=by,
        inputs_before=inputs_before,
        inputs_after=inputs_after,
    )


def _provider(*, farmer, season, available_amount, on_date):
    from credit.services.repayments import deductions_for_do

    return deductions_for_do(
        farmer=farmer, season=season, available_amount=available_amount, on_date=on_date
    )


def _provider_for_farmers(*, farmer_ids, season, on_date):
    from credit.services.repayments import deductions_for_farmers

    return deductions_for_farmers(farmer_ids=farmer_ids, on_date=on_date)


# A batch settlement asks the batch form once for all its farmers (harvest.services.
# settlement_batch): the same answers as _provider, without a few queries per farmer.
_provider.for_farmers = _provider_for_farmers


def _tma_provider(*, farmer, season, delivery_order):
    from credit.services.tma import tma_credits_for_do

    return tma_credits_for_do(farmer=farmer, season=season, delivery_order=delivery_order)


def _tma_provider_for_farmers(*, farmer_ids, season):
    from credit.services.tma import tma_credits_for_farmers

    return tma_credits_for_farmers(farmer_ids=farmer_ids, season=season)


_tma_provider.for_farmers = _tma_provider_for_farmers


def _product_saved(sender, instance, created, raw=False, **kwargs) -> None:
    """A new product gets its kind's default approval chain (credit.services.approvals)."""
    if not raw and instance.approval_chain_id is None:
        from credit.services.approvals import ensure_product_chain

        ensure_product_chain(instance)


def connect() -> None:
    from django.db.models.signals import post_save

    from credit.models import CreditProduct
    from harvest.services.settlement import (
        register_deduction_provider,
        register_tma_credit_provider,
    )
    from harvest.signals import do_adjusted, do_issued, dos_issued

    register_deduction_provider(_provider)
    register_tma_credit_provider(_tma_provider)
    do_issued.connect(_on_do_issued, dispatch_uid="credit.post_do_repayments")
    dos_issued.connect(_on_dos_issued, dispatch_uid="credit.post_many_do_repayments")
    do_adjusted.connect(_on_do_adjusted, dispatch_uid="credit.follow_do_adjustment")
    post_save.connect(_product_saved, sender=CreditProduct, dispatch_uid="credit.product_chain")
