"""Deductions from a DO's proceeds (domain.md 5): sugar sacks, cutting and haulage when the mill's
crews did TMA, credit principal and interest, other agreed dues.
"""

from __future__ import annotations

from harvest.calculations.errors import SettlementInputError
from harvest.calculations.proceeds import Proceeds
from harvest.calculations.schemes import SettlementScheme
from harvest.calculations.values import Deduction, DeliveryInput


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
    for code, entries in (
        ("credit", delivery.credit_deductions),
        ("other", delivery.other_deductions),
    ):
        result += [Deduction(code, label, None, None, None, amount) for label, amount in entries]
    return result
