"""The answers to farmers' SMS commands, in Indonesian, each at most two SMS.

Every read goes through harvest.selectors_text_commands and credit.selectors_text_commands,
narrowed to the one farmer the number belongs to: a farmer only ever learns about himself. A DO
number that is not his gets the same answer as a number that does not exist, so no one learns
that it does.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from credit.selectors_text_commands import credit_position_of
from harvest.selectors_text_commands import (
    delivery_order_of,
    last_rendemen_of,
    next_spta_of,
    unpaid_delivery_orders_of,
)
from notices.sms_text import fit, split
from tebu_site.formatting import format_number, format_rupiah

MAX_PARTS = 2
COMMANDS = ("DO", "REN", "KREDIT", "SPTA", "BANTU")


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def unknown_number() -> str:
    # Translators: SMS answer to a number no farmer has; Indonesian: "Nomor ini belum terdaftar
    # di Tebu Mitra. Hubungi sinder Anda." Keep it neutral: it must reveal nothing.
    return _("This number is not registered with Tebu Mitra. Contact your field officer.")


def help_text() -> str:
    # Translators: SMS help; keep the command words (DO, REN, KREDIT, SPTA, BANTU) untranslated.
    return fit(
        _(
            "Tebu Mitra SMS: DO = unpaid DOs; DO <number> = one DO; REN = last rendemen; "
            "KREDIT = credit owed; SPTA = next cutting slip; BANTU = this help."
        ),
        MAX_PARTS,
    )


def unpaid_orders(farmer) -> str:
    orders = unpaid_delivery_orders_of(farmer)
    if not orders:
        return _("You have no unpaid DO.")
    owed = [(order, max(order.payable - order.paid_amount, 0)) for order in orders]
    text = _("Unpaid DOs: %(count)s, owed %(amount)s. Oldest first:") % {
        "count": len(orders),
        "amount": format_rupiah(sum(amount for _order, amount in owed)),
    }
    for shown, (order, amount) in enumerate(owed):
        line = f"\n{order.number} {format_rupiah(amount)}"
        rest = len(owed) - shown - 1
        more = "\n" + _("+%(count)s more") % {"count": rest} if rest else ""
        if len(split(text + line + more).parts) > MAX_PARTS:
            text += "\n" + _("+%(count)s more") % {"count": len(owed) - shown}
            break
        text += line
    return fit(text, MAX_PARTS)


def one_order(farmer, typed: str) -> str:
    order = delivery_order_of(farmer, typed)
    if order is None:
        # Translators: the same answer for another farmer's DO and for no DO at all.
        return _("DO not found. Check the number on your DO.")
    return fit(
        _(
            "DO %(number)s: cane %(cane)s kw, rendemen %(rendemen)s%%, payable %(payable)s, "
            "paid %(paid)s, status: %(status)s."
        )
        % {
            "number": order.number,
            "cane": format_number(order.cane_kw, 2),
            "rendemen": format_number(order.rendemen_percent, 2),
            "payable": format_rupiah(order.payable),
            "paid": format_rupiah(order.paid_amount),
            "status": order.get_status_display(),
        },
        MAX_PARTS,
    )


def last_rendemen(farmer) -> str:
    analysis = last_rendemen_of(farmer)
    if analysis is None:
        return _("No rendemen has been recorded for your cane yet.")
    return _("Your last rendemen: %(rendemen)s%% on %(day)s.") % {
        "rendemen": format_number(analysis.rendemen_percent, 2),
        "day": _day(timezone.localdate(analysis.measured_at)),
    }


def credit(farmer) -> str:
    position = credit_position_of(farmer, timezone.localdate())
    tranche = position.next_tranche
    if not position.outstanding and tranche is None:
        return _("You have no credit outstanding.")
    text = _("Credit outstanding: %(amount)s.") % {"amount": format_rupiah(position.outstanding)}
    if tranche is not None:
        text += " " + _("Next tranche: %(amount)s on %(day)s.") % {
            "amount": format_rupiah(tranche.planned_amount),
            "day": _day(tranche.planned_on),
        }
    text += " " + _("Repaid from your DOs.")
    return fit(text, MAX_PARTS)


def next_spta(farmer) -> str:
    spta = next_spta_of(farmer, timezone.localdate())
    if spta is None:
        return _("You have no SPTA waiting for cutting.")
    expires = timezone.localtime(spta.expires_at)
    return fit(
        _(
            "SPTA %(short)s: cut on %(day)s, plot %(plot)s, valid until %(until)s. "
            "Show number %(short)s at the weighbridge."
        )
        % {
            "short": spta.short_number,
            "day": _day(spta.cutting_date),
            "plot": spta.plot.code,
            "until": f"{_day(expires.date())} {expires:%H:%M}",
        },
        MAX_PARTS,
    )


def parse(text: str) -> tuple[str, str]:
    """(command, argument): the first word upper-cased, the rest; unknown words are BANTU."""
    words = text.split()
    if not words:
        return "BANTU", ""
    command = words[0].upper()
    if command not in COMMANDS:
        return "BANTU", ""
    return command, " ".join(words[1:])


def answer(farmer, command: str, argument: str) -> str:
    if command == "DO":
        return one_order(farmer, argument) if argument else unpaid_orders(farmer)
    if command == "REN":
        return last_rendemen(farmer)
    if command == "KREDIT":
        return credit(farmer)
    if command == "SPTA":
        return next_spta(farmer)
    return help_text()
