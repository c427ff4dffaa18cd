"""The farmer's home answers "has my DO been paid?" at a glance: the oldest unpaid DO first."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from harvest.models import DoStatus
from tests.factories import DeliveryOrderFactory, FarmerFactory, farmer_user

pytestmark = pytest.mark.django_db


def test_home_shows_the_oldest_unpaid_do_with_days_waited(client):
    farmer = FarmerFactory()
    user = farmer_user(farmer)
    now = timezone.now()
    DeliveryOrderFactory(
        farmer=farmer,
        number="DO/PAID/1",
        status=DoStatus.PAID,
        issued_at=now - dt.timedelta(days=40),
        paid_at=now - dt.timedelta(days=30),
    )
    DeliveryOrderFactory(
        farmer=farmer,
        number="DO/OLD/2",
        payable=Decimal("7250000.00"),
        issued_at=now - dt.timedelta(days=21),
    )
    DeliveryOrderFactory(farmer=farmer, number="DO/NEW/3", issued_at=now - dt.timedelta(days=2))
    DeliveryOrderFactory(number="DO/OTHER/9", issued_at=now - dt.timedelta(days=90))
    client.force_login(user)

    body = client.get(reverse("home")).content.decode()

    card = body.split('data-testid="home-do-card"')[1].split("</article>")[0].replace("<wbr>", "")
    assert "DO/OLD/2" in card
    assert "Rp 7.250.000" in card  # nothing paid yet: all of it is outstanding
    assert "21 hari" in card
    assert "DO/OTHER/9" not in body


def test_home_has_no_do_card_before_the_first_issued_do(client):
    farmer = FarmerFactory()
    user = farmer_user(farmer)
    DeliveryOrderFactory(farmer=farmer, status=DoStatus.DRAFT, issued_at=None)
    client.force_login(user)

    assert 'data-testid="home-do-card"' not in client.get(reverse("home")).content.decode()


def test_staff_home_counts_unpaid_and_overdue_dos_of_their_mill_only(client):
    from harvest.models import DoPayment
    from tebu_site.models import Role
    from tests.factories import UserFactory

    farmer = FarmerFactory()
    manager = UserFactory(role=Role.MANAGER, mills=[farmer.mill])
    today = timezone.localdate()
    late = DeliveryOrderFactory(
        farmer=farmer,
        payable=Decimal("3000000.00"),
        expected_payment_on=today - dt.timedelta(days=3),
    )
    DeliveryOrderFactory(farmer=farmer, payable=Decimal("2000000.00"))
    DeliveryOrderFactory(farmer=farmer, status=DoStatus.PAID, paid_at=timezone.now())
    DeliveryOrderFactory(payable=Decimal("9000000.00"))  # another mill
    DoPayment.objects.create(
        delivery_order=late,
        amount=Decimal("1000000.00"),
        paid_on=today,
        method="transfer",
        recorded_by=manager,
    )
    late.status = DoStatus.PARTLY_PAID
    late.save(update_fields=["status"])
    client.force_login(manager)

    body = client.get(reverse("home")).content.decode()

    card = body.split('data-testid="staff-do-card"')[1].split("</article>")[0]
    assert 'data-testid="unpaid-do-count">2<' in card
    assert "Rp 4.000.000" in card  # 3 M - 1 M paid + 2 M
    assert 'data-testid="overdue-do-count">1 ' in card
