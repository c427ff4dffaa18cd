"""The credit-limit decision of a "harvest record" product in words: one headline and one row per
thing that counted (what it was, its value, what it gave). Staff and the farmer read the same rows;
the refusal of an application above the limit uses the headline."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from credit import calculations_limits as rules
from tebu_site.formatting import format_number, format_rupiah

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Row:
    label: str
    value: str
    outcome: str
    ok: bool | None  # met / scored in full (True), not met / scored 0 (False), otherwise None


def _percent(value: Decimal | None, places: int = 1) -> str:
    return "–" if value is None else f"{format_number(value, places)} %"


def _seasons(decision: rules.LimitDecision) -> str:
    return ", ".join(decision.seasons)


def headline(decision: rules.LimitDecision) -> str:
    """What the rule decided and from what, in one sentence."""
    params = {
        "seasons": _seasons(decision),
        "per_ha": format_rupiah(decision.per_ha),
        "area": format_number(decision.area_ha, 2),
        "amount": format_rupiah(decision.amount),
        "score": _percent(None if decision.score is None else decision.score * HUNDRED),
        "min": _percent(decision.min_score, 0),
        "full": format_rupiah(decision.full_per_ha),
        "membership": format_rupiah(decision.membership),
        "years": decision.membership_years,
    }
    if decision.refusal == rules.NO_UNCREDITED_HARVEST:
        return _(
            "No first loan yet: the farmer has not delivered a harvest to this mill without "
            "credit. One season's cane delivered without credit comes first; its quality then "
            "decides the first loan."
        )
    if decision.refusal == rules.NO_BAND:
        return (
            _(
                "No first loan: the %(seasons)s harvest delivered without credit meets no "
                "quality band of this product (what fell short is below)."
            )
            % params
        )
    if decision.refusal == rules.NO_RECORD:
        return _("No loan: nothing in the delivery record of the last seasons could be measured.")
    if decision.refusal == rules.LOW_SCORE:
        return (
            _(
                "No loan: the delivery record of %(seasons)s scores %(score)s, below the "
                "%(min)s this product lends to."
            )
            % params
        )
    if decision.basis == rules.FIRST_HARVEST:
        return (
            _(
                "First loan sized by the %(seasons)s harvest delivered without credit: "
                "%(per_ha)s per ha × %(area)s ha = %(amount)s."
            )
            % params
        )
    text = (
        _(
            "Loan sized by the delivery record of %(seasons)s: score %(score)s × %(full)s per "
            "ha × %(area)s ha"
        )
        % params
    )
    if decision.membership:
        text += " " + (
            ngettext(
                "+ %(membership)s for %(years)s year of membership",
                "+ %(membership)s for %(years)s years of membership",
                decision.membership_years,
            )
            % params
        )
    return f"{text} = {params['amount']}."


def _threshold_row(factor: rules.Factor) -> Row:
    if factor.code == rules.RENDEMEN:
        label, value = _("Rendemen"), _percent(factor.value, 2)
        rule = _("at least %(t)s") % {"t": _percent(factor.threshold, 2)}
    elif factor.code == rules.YIELD:
        label = _("Cane per hectare")
        value = (
            _("%(yield)s kw/ha (%(cane)s kw from %(area)s ha)")
            % {
                "yield": format_number(factor.value, 0),
                "cane": format_number(factor.detail["cane_kw"], 0),
                "area": format_number(factor.detail["area_ha"], 2),
            }
            if factor.value is not None
            else "–"
        )
        rule = _("at least %(t)s kw/ha") % {"t": format_number(factor.threshold, 0)}
    elif factor.code == rules.REJECTED:
        label = _("Loads rejected at QC (MBS)")
        value = _("%(n)s of %(loads)s loads (%(share)s)") % {
            "n": factor.detail["rejected_loads"],
            "loads": factor.detail["loads"],
            "share": _percent(factor.value),
        }
        rule = _("at most %(t)s") % {"t": _percent(factor.threshold)}
    else:
        label, value = _("Trash deducted"), _percent(factor.value)
        rule = _("at most %(t)s") % {"t": _percent(factor.threshold)}
    if factor.value is None:
        outcome = _("%(rule)s: not measured") % {"rule": rule}
    elif factor.passed:
        outcome = _("%(rule)s: met") % {"rule": rule}
    else:
        outcome = _("%(rule)s: not met") % {"rule": rule}
    return Row(label, value, outcome, factor.passed)


def _scored_row(factor: rules.Factor) -> Row:
    detail = factor.detail
    if factor.code == rules.DELIVERY:
        label = _("Cane delivered against expected")
        value = _("%(delivered)s of %(expected)s kw (%(share)s)") % {
            "delivered": format_number(detail["delivered_kw"], 0),
            "expected": format_number(detail["expected_kw"], 0),
            "share": _percent(factor.value),
        }
    elif factor.code == rules.ON_TIME:
        label = _("Cutting orders (SPTA) used on their date")
        value = _("%(used)s of %(all)s") % {
            "used": detail["used"],
            "all": detail["used"] + detail["missed"],
        }
    elif factor.code == rules.NO_SIDE_SELLING:
        label = _("Side-selling confirmed")
        if factor.value is None:
            value = _("not recorded")
        elif factor.value == 0:
            value = _("none")
        else:
            count = int(factor.value)
            value = ngettext("%(n)s event", "%(n)s events", count) % {"n": count}
    else:
        label = _("Loans repaid")
        if detail["in_default"]:
            value = _("a loan went into default")
        elif not detail["principal"]:
            value = _("no loan")
        else:
            value = _("%(repaid)s of %(principal)s (%(share)s)") % {
                "repaid": format_rupiah(detail["repaid"]),
                "principal": format_rupiah(detail["principal"]),
                "share": _percent(factor.value),
            }
    weight = format_number(factor.weight, 0)
    if factor.score is None:
        outcome = _("weight %(w)s: not measured, does not count") % {"w": weight}
        ok = None
    elif not factor.weight:
        outcome = _("weight 0: does not count")
        ok = None
    else:
        outcome = _("weight %(w)s: scores %(s)s") % {
            "w": weight,
            "s": _percent(factor.score * HUNDRED),
        }
        ok = factor.score == 1 if factor.score in (0, 1) else None
    return Row(label, value, outcome, ok)


def rows(decision: rules.LimitDecision) -> list[Row]:
    """One row per thing that counted, in the order the rule looked at them."""
    if decision.basis == rules.FIRST_HARVEST:
        return [_threshold_row(factor) for factor in decision.factors]
    return [_scored_row(factor) for factor in decision.factors]
