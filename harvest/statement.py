"""The DO statement in words: each settlement line (harvest.calculations.settlement) as a step
from cane to rupiah that a farmer can follow, with the formula and the numbers (domain.md 10.4).

Presentation only: the numbers come from the stored DO lines; nothing is recomputed here except
the "what if my rendemen were X %" estimate, which calls the calculation itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from harvest.calculations import settlement as calc
from harvest.calculations.errors import SettlementInputError, decimal_to_str
from harvest.models import DeliveryOrder, DoLine
from harvest.services import late_payment
from harvest.services.settlement import delivery_input
from tebu_site.formatting import format_number, format_rupiah, round_half_up

SUGAR = "sugar"
PROCEEDS = "proceeds"
DEDUCTIONS = "deductions"
RESULT = "result"

SECTION_OF = {
    "revenue_sugar": PROCEEDS,
    "revenue_profit_sharing": PROCEEDS,
    "revenue_natura": PROCEEDS,
    "revenue_molasses": PROCEEDS,
    "revenue_cane": PROCEEDS,
    "revenue_stream": PROCEEDS,
    "revenue_load": PROCEEDS,
    "auction_price": PROCEEDS,
    "profit_sharing_per_kw": PROCEEDS,
    "stream_from_weighings": PROCEEDS,
    "stream_from_sales": PROCEEDS,
    "stream_correction": PROCEEDS,
    "sugar_value": PROCEEDS,
    "agreed_revenue": PROCEEDS,
    "price_shortfall": PROCEEDS,
    "total_revenue": PROCEEDS,
    "total_deductions": DEDUCTIONS,
    "tma_left": DEDUCTIONS,
    "tma_charged": DEDUCTIONS,
    "net": RESULT,
    "carried_debt": RESULT,
    "payable": RESULT,
}
# Lines that explain but are not added into the total below them.
INFO_CODES = {
    "sugar_value",
    "agreed_revenue",
    "price_shortfall",
    "tma_left",
    "tma_charged",
    "auction_price",
    "profit_sharing_per_kw",
    "stream_from_weighings",
    "stream_from_sales",
    "stream_correction",
}


def standard_words(code: str, standards: Mapping[str, Any]) -> str:
    """A quality standard of a cane-by-weight scheme, as the farmer reads it (domain.md 5b)."""
    if code == "age":
        return _("cane age at least %(months)s months") % {
            "months": describe_value(Decimal(standards.get("min_age_months", "0")))
        }
    if code == "stalk_height":
        return _("stalk height at least %(cm)s cm") % {
            "cm": describe_value(Decimal(standards.get("min_stalk_height_cm", "0")))
        }
    if code == "stalk_quality":
        return _("stalk quality")
    if code == "variety_purity":
        return _("variety purity at least %(percent)s %%") % {
            "percent": describe_value(Decimal(standards.get("min_variety_purity_percent", "0")))
        }
    if code == "pest_free":
        return _("free of pests")
    return code


def _stream_name(label: str) -> str:
    return label.partition("|")[0].replace("_", " ")


TOTAL_CODES = {"farmer_sugar", "total_revenue", "total_deductions", "net", "payable"}


@dataclass(frozen=True)
class StatementRow:
    code: str
    section: str
    title: str
    formula: str
    value: str
    is_total: bool = False
    is_info: bool = False


def kw(value: Decimal | None, places: int = 3) -> str:
    return f"{format_number(value, places)} kw"


def kg(value: Decimal | None) -> str:
    places = 0 if value is None or value == value.to_integral_value() else 2
    return f"{format_number(value, places)} kg"


def percent(value: Decimal | None, places: int = 2) -> str:
    return f"{format_number(value, places)} %"


def share(rate: Decimal | None) -> str:
    """A fraction as a percentage, to as many decimals as it has (0.7021 -> 70,21 %)."""
    if rate is None:
        return "–"
    value = rate * 100
    exponent = value.normalize().as_tuple().exponent
    places = min(max(-exponent, 0), 4) if isinstance(exponent, int) else 2
    return percent(value, places)


def price(rate: Decimal | None, unit: str) -> str:
    places = 0 if rate is None or rate == rate.to_integral_value() else 2
    return f"{format_rupiah(rate, places)}/{unit}"


def rupiah(value: Decimal | None) -> str:
    return format_rupiah(value)


def _tier_words(label: str) -> str:
    low, _sep, high = label.partition("-")
    if high:
        return _("rendemen points %(low)s to %(high)s") % {
            "low": describe_value(Decimal(low)),
            "high": describe_value(Decimal(high)),
        }
    return _("rendemen points above %(low)s") % {"low": describe_value(Decimal(low))}


def _tier_rate_words(line: DoLine, parameters: Mapping[str, Any] | None) -> str:
    for tier in (parameters or {}).get("sharing_tiers", []):
        upper = tier.get("rendemen_to") or ""
        if f"{tier['rendemen_from']}-{upper}" == line.label:
            factor = Decimal(tier.get("factor") or "1")
            if factor != 1:
                return _("%(share)s share × sugar factor %(factor)s") % {
                    "share": share(Decimal(tier["farmer_share"])),
                    "factor": format_number(factor, 3),
                }
            return _("%(share)s share") % {"share": share(Decimal(tier["farmer_share"]))}
    return share(line.rate)


def _row(
    line: DoLine,
    parameters: Mapping[str, Any] | None,
    inputs: Mapping[str, Any] | None = None,
) -> StatementRow:
    q, r, a = line.quantity, line.rate, line.amount
    code = line.code
    if code in {"mill_average_rendemen", "rendemen_paid"}:
        from harvest.statement_relative import relative_row  # it imports this module

        return relative_row(line)
    if code.startswith("season_close_") or code == "deduction_carried_debit":
        from harvest.statement_season import season_close_row  # it imports this module

        return season_close_row(line)
    section = SECTION_OF.get(code) or (DEDUCTIONS if code.startswith("deduction_") else SUGAR)
    title, formula, value = code, "", ""
    if code == "cane":
        title = _("Cane delivered")
        formula = _("Net weight of the deliveries below, after the trash deduction")
        value = kw(q)
    elif code == "rendemen":
        title = _("Rendemen")
        formula = _("Average of the deliveries' rendemen, weighted by their cane")
        value = percent(q, 2)
    elif code == "hablur":
        title = _("Hablur (crystal sugar in your cane)")
        formula = _("%(cane)s cane × rendemen %(rendemen)s") % {
            "cane": kw(q),
            "rendemen": percent(r * 100, 2),
        }
        value = kw(a)
    elif code == "sugar_tier":
        title = _("Your sugar from %(tier)s") % {"tier": _tier_words(line.label)}
        formula = _("%(hablur)s hablur × %(rate)s") % {
            "hablur": kw(q),
            "rate": _tier_rate_words(line, parameters),
        }
        value = kw(a)
    elif code == "farmer_sugar":
        title = _("Your sugar")
        if q is None:
            formula = _("Sum of the tiers above")
        else:
            formula = _("%(hablur)s hablur × your share %(share)s") % {
                "hablur": kw(q),
                "share": share(r),
            }
        value = kw(a)
    elif code == "mill_sugar":
        title = _("The mill's sugar (milling fee)")
        formula = _("Hablur minus your sugar")
        value = kw(a)
    elif code == "auctioned_sugar":
        title = _("Your sugar sold at auction")
        formula = _("%(sugar)s × %(share)s") % {"sugar": kw(q), "share": share(r)}
        value = kw(a)
    elif code == "natura":
        title = _("Natura (your sugar in kind)")
        formula = _("%(sugar)s × %(share)s") % {"sugar": kw(q), "share": share(r)}
        value = kw(a)
    elif code == "natura_consumed":
        title = _("Natura kept for your household")
        formula = _("Not sold")
        value = kw(q)
    elif code == "natura_sold":
        title = _("Natura sold")
        formula = _("Natura minus what you keep")
        value = kw(a)
    elif code == "molasses":
        title = _("Molasses (tetes) you are entitled to")
        formula = _("%(cane)s cane × %(rate)s kg per kw") % {
            "cane": kw(q),
            "rate": format_number(r, 2),
        }
        value = kg(a)
    elif code == "cane_weight":
        title = _("Cane weight in kg")
        formula = _("%(cane)s × 100 kg") % {"cane": kw(q)}
        value = kg(a)
    elif code == "revenue_sugar" and line.unit == "Rp":
        title = _("Your share of the sugar value")
        formula = _("%(value)s × %(share)s") % {"value": rupiah(q), "share": share(r)}
        value = rupiah(a)
    elif code == "revenue_sugar":
        title = _("Auctioned sugar at the bridging price")
        formula = _("%(sugar)s × %(price)s") % {"sugar": kw(q), "price": price(r, "kw")}
        value = rupiah(a)
    elif code == "sugar_value":
        title = _("Value of the hablur")
        formula = _("%(sugar)s × %(price)s") % {"sugar": kw(q), "price": price(r, "kw")}
        value = rupiah(a)
    elif code == "revenue_profit_sharing":
        title = _("Profit sharing from the auction")
        formula = _("%(sugar)s auctioned × %(price)s") % {"sugar": kw(q), "price": price(r, "kw")}
        value = rupiah(a)
    elif code == "auction_price":
        title = _("Sugar auction price of the period")
        formula = _("Recorded by the mill; the bridging price is %(bridging)s") % {
            "bridging": price(Decimal(line.label or "0"), "kw")
        }
        value = price(q, "kw")
    elif code == "profit_sharing_per_kw":
        title = _("Your profit sharing per kw")
        formula = _(
            "Auction gain above the bridging price %(gain)s × your share %(share)s "
            "(at least 60 %%, Permentan 245/PD.320/M/5/2011)"
        ) % {"gain": price(q, "kw"), "share": share(r)}
        value = price(a, "kw")
    elif code == "revenue_load":
        number, _sep, failed = line.label.partition("|")
        standards = (parameters or {}).get("quality_standards", {})
        if failed:
            title = _("Load %(spta)s: below the quality standard") % {"spta": number}
            formula = _("%(weight)s × %(price)s, lower price: failed %(standards)s") % {
                "weight": kg(q),
                "price": price(r, "kg"),
                "standards": ", ".join(standard_words(c, standards) for c in failed.split(",")),
            }
        else:
            title = _("Load %(spta)s: meets the quality standards") % {"spta": number}
            formula = _("%(weight)s × contract price %(price)s") % {
                "weight": kg(q),
                "price": price(r, "kg"),
            }
        value = rupiah(a)
    elif code == "stream_from_weighings":
        title = _("Value of %(stream)s from your weighings") % {"stream": _stream_name(line.label)}
        formula = _("%(cane)s cane × %(price)s") % {"cane": kw(q), "price": price(r, "kw")}
        value = rupiah(a)
    elif code == "stream_from_sales":
        stream, _sep, basis = line.label.partition("|")
        title = _("Your part of the %(stream)s of the period") % {"stream": _stream_name(stream)}
        basis_words = _("your hablur") if basis == "hablur" else _("your cane")
        formula = _("Recorded sales %(sales)s × %(part)s (%(basis)s of all delivered)") % {
            "sales": rupiah(q),
            "part": share(r),
            "basis": basis_words,
        }
        value = rupiah(a)
    elif code == "stream_correction":
        correction = ((inputs or {}).get("stream_corrections") or {}).get(line.label, {})
        title = _("%(stream)s corrected by hand") % {"stream": _stream_name(line.label)}
        formula = _("Instead of %(fed)s: %(reason)s") % {
            "fed": rupiah(q),
            "reason": correction.get("reason", ""),
        }
        value = rupiah(a)
    elif code == "revenue_natura":
        title = _("Natura sold")
        formula = _("%(sugar)s × %(price)s") % {"sugar": kw(q), "price": price(r, "kw")}
        value = rupiah(a)
    elif code == "revenue_molasses":
        title = _("Molasses")
        formula = _("%(weight)s × %(price)s") % {"weight": kg(q), "price": price(r, "kg")}
        value = rupiah(a)
    elif code == "agreed_revenue":
        title = _("Cane at the contract price")
        formula = _("%(weight)s × %(price)s") % {"weight": kg(q), "price": price(r, "kg")}
        value = rupiah(a)
    elif code == "revenue_cane" and q is None:
        title = _("Cane at the prices paid")
        formula = _("Sum of the loads above")
        value = rupiah(a)
    elif code == "revenue_cane":
        title = _("Cane at the price paid")
        formula = _("%(weight)s × %(price)s") % {"weight": kg(q), "price": price(r, "kg")}
        value = rupiah(a)
    elif code == "price_shortfall":
        title = _("Paid below the contract price")
        formula = _("Contract value minus the value paid; reported to the mill")
        value = rupiah(a)
    elif code == "revenue_stream":
        title = _("Your share of %(stream)s") % {"stream": line.label.replace("_", " ")}
        formula = _("%(value)s × %(share)s") % {"value": rupiah(q), "share": share(r)}
        value = rupiah(a)
    elif code == "total_revenue":
        title = _("Total proceeds")
        formula = _("Sum of the proceeds above")
        value = rupiah(a)
    elif code == "deduction_sacks":
        title = _("Sugar sacks")
        formula = _("%(sugar)s auctioned × %(price)s") % {"sugar": kw(q), "price": price(r, "kw")}
        value = rupiah(a)
    elif code == "deduction_cutting":
        title = _("Cutting and loading by the mill's crews")
        formula = _("%(cane)s cane × %(price)s") % {"cane": kw(q), "price": price(r, "kw")}
        value = rupiah(a)
    elif code == "deduction_haulage":
        title = _("Haulage by the mill")
        formula = _("%(cane)s cane × %(price)s") % {"cane": kw(q), "price": price(r, "kw")}
        value = rupiah(a)
    elif code == "deduction_tma_paid":
        # domain.md 5, "Never charge TMA twice": the loan's tranche paid to the mill pays the
        # cutting and haulage above before this DO does.
        title = _("Paid from your loan: %(label)s") % {"label": line.label}
        formula = _(
            "Part of your loan the bank paid to the mill for cutting and haulage; %(held)s of "
            "it was still unused"
        ) % {"held": rupiah(q)}
        value = rupiah(a)
    elif code == "tma_left":
        title = _("Left of that tranche for your next DO")
        formula = _("%(held)s unused before this DO, less what it paid here") % {"held": rupiah(q)}
        value = rupiah(a)
    elif code == "tma_charged":
        title = _("Cutting and haulage charged on this DO")
        formula = _("Cutting and haulage %(charges)s, less what your loan paid the mill") % {
            "charges": rupiah(q)
        }
        value = rupiah(a)
    elif code == "deduction_credit":
        title = _("Credit repayment: %(label)s") % {"label": line.label}
        formula = _("Instalment due on your credit")
        value = rupiah(a)
    elif code == "deduction_other":
        title = line.label
        formula = _("Agreed due")
        value = rupiah(a)
    elif code == "total_deductions":
        title = _("Total deductions")
        formula = _("Sum of the deductions above")
        value = rupiah(a)
    elif code == "net":
        title = _("Net")
        formula = _("Total proceeds minus total deductions")
        value = rupiah(a)
    elif code == "carried_debt":
        title = _("Debt carried forward")
        formula = _("The deductions exceed the proceeds; the rest stays as debt")
        value = rupiah(a)
    elif code == "payable":
        title = _("Payable to you")
        formula = _("The net, never below zero")
        value = rupiah(a)
    else:
        value = rupiah(a) if line.amount_unit == "Rp" else format_number(a)
    return StatementRow(
        code=code,
        section=section,
        title=str(title),
        formula=str(formula),
        value=value,
        is_total=code in TOTAL_CODES,
        is_info=code in INFO_CODES,
    )


def statement_rows(
    lines: Iterable[DoLine],
    *,
    parameters: Mapping[str, Any] | None = None,
    inputs: Mapping[str, Any] | None = None,
) -> list[StatementRow]:
    rows = []
    for line in lines:
        if line.code == "carried_debt" and not line.amount:
            continue
        if line.code == "natura_consumed" and not line.quantity:
            continue
        rows.append(_row(line, parameters, inputs))
    return rows


def sections(rows: list[StatementRow]) -> list[tuple[str, str, list[StatementRow]]]:
    """(key, heading, rows) in the order of the walk from cane to rupiah."""
    headings = [
        (SUGAR, _("1. From cane to sugar")),
        (PROCEEDS, _("2. What your sugar and molasses earn")),
        (DEDUCTIONS, _("3. Deductions")),
        (RESULT, _("4. What you receive")),
    ]
    return [
        (key, str(heading), [row for row in rows if row.section == key])
        for key, heading in headings
        if any(row.section == key for row in rows)
    ]


@dataclass(frozen=True)
class WhatIf:
    rendemen_percent: Decimal
    farmer_sugar_kw: Decimal
    estimated_revenue: Decimal
    estimated_payable: Decimal
    actual_sugar_kw: Decimal
    actual_revenue: Decimal
    actual_payable: Decimal

    @property
    def revenue_difference(self) -> Decimal:
        return self.estimated_revenue - self.actual_revenue

    @property
    def payable_difference(self) -> Decimal:
        return self.estimated_payable - self.actual_payable


def settled_rendemen(order: DeliveryOrder) -> Decimal:
    """The rendemen the DO was settled at, unrounded (the stored one has 4 decimals, the page
    shows 2)."""
    stored = (order.computation or {}).get("rendemen_percent")
    return Decimal(stored) if stored else order.rendemen_percent


def _settle_at(order: DeliveryOrder, rendemen_percent: Decimal) -> calc.Settlement:
    """The DO settled again from its own inputs (deductions, TMA money, prices, natura kept) at
    another rendemen; the natura kept is capped at the natura that rendemen gives."""
    scheme = order.scheme.as_calculation()
    inputs = dict(order.inputs or {})

    def settle() -> calc.Settlement:
        return calc.settle(
            delivery_input(
                name=order.number,
                area_ha=order.harvested_area_ha or Decimal(0),
                cane_kw=order.cane_kw,
                rendemen_percent=rendemen_percent,
                tma_by_mill=order.tma_by_mill,
                inputs=inputs,
            ),
            scheme,
        )

    try:
        return settle()
    except SettlementInputError as error:
        if error.code != "natura_consumed_exceeds_natura":
            raise
        inputs["natura_consumed_kw"] = decimal_to_str(error.params["natura_kw"])
        return settle()


def what_if(order: DeliveryOrder, rendemen_percent: Decimal) -> WhatIf | None:
    """The DO at another rendemen, settled from its own inputs: the farmer's sugar, the proceeds
    and what he would be paid after the same deductions, beside the DO's figures. The farmer
    types the rendemen his DO shows; that figure means the DO's own rendemen, so the estimate
    then equals the DO to the rupiah (issue 14.3). None when the scheme cannot estimate it (a
    price per kg of cane does not depend on the rendemen)."""
    if order.scheme.kind == "price_per_kg" or order.final_settlement:
        return None
    own = settled_rendemen(order)
    shown = {round_half_up(own, 2), order.rendemen_percent, own}
    computed_at = own if rendemen_percent in shown else rendemen_percent
    try:
        estimate = _settle_at(order, computed_at)
    except SettlementInputError:
        return None
    revenue = calc.quantize_money(estimate.total_revenue)
    # Rounded as the DO stores them: net from the rounded totals (harvest.services.settlement).
    payable = max(revenue - calc.quantize_money(estimate.total_deductions), Decimal(0))
    return WhatIf(
        rendemen_percent=rendemen_percent,
        farmer_sugar_kw=calc.quantize_kw(estimate.farmer_sugar_kw),
        estimated_revenue=revenue,
        estimated_payable=payable,
        # The DO's own figures, as stored: the comparison is with what he was paid on.
        actual_sugar_kw=order.farmer_sugar_kw,
        actual_revenue=order.total_revenue,
        actual_payable=order.payable,
    )


def describe_value(value) -> str:
    """A history value for people: numbers the Indonesian way, empty as a dash."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Decimal):
        text = decimal_to_str(value)
        places = len(text.split(".")[1]) if "." in text else 0
        return format_number(value, places)
    return str(value)


