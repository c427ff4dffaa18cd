"""Deductions from a DO's proceeds (domain.md 5): sugar sacks, cutting and haulage when the mill's
crews did TMA (less what a loan's TMA tranche already paid the mill for them), credit principal and
interest, other agreed dues.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from harvest.calculations.errors import SettlementInputError
from harvest.calculations.proceeds import Proceeds
from harvest.calculations.schemes import ZERO, SettlementScheme
from harvest.calculations.values import Deduction, DeliveryInput, TmaCredit, TmaUse

TMA_FEE_CODES = ("cutting", "haulage")


def apply_tma_credits(credits: Sequence[TmaCredit], charges: Decimal) -> tuple[TmaUse, ...]:
    """domain.md 5, "Never charge TMA twice": money a loan already paid the mill for this
    farmer's cutting and haulage pays those charges first, each credit in turn up to what it still
    holds; the DO charges only the rest. Credits that pay nothing here are left out."""
    uses = []
    left = max(charges, ZERO)
    for credit in credits:
        applied = min(credit.available, left)
        if applied > 0:
            uses.append(TmaUse(credit.source, credit.label, credit.available, applied))
            left -= applied
    return tuple(uses)


def deductions_for(
    delivery: DeliveryInput, scheme: SettlementScheme, proceeds: Proceeds
) -> list[Deduction]:
    # domain.md 5: sacks Rp 7,500/kw of auctioned sugar; cutting-loading and haulage per kw of cane
    # only when the mill's crews did TMA; credit principal and interest; other agreed dues.
    result = []
    if scheme.sack_fee_per_kw_auctioned > 0:
        result.append(
            Deduction(
                "sacks",
                "Sugar sacks",
                proceeds.auctioned_sugar_kw,
                "kw",
                scheme.sack_fee_per_kw_auctioned,
                proceeds.auctioned_sugar_kw * scheme.sack_fee_per_kw_auctioned,
            )
        )
    if delivery.tma_by_mill:
        for code, label, rate in (
            ("cutting", "Cutting and loading by the mill's crews", scheme.cutting_fee_per_kw_cane),
            ("haulage", "Haulage by the mill", scheme.haulage_fee_per_kw_cane),
        ):
            if rate is None:
                raise SettlementInputError(
                    "tma_fee_not_configured",
                    f"the mill's crews did TMA but the scheme has no {code} fee",
                    field=f"{code}_fee_per_kw_cane",
                )
            result.append(
                Deduction(code, label, delivery.cane_kw, "kw", rate, delivery.cane_kw * rate)
            )
        charges = sum((d.amount for d in result if d.code in TMA_FEE_CODES), ZERO)
        # Negative: the part of the fees above that the tranche paid; quantity is what it held.
        result += [
            Deduction("tma_paid", use.label, use.available, "Rp", None, -use.applied)
            for use in apply_tma_credits(delivery.tma_credits, charges)
        ]
    # The mill's own money first (as credit recovers in-kind advances first), then the loans.
    for code, entries in (
        ("carried_debit", delivery.carried_debits),
        ("credit", delivery.credit_deductions),
        ("other", delivery.other_deductions),
    ):
        result += [Deduction(code, label, None, None, None, amount) for label, amount in entries]
    return result
