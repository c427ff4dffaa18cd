"""Compliance factories: events, and DOs issued and paid on chosen days (written straight to the
database, no settlement run), so payment delays are known exactly."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from compliance.models import ComplianceEvent, EventStatus, EventType, Party
from compliance.services import ensure_default_types
from harvest.models import DeliveryOrder, DoPayment, DoStatus, PaymentMethod
from tests.factories import DeliveryOrderFactory, FarmerFactory, UserFactory


def wib(day, hour: int = 10):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def event_type(mill, code: str) -> EventType:
    ensure_default_types(mill)
    return EventType.objects.get(mill=mill, code=code)


class ComplianceEventFactory(factory.django.DjangoModelFactory):
    """A farmer-party event written straight to the database (no rules, no notices)."""

    class Meta:
        model = ComplianceEvent

    farmer = factory.SubFactory(FarmerFactory)
    mill = factory.SelfAttribute("farmer.mill")
    region = factory.SelfAttribute("farmer.region")
    season = factory.LazyAttribute(
        lambda o: o.mill.seasons.filter(is_current=True).first() or o.mill.seasons.first()
    )
    event_type = factory.LazyAttribute(lambda o: event_type(o.mill, "non_mbs_cane"))
    party = Party.FARMER
    summary = factory.Sequence(lambda n: f"Tebu kotor dikirim, muatan {n}")
    evidence = "Daduk 12 %, di atas batas 5 %."
    status = EventStatus.OPEN
    raised_by = factory.SubFactory(UserFactory)


def issued_do(farmer, *, issued_on, paid_on=None, payable=Decimal("5000000.00"), **extra):
    """A DO issued on ``issued_on`` (WIB), paid in full on ``paid_on`` when given."""
    order = DeliveryOrderFactory(
        farmer=farmer,
        issued_at=wib(issued_on),
        payable=payable,
        net=payable,
        total_revenue=payable,
        status=DoStatus.PAID if paid_on else DoStatus.ISSUED,
        paid_at=wib(paid_on, 14) if paid_on else None,
        expected_payment_on=issued_on + timedelta(days=30),
        **extra,
    )
    if paid_on:
        DoPayment.objects.create(
            delivery_order=order,
            paid_on=paid_on,
            amount=payable,
            method=PaymentMethod.TRANSFER,
            recorded_by=order.created_by,
        )
    return DeliveryOrder.objects.get(pk=order.pk)
