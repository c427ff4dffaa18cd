"""Reads for a farmer's SMS commands (sms app). The sender has no login, only a registered number,
so each read is narrowed to the one farmer that number belongs to, exactly as scope_for narrows a
farmer's login: issued DOs only (a draft is not final), his own SPTAs and analyses, never a
look-up across farmers."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from harvest.models import UNPAID_STATUSES, DeliveryOrder, DoStatus, RendemenAnalysis, Spta
from harvest.models.spta import SptaStatus
from harvest.selectors import SHORT_SPTA_NUMBER, paid_amount
from partners.models import Farmer


def delivery_orders_of(farmer: Farmer) -> QuerySet[DeliveryOrder]:
    """The farmer's issued DOs with ``paid_amount``."""
    return (
        DeliveryOrder.objects.filter(farmer=farmer)
        .exclude(status=DoStatus.DRAFT)
        .annotate(paid_amount=paid_amount())
    )


def unpaid_delivery_orders_of(farmer: Farmer) -> list[DeliveryOrder]:
    """His DOs still waiting for (part of) their money, oldest first."""
    return list(
        delivery_orders_of(farmer)
        .filter(status__in=UNPAID_STATUSES)
        .only("number", "status", "payable", "issued_at", "expected_payment_on")
        .order_by("issued_at", "id")
    )


def delivery_order_of(farmer: Farmer, typed: str) -> DeliveryOrder | None:
    """One of his DOs by its full number or its serial (the digits at the end, leading zeros
    optional); None for a number of another farmer's DO or of none."""
    typed = typed.strip().upper()
    orders = delivery_orders_of(farmer).select_related("season")
    found = orders.filter(number__iexact=typed).first()
    if found is not None or not SHORT_SPTA_NUMBER.match(typed):
        return found
    serial = int(typed)
    matches = [
        order
        for order in orders.filter(number__endswith=str(serial)).order_by("-issued_at", "-id")
        if order.number.rsplit("/", 1)[-1].isdigit()
        and int(order.number.rsplit("/", 1)[-1]) == serial
    ]
    return matches[0] if matches else None  # the newest season's, should seasons repeat it


def last_rendemen_of(farmer: Farmer) -> RendemenAnalysis | None:
    return (
        RendemenAnalysis.objects.filter(farmer=farmer)
        .only("rendemen_percent", "measured_at")
        .order_by("-measured_at", "-id")
        .first()
    )


def next_spta_of(farmer: Farmer, today: date) -> Spta | None:
    """His next open cutting slip: the earliest not yet used, cut today or later."""
    return (
        Spta.objects.filter(farmer=farmer, status=SptaStatus.ISSUED, cutting_date__gte=today)
        .select_related("plot")
        .order_by("cutting_date", "issued_at", "id")
        .first()
    )
