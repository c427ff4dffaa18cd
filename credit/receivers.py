"""Credit's answers to the partners app: the DO settlement asks for deduction lines, and an
issued DO posts the repayments. Partners never imports credit; it only calls what is registered."""

from __future__ import annotations


def _on_do_issued(sender, delivery_order, by, **kwargs) -> None:
    from credit.services.repayments import post_do_repayments

    post_do_repayments(delivery_order=delivery_order, by=by)


def _provider(*, farmer, season, available_amount, on_date):
    from credit.services.repayments import deductions_for_do

    return deductions_for_do(
        farmer=farmer, season=season, available_amount=available_amount, on_date=on_date
    )


def connect() -> None:
    from partners.services.settlement import do_issued, register_deduction_provider

    register_deduction_provider(_provider)
    do_issued.connect(_on_do_issued, dispatch_uid="credit.post_do_repayments")
