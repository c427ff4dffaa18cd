"""The farmer's first screen says what he is owed (issue 14.1), seen on a 360 px phone: every
unpaid DO counted, less what was already paid, and the late one flagged."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from harvest.models import DoPayment, DoStatus
from tebu_site.formatting import format_rupiah
from tebu_site.models import Role
from tests.e2e.conftest import screenshot
from tests.e2e.test_registry_flow import log_in
from tests.factories import (
    TEST_PASSWORD,
    DeliveryOrderFactory,
    FarmerFactory,
    UserFactory,
    farmer_user,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_home_total_owed_is_the_sum_of_his_unpaid_dos(live_server, phone):
    farmer = FarmerFactory()
    user = farmer_user(farmer)
    today, now = timezone.localdate(), timezone.now()
    late = DeliveryOrderFactory(
        farmer=farmer,
        payable=Decimal("4482242.00"),
        issued_at=now - dt.timedelta(days=80),
        expected_payment_on=today - dt.timedelta(days=63),
    )
    DeliveryOrderFactory(
        farmer=farmer,
        payable=Decimal("4142703.00"),
        issued_at=now - dt.timedelta(days=5),
        expected_payment_on=today + dt.timedelta(days=9),
    )
    DoPayment.objects.create(
        delivery_order=late,
        amount=Decimal("1000000.00"),
        paid_on=today,
        method="transfer",
        recorded_by=UserFactory(role=Role.MANAGER, mills=[farmer.mill]),
    )
    late.status = DoStatus.PARTLY_PAID
    late.save(update_fields=["status"])
    DeliveryOrderFactory(farmer=farmer, status=DoStatus.PAID, paid_at=now, issued_at=now)
    DeliveryOrderFactory(payable=Decimal("9000000.00"))  # another farmer's

    log_in(phone, live_server.url, user.username, TEST_PASSWORD)

    unpaid = farmer.delivery_orders.exclude(status__in=[DoStatus.PAID, DoStatus.DRAFT])
    paid = DoPayment.objects.filter(delivery_order__in=unpaid)
    owed = sum(o.payable for o in unpaid) - sum(p.amount for p in paid)
    assert owed == Decimal("7624945.00")
    shown = phone.get_by_test_id("home-do-outstanding").inner_text().replace("\xa0", " ")
    assert shown == format_rupiah(owed)
    assert "63" in phone.get_by_test_id("home-do-overdue").inner_text()
    screenshot(phone, "farmer-home-owed-phone")
