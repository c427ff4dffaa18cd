"""Proceeds per scheme kind: the farmer's sugar (or cane, or streams) and what each is worth
(domain.md 5 and 5b). Each kind fills the same ``Proceeds``; what follows (deductions, net,
payable) is common to all kinds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from harvest.calculations.errors import SettlementInputError
from harvest.calculations.quality import failed_standards
from harvest.calculations.schemes import HUNDRED, KG_PER_KW, ZERO, SettlementScheme
from harvest.calculations.values import DeliveryInput, SettlementLine, total_line


@dataclass
class Proceeds:
    """What a scheme kind produces; the rest of the settlement is common to all kinds."""

    farmer_sugar_kw: Decimal = ZERO
    mill_sugar_kw: Decimal = ZERO
    auctioned_sugar_kw: Decimal = ZERO
    natura_kw: Decimal = ZERO
    natura_sold_kw: Decimal = ZERO
    molasses_kg: Decimal = ZERO
    revenue_sugar: Decimal = ZERO
    revenue_molasses: Decimal = ZERO
    revenue_natura: Decimal = ZERO
    revenue_profit_sharing: Decimal = ZERO
    revenue_cane: Decimal = ZERO
    revenue_streams: dict[str, Decimal] = field(default_factory=dict)
    agreed_revenue: Decimal | None = None
    price_shortfall: Decimal = ZERO
    lines: list[SettlementLine] = field(default_factory=list)

    @property
    def total_revenue(self) -> Decimal:
        return (
            self.revenue_sugar
            + self.revenue_molasses
            + self.revenue_natura
            + self.revenue_profit_sharing
            + self.revenue_cane
            + sum(self.revenue_streams.values(), ZERO)
        )


def add_molasses(delivery: DeliveryInput, scheme: SettlementScheme, out: Proceeds) -> None:
    # domain.md 5: the farmer is entitled to a fixed quantity of molasses per kw of cane.
    if scheme.molasses_kg_per_kw_cane == 0:
        return
    out.molasses_kg = delivery.cane_kw * scheme.molasses_kg_per_kw_cane
    out.revenue_molasses = out.molasses_kg * scheme.molasses_price_per_kg
    out.lines += [
        SettlementLine(
            "molasses",
            delivery.cane_kw,
            "kw",
            scheme.molasses_kg_per_kw_cane,
            out.molasses_kg,
            "kg",
        ),
        SettlementLine(
            "revenue_molasses",
            out.molasses_kg,
            "kg",
            scheme.molasses_price_per_kg,
            out.revenue_molasses,
            "Rp",
        ),
    ]


def profit_sharing_per_kw(
    auction_price_per_kw: Decimal, bridging_price_per_kw: Decimal, farmer_share: Decimal
) -> Decimal:
    """domain.md 5: profit sharing per kw of auctioned sugar = farmer share × (auction price −
    bridging price); nothing when the auction does not clear above the bridging price.
    PG Djatiroto 2016: (1,048,000 − 910,000) × 100 % = Rp 138,000/kw."""
    return max(auction_price_per_kw - bridging_price_per_kw, ZERO) * farmer_share


def _profit_sharing_rate(
    delivery: DeliveryInput, scheme: SettlementScheme
) -> tuple[Decimal, list[SettlementLine]]:
    """The profit sharing per kw and the lines that explain it: computed from the period's
    auction price where the scheme has a farmer share, else the Rp/kw the mill published."""
    share = scheme.profit_sharing_farmer_share
    if share is None:
        return scheme.profit_sharing_per_kw_auctioned, []
    auction = delivery.auction_price_per_kw
    if auction is None:
        raise SettlementInputError(
            "auction_price_missing",
            "the scheme computes profit sharing from the auction price, and no auction price "
            "is recorded for this period",
            field="auction_price_per_kw",
        )
    bridging = scheme.bridging_price_per_kw
    rate = profit_sharing_per_kw(auction, bridging, share)
    return rate, [
        # The label keeps the bridging price for the statement's wording.
        SettlementLine("auction_price", auction, "Rp/kw", label=str(bridging)),
        SettlementLine(
            "profit_sharing_per_kw",
            max(auction - bridging, ZERO),
            "Rp/kw",
            share,
            rate,
            "Rp/kw",
        ),
    ]


def rendemen_tier_proceeds(
    delivery: DeliveryInput, scheme: SettlementScheme, hablur: Decimal
) -> Proceeds:
    # domain.md 5, PG Djatiroto: C × [0.66 × min(R, 6) + 0.70 × 1.003 × max(R − 6, 0)] / 100,
    # generalised to Σ tiers of C × share × factor × (rendemen points in the tier) / 100.
    out = Proceeds()
    for tier in scheme.sharing_tiers:
        tier_hablur = delivery.cane_kw * tier.points_in_tier(delivery.rendemen_percent) / HUNDRED
        tier_sugar = tier_hablur * tier.effective_share
        out.farmer_sugar_kw += tier_sugar
        out.lines.append(
            SettlementLine(
                "sugar_tier", tier_hablur, "kw", tier.effective_share, tier_sugar, "kw", tier.label
            )
        )
    out.mill_sugar_kw = hablur - out.farmer_sugar_kw
    out.auctioned_sugar_kw = out.farmer_sugar_kw * scheme.auction_fraction
    out.natura_kw = out.farmer_sugar_kw * scheme.natura_fraction
    if delivery.natura_consumed_kw > out.natura_kw:
        raise SettlementInputError(
            "natura_consumed_exceeds_natura",
            f"natura consumed {delivery.natura_consumed_kw} kw exceeds the natura "
            f"{out.natura_kw} kw",
            natura_consumed_kw=delivery.natura_consumed_kw,
            natura_kw=out.natura_kw,
        )
    out.natura_sold_kw = out.natura_kw - delivery.natura_consumed_kw
    out.revenue_sugar = out.auctioned_sugar_kw * scheme.bridging_price_per_kw
    profit_rate, profit_lines = _profit_sharing_rate(delivery, scheme)
    out.revenue_profit_sharing = out.auctioned_sugar_kw * profit_rate
    out.lines += [
        total_line("farmer_sugar", out.farmer_sugar_kw, "kw"),
        total_line("mill_sugar", out.mill_sugar_kw, "kw"),
        SettlementLine(
            "auctioned_sugar",
            out.farmer_sugar_kw,
            "kw",
            scheme.auction_fraction,
            out.auctioned_sugar_kw,
            "kw",
        ),
    ]
    if scheme.natura_fraction > 0:
        out.revenue_natura = out.natura_sold_kw * scheme.natura_price_per_kw
        out.lines += [
            SettlementLine(
                "natura", out.farmer_sugar_kw, "kw", scheme.natura_fraction, out.natura_kw, "kw"
            ),
            SettlementLine("natura_consumed", delivery.natura_consumed_kw, "kw"),
            total_line("natura_sold", out.natura_sold_kw, "kw"),
        ]
    out.lines += [
        SettlementLine(
            "revenue_sugar",
            out.auctioned_sugar_kw,
            "kw",
            scheme.bridging_price_per_kw,
            out.revenue_sugar,
            "Rp",
        ),
        *profit_lines,
        SettlementLine(
            "revenue_profit_sharing",
            out.auctioned_sugar_kw,
            "kw",
            profit_rate,
            out.revenue_profit_sharing,
            "Rp",
        ),
    ]
    if scheme.natura_fraction > 0:
        out.lines.append(
            SettlementLine(
                "revenue_natura",
                out.natura_sold_kw,
                "kw",
                scheme.natura_price_per_kw,
                out.revenue_natura,
                "Rp",
            )
        )
    add_molasses(delivery, scheme, out)
    return out


def flat_value_share_proceeds(
    delivery: DeliveryInput, scheme: SettlementScheme, hablur: Decimal
) -> Proceeds:
    # domain.md 5b, PG Pakis Baru: 65 % of the sugar value to the farmer, 35 % milling fee.
    out = Proceeds()
    share = scheme.flat_farmer_share
    sugar_value = hablur * scheme.sugar_price_per_kw
    out.farmer_sugar_kw = hablur * share
    out.mill_sugar_kw = hablur - out.farmer_sugar_kw
    out.revenue_sugar = sugar_value * share
    out.lines += [
        SettlementLine("farmer_sugar", hablur, "kw", share, out.farmer_sugar_kw, "kw"),
        total_line("mill_sugar", out.mill_sugar_kw, "kw"),
        SettlementLine("sugar_value", hablur, "kw", scheme.sugar_price_per_kw, sugar_value, "Rp"),
        SettlementLine("revenue_sugar", sugar_value, "Rp", share, out.revenue_sugar, "Rp"),
    ]
    add_molasses(delivery, scheme, out)
    return out


def price_per_kg_proceeds(
    delivery: DeliveryInput, scheme: SettlementScheme, hablur: Decimal
) -> Proceeds:
    # domain.md 5b, PT SMS Dompu: cane bought by weight at the contract price (Rp 380/kg) when
    # standards are met; farmers were paid less (Rp 250/kg). The gap is kept as a signal.
    if scheme.quality_standards:
        return _priced_by_quality(delivery, scheme)
    out = Proceeds()
    cane_kg = delivery.cane_kw * KG_PER_KW
    contract = scheme.contract_price_per_kg
    paid = contract if scheme.paid_price_per_kg is None else scheme.paid_price_per_kg
    out.agreed_revenue = cane_kg * contract
    out.revenue_cane = cane_kg * paid
    out.price_shortfall = max(out.agreed_revenue - out.revenue_cane, ZERO)
    out.lines += [
        SettlementLine("cane_weight", delivery.cane_kw, "kw", KG_PER_KW, cane_kg, "kg"),
        SettlementLine("agreed_revenue", cane_kg, "kg", contract, out.agreed_revenue, "Rp"),
        SettlementLine("revenue_cane", cane_kg, "kg", paid, out.revenue_cane, "Rp"),
    ]
    if out.price_shortfall > 0:
        out.lines.append(total_line("price_shortfall", out.price_shortfall))
    return out


def _priced_by_quality(delivery: DeliveryInput, scheme: SettlementScheme) -> Proceeds:
    """Each load at the contract price if its quality check meets every standard, else at the
    lower price; the line's label is the load's name, then "|" and the failed standards' codes.
    A lower price decided by a recorded check is the contract's own rule, not a shortfall."""
    unchecked = [load.name for load in delivery.loads if load.quality is None]
    if unchecked or not delivery.loads:
        raise SettlementInputError(
            "quality_check_missing",
            f"the scheme pays each load by its quality check; no check for: "
            f"{', '.join(unchecked) or 'any load'}",
            loads=unchecked,
        )
    loads_cane = sum((load.cane_kw for load in delivery.loads), ZERO)
    if loads_cane != delivery.cane_kw:
        raise SettlementInputError(
            "invalid_shape",
            f"the loads hold {loads_cane} kw, the DO {delivery.cane_kw} kw",
            field="loads",
        )
    out = Proceeds()
    cane_kg = delivery.cane_kw * KG_PER_KW
    out.lines.append(
        SettlementLine("cane_weight", delivery.cane_kw, "kw", KG_PER_KW, cane_kg, "kg")
    )
    for load in delivery.loads:
        failed = failed_standards(load.quality, scheme.quality_standards)
        price = scheme.below_standard_price_per_kg if failed else scheme.contract_price_per_kg
        load_kg = load.cane_kw * KG_PER_KW
        out.revenue_cane += load_kg * price
        label = load.name + ("|" + ",".join(failed) if failed else "")
        out.lines.append(
            SettlementLine("revenue_load", load_kg, "kg", price, load_kg * price, "Rp", label)
        )
    out.agreed_revenue = out.revenue_cane
    out.lines.append(total_line("revenue_cane", out.revenue_cane))
    return out