def _setting_words(setting: str) -> str:
    """'sharing_tiers[A]' -> 'rendemen tier A'; 'stream_shares.molasses' -> 'share of molasses'."""
    if setting.startswith("sharing_tiers[") and setting.endswith("]"):
        return _("rendemen tier %(label)s") % {"label": setting[len("sharing_tiers[") : -1]}
    if setting.startswith("stream_shares."):
        return _("share of %(stream)s") % {
            "stream": setting[len("stream_shares.") :].replace("_", " ")
        }
    if setting == "flat_farmer_share":
        return _("flat share")
    return setting


def warning_text(warning: Mapping[str, Any]) -> str:
    """A stored settlement warning ({code, message, params}: the calculation writes the message in
    English) in the reader's language; an unknown code or odd params fall back to the message."""
    params = warning.get("params") or {}
    code = warning.get("code")
    try:
        if code == "below_legal_minimum_share":
            return _(
                "The farmer's share %(share)s (%(setting)s) is below the legal minimum of "
                "%(minimum)s."
            ) % {
                "setting": _setting_words(str(params["setting"])),
                "share": share(Decimal(str(params["share"]))),
                "minimum": share(Decimal(str(params["minimum"]))),
            }
        if code == "paid_below_contract_price":
            return _(
                "Paid %(paid)s, below the contract price of %(contract)s: short by %(shortfall)s."
            ) % {
                "paid": price(Decimal(str(params["paid_price_per_kg"])), "kg"),
                "contract": price(Decimal(str(params["contract_price_per_kg"])), "kg"),
                "shortfall": rupiah(Decimal(str(params["price_shortfall"]))),
            }
    except (KeyError, TypeError, ArithmeticError):
        pass
    return str(warning.get("message", ""))


def statement_context(detail) -> dict:
    """The template context of a DO statement (staff page, farmer page and print), from a
    harvest.selectors.DoDetail."""
    rows = statement_rows(
        detail.lines, parameters=detail.order.scheme.parameters, inputs=detail.order.inputs
    )
    order = detail.order
    late = late_payment.compensation_of(
        order, payments=[(payment.paid_on, payment.amount) for payment in detail.payments]
    )
    return {
        "detail": detail,
        "order": order,
        "sections": sections(rows),
        "late": late if late and late.days_late else None,
    }
