"""A register page's DOs (the register, the overdue list), each formatted once for the two ways
the page draws it: a card on a phone and a table row on a wide screen.

Drawing every figure of a row twice through template filters (Rupiah, quintals, percent, the
status badge, the link) was most of the register's time at a mill's scale (issue 18); here each
is formatted once, and the template only places the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import ngettext

from harvest.models import DeliveryOrder
from harvest.templatetags.harvest import do_status_class, slashbreak
from tebu_site.templatetags.tebu import kw, persen, rupiah


@dataclass(frozen=True)
class RegisterRow:
    url: str
    number: SafeString  # may wrap after each slash on a narrow phone
    status_class: str
    status_label: str
    farmer_name: str
    region_name: str
    period_start: date
    period_end: date
    cane: str
    rendemen: str
    payable: str
    paid: str
    issued: bool
    days_waited: int | None
    late: str  # "3 days late", or empty


def _late(days: int) -> str:
    if not days:
        return ""
    # The msgids of the template's {% blocktranslate count %}, so the translations are shared.
    return ngettext("%(days)s day late", "%(days)s days late", days) % {"days": days}


def register_row(order: DeliveryOrder, today: date) -> RegisterRow:
    region = order.farmer.region
    return RegisterRow(
        url=reverse("do-detail", args=[order.pk]),
        number=slashbreak(order.number),
        status_class=do_status_class(order.status),
        status_label=order.get_status_display(),
        farmer_name=order.farmer.name,
        region_name=region.name if region else "",
        period_start=order.period_start,
        period_end=order.period_end,
        cane=kw(order.cane_kw, 2),
        rendemen=persen(order.rendemen_percent),
        payable=rupiah(order.payable),
        paid=rupiah(order.paid_amount),
        issued=order.issued_at is not None,
        days_waited=order.days_waited(today),
        late=_late(order.days_overdue(today)),
    )


def format_rows(orders, today: date | None = None) -> list[RegisterRow]:
    today = today or timezone.localdate()
    return [register_row(order, today) for order in orders]
