"""The farmer's home answers "has my DO been paid?" at a glance: the oldest unpaid DO first."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from partners.models import DoStatus
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
