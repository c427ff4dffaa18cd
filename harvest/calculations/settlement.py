"""Sugar sharing and DO (delivery order) settlement: from cane and rendemen to the rupiah payable.

``settle`` here; the scheme, the values it takes and gives, the proceeds per kind and the
deductions each live in their own module, and this module re-exports them as one vocabulary
(``from harvest.calculations import settlement as calc``).

Pure and exact: Decimal in, Decimal out, never rounded inside (use ``quantize_money`` and
``quantize_kw`` where a figure is stored or shown). Formulas follow domain.md 5 and 5b; the scheme
kinds are the ways the studied mills pay their partner farmers:

- ``rendemen_tier`` (PG Djatiroto, PG Semboro): the farmer's sugar is shared by rendemen tiers,
  then split into auctioned sugar (bridging price + profit sharing) and natura (in kind); molasses
  per kw of cane.
- ``flat_value_share`` (PG Pakis Baru): the farmer receives a flat share of the hablur sugar value.
- ``price_per_kg`` (PT SMS Dompu): cane bought by weight; the paid price may be below the contract.
- ``multi_stream`` (PT Gunung Madu): the farmer receives a share of each stream's value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal

from harvest.calculations.deductions import TMA_FEE_CODES, apply_tma_credits, deductions_for
from harvest.calculations.errors import SettlementInputError
from harvest.calculations.proceeds import PROCEEDS_BY_KIND, profit_sharing_per_kw
from harvest.calculations.quality import Load, QualityCheck
from harvest.calculations.relative import rendemen_paid_on
from harvest.calculations.schemes import (
    HUNDRED,
    PROFIT_SHARING_MINIMUM_FARMER_SHARE,
    PROFIT_SHARING_REGULATION,
    SCHEME_KINDS,
    ZERO,
    SettlementScheme,
    SettlementWarning,
    SharingTier,
    scheme_from_dict,
    scheme_to_dict,
)
from harvest.calculations.streams import PeriodSales, StreamFeed, feed_streams
from harvest.calculations.values import (
    Deduction,
    DeliveryInput,
    Settlement,
    SettlementLine,
    TmaCredit,
    TmaUse,
    quantize_kw,
    quantize_money,
    total_line,
)

__all__ = [
    "Deduction",
    "DeliveryInput",
    "Load",
    "PROFIT_SHARING_MINIMUM_FARMER_SHARE",
    "PeriodSales",
    "PROFIT_SHARING_REGULATION",
    "QualityCheck",
    "SCHEME_KINDS",
    "Settlement",
    "SettlementInputError",
    "SettlementLine",
    "SettlementScheme",
    "SettlementWarning",
    "SharingTier",
    "StreamFeed",
    "TmaCredit",
    "TmaUse",
    "WhatIfResult",
    "feed_streams",
    "profit_sharing_per_kw",
    "quantize_kw",
    "quantize_money",
    "scheme_from_dict",
    "scheme_to_dict",
    "settle",
    "sugar_share_what_if",
]


def settle(delivery: DeliveryInput, scheme: SettlementScheme) -> Settlement:
    """Settle one DO: the farmer's sugar, every proceed and deduction, net and payable.

    Net = proceeds − deductions (domain.md 5); a negative net pays nothing and the rest stays as
    debt (``carried_debt``). A warning flags a paid price below the contract price; raising it
    with the mill is the caller's decision. (The 60 % minimum is about profit sharing and is
    refused in the scheme itself, never warned about here.)
    """
    for name in ("stream_values", "stream_feeds", "stream_corrections"):
        if getattr(delivery, name) is not None and scheme.kind != "multi_stream":
            raise SettlementInputError(
                "not_applicable",
                f"{name} are only used by multi_stream schemes",
                field=name,
                kind=scheme.kind,
            )
    if delivery.natura_consumed_kw > 0 and scheme.kind != "rendemen_tier":
        raise SettlementInputError(
            "not_applicable",
            "only rendemen_tier schemes pay part of the sugar as natura",
            field="natura_consumed_kw",
            kind=scheme.kind,
        )
    cane, rendemen = delivery.cane_kw, delivery.rendemen_percent
    paid_rendemen, relative_lines = rendemen_paid_on(delivery, scheme)
    hablur = cane * paid_rendemen / HUNDRED
    shared = replace(delivery, rendemen_percent=paid_rendemen) if relative_lines else delivery
    proceeds = PROCEEDS_BY_KIND[scheme.kind](shared, scheme, hablur)
    total_revenue = proceeds.total_revenue
    deductions = deductions_for(delivery, scheme, proceeds)
    total_deductions = sum((deduction.amount for deduction in deductions), ZERO)
    tma_charges = sum((d.amount for d in deductions if d.code in TMA_FEE_CODES), ZERO)
    tma_uses = apply_tma_credits(delivery.tma_credits, tma_charges)
    net = total_revenue - total_deductions
    payable = net if net > 0 else ZERO
    carried_debt = -net if net < 0 else ZERO

    warnings: list[SettlementWarning] = []
    if proceeds.price_shortfall > 0:
        warnings.append(
            SettlementWarning(
                "paid_below_contract_price",
                f"paid Rp {scheme.paid_price_per_kg}/kg, below the contract price "
                f"Rp {scheme.contract_price_per_kg}/kg: shortfall Rp {proceeds.price_shortfall}",
                {
                    "contract_price_per_kg": scheme.contract_price_per_kg,
                    "paid_price_per_kg": scheme.paid_price_per_kg,
                    "price_shortfall": proceeds.price_shortfall,
                },
            )
        )

    lines = [
        SettlementLine("cane", cane, "kw"),
        SettlementLine("rendemen", rendemen, "%"),
        *relative_lines,
        SettlementLine("hablur", cane, "kw", paid_rendemen / HUNDRED, hablur, "kw"),
        *proceeds.lines,
        total_line("total_revenue", total_revenue),
        *_deduction_lines(deductions, tma_charges, tma_uses),
        total_line("total_deductions", total_deductions),
        total_line("net", net),
        total_line("carried_debt", carried_debt),
        total_line("payable", payable),
    ]
    return Settlement(
        name=delivery.name,
        kind=scheme.kind,
        cane_kw=cane,
        rendemen_percent=rendemen,
        hablur_kw=hablur,
        farmer_sugar_kw=proceeds.farmer_sugar_kw,
        mill_sugar_kw=proceeds.mill_sugar_kw,
        auctioned_sugar_kw=proceeds.auctioned_sugar_kw,
        natura_kw=proceeds.natura_kw,
        natura_consumed_kw=delivery.natura_consumed_kw,
        natura_sold_kw=proceeds.natura_sold_kw,
        molasses_kg=proceeds.molasses_kg,
        revenue_sugar=proceeds.revenue_sugar,
        revenue_molasses=proceeds.revenue_molasses,
        revenue_natura=proceeds.revenue_natura,
        revenue_profit_sharing=proceeds.revenue_profit_sharing,
        revenue_cane=proceeds.revenue_cane,
        revenue_streams=dict(proceeds.revenue_streams),
        agreed_revenue=proceeds.agreed_revenue,
        price_shortfall=proceeds.price_shortfall,
        total_revenue=total_revenue,
        deductions=tuple(deductions),
        total_deductions=total_deductions,
        net=net,
        payable=payable,
        carried_debt=carried_debt,
        warnings=tuple(warnings),
        lines=tuple(lines),
        tma_charges=tma_charges,
        tma_uses=tma_uses,
    )


def _deduction_lines(
    deductions: list[Deduction], tma_charges: Decimal, tma_uses: tuple[TmaUse, ...]
) -> list[SettlementLine]:
    """One line per deduction. After each TMA credit comes what it has left, and after the last
    the cutting and haulage this DO still charges (both explain, neither is added in): the
    statement shows how the tranche was used (domain.md 5, "Never charge TMA twice")."""
    lines = []
    credits_seen = 0
    for d in deductions:
        lines.append(
            SettlementLine(
                f"deduction_{d.code}", d.quantity, d.unit, d.rate, d.amount, "Rp", d.label
            )
        )
        if d.code != "tma_paid":
            continue
        lines.append(
            SettlementLine("tma_left", d.quantity, "Rp", None, d.quantity + d.amount, "Rp", d.label)
        )
        credits_seen += 1
        if credits_seen == len(tma_uses):
            paid = sum((use.applied for use in tma_uses), ZERO)
            lines.append(
                SettlementLine("tma_charged", tma_charges, "Rp", None, tma_charges - paid, "Rp")
            )
    return lines


@dataclass(frozen=True)
class WhatIfResult:
    cane_kw: Decimal
    rendemen_percent: Decimal
    farmer_sugar_kw: Decimal
    estimated_total_revenue: Decimal


def sugar_share_what_if(
    cane_kw: Decimal,
    rendemen_percent: Decimal,
    scheme: SettlementScheme,
    *,
    stream_values: Mapping[str, Decimal] | None = None,
) -> WhatIfResult:
    """Sugar and proceeds before deductions at rendemen X, all natura sold. The farmer's page
    settles his DO again from its own inputs instead (harvest.statement.what_if)."""
    settlement = settle(
        DeliveryInput(
            name="what-if",
            area_ha=ZERO,
            cane_kw=cane_kw,
            rendemen_percent=rendemen_percent,
            stream_values=stream_values,
        ),
        scheme,
    )
    return WhatIfResult(
        cane_kw=settlement.cane_kw,
        rendemen_percent=settlement.rendemen_percent,
        farmer_sugar_kw=settlement.farmer_sugar_kw,
        estimated_total_revenue=settlement.total_revenue,
    )