def _stream_values(delivery: DeliveryInput, scheme: SettlementScheme, out: Proceeds):
    """Each stream's value: fed from weighings and recorded sales where the scheme says so (each
    with its line), then any correction by hand (its line shows the fed value it replaced)."""
    if not scheme.stream_sources:
        if delivery.stream_feeds is not None or delivery.stream_corrections is not None:
            raise SettlementInputError(
                "not_applicable",
                "this scheme's streams are typed; it has no stream_sources to feed or correct",
                field="stream_corrections",
            )
        return delivery.stream_values or {}
    if delivery.stream_values is not None:
        raise SettlementInputError(
            "streams_are_fed",
            "this scheme feeds its streams from weighings and recorded sales; correct a stream "
            "with a reason instead of typing it",
            field="stream_values",
        )
    values = {}
    for feed in delivery.stream_feeds or ():
        values[feed.stream] = feed.value
        out.lines.append(
            SettlementLine(
                f"stream_from_{feed.source}",
                feed.total,
                feed.unit,
                feed.portion,
                feed.value,
                "Rp",
                feed.stream if not feed.basis else f"{feed.stream}|{feed.basis}",
            )
        )
    for stream, corrected in (delivery.stream_corrections or {}).items():
        if stream not in scheme.stream_shares:
            raise SettlementInputError(
                "unknown_stream", f"the scheme has no stream {stream}", streams=[stream]
            )
        out.lines.append(
            SettlementLine(
                "stream_correction", values.get(stream), "Rp", None, corrected, "Rp", stream
            )
        )
        values[stream] = corrected
    return values


def multi_stream_proceeds(
    delivery: DeliveryInput, scheme: SettlementScheme, hablur: Decimal
) -> Proceeds:
    # domain.md 5b, PT Gunung Madu: farmers share in the harvest, molasses sales and sugar sales.
    out = Proceeds()
    values = _stream_values(delivery, scheme, out)
    missing = [stream for stream in scheme.stream_shares if stream not in values]
    if missing:
        raise SettlementInputError(
            "missing_stream_value",
            f"no value given for streams: {', '.join(missing)}",
            streams=missing,
        )
    unknown = sorted(set(values) - set(scheme.stream_shares))
    if unknown:
        raise SettlementInputError(
            "unknown_stream",
            f"the scheme has no share for streams: {', '.join(unknown)}",
            streams=unknown,
        )
    for stream, share in scheme.stream_shares.items():
        out.revenue_streams[stream] = values[stream] * share
        out.lines.append(
            SettlementLine(
                "revenue_stream",
                values[stream],
                "Rp",
                share,
                out.revenue_streams[stream],
                "Rp",
                stream,
            )
        )
    return out


PROCEEDS_BY_KIND = {
    "rendemen_tier": rendemen_tier_proceeds,
    "flat_value_share": flat_value_share_proceeds,
    "price_per_kg": price_per_kg_proceeds,
    "multi_stream": multi_stream_proceeds,
}
