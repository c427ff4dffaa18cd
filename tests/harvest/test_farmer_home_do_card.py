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


def _card(client) -> str:
    body = client.get(reverse("home")).content.decode()
    return body.split('data-testid="home-do-card"')[1].split("</article>")[0].replace("<wbr>", "")


def test_home_counts_every_unpaid_do_in_what_he_is_owed_and_flags_the_late_one(client):
    """Issue 14.1: two unpaid DOs of Rp 4,482,242 and Rp 4,142,703, the older 63 days past its
    expected date: he is owed Rp 8,624,945 and the card says one is late."""
    farmer = FarmerFactory()
    today = timezone.localdate()
    now = timezone.now()
    DeliveryOrderFactory(
        farmer=farmer,
        number="DO/A/1",
        payable=Decimal("4482242.00"),
        issued_at=now - dt.timedelta(days=80),
        expected_payment_on=today - dt.timedelta(days=63),
    )
    DeliveryOrderFactory(
        farmer=farmer,
        number="DO/B/2",
        payable=Decimal("4142703.00"),
        issued_at=now - dt.timedelta(days=5),
        expected_payment_on=today + dt.timedelta(days=9),
    )
    DeliveryOrderFactory(farmer=farmer, status=DoStatus.PAID, paid_at=now, issued_at=now)
    DeliveryOrderFactory(payable=Decimal("9000000.00"))  # another farmer's
    client.force_login(farmer_user(farmer))

    card = _card(client)

    outstanding = card.split('data-testid="home-do-outstanding">')[1].split("<")[0]
    assert outstanding == "Rp 8.624.945"
    assert "2 DO menunggu pembayaran" in card
    late = card.split('data-testid="home-do-overdue">')[1].split("</small>")[0]
    assert "1 DO" in late and "63 hari" in late
    oldest = card.split('data-testid="home-do-oldest">')[1].split("</p>")[0]
    assert "DO/A/1" in oldest and "Rp 4.482.242" in oldest
    assert 'data-testid="home-do-all"' in card


def test_a_partly_paid_do_counts_only_what_is_still_owed(client):
    from harvest.models import DoPayment

    farmer = FarmerFactory()
    order = DeliveryOrderFactory(
        farmer=farmer, payable=Decimal("3000000.00"), status=DoStatus.PARTLY_PAID
    )
    DoPayment.objects.create(
        delivery_order=order,
        amount=Decimal("1250000.00"),
        paid_on=timezone.localdate(),
        method="transfer",
        recorded_by=order.created_by,
    )
    DeliveryOrderFactory(farmer=farmer, payable=Decimal("1000000.00"))
    client.force_login(farmer_user(farmer))

    card = _card(client)

    assert 'data-testid="home-do-outstanding">Rp 2.750.000<' in card
    assert 'data-testid="home-do-overdue"' not in card  # neither is past its date


def test_once_everything_is_paid_the_card_shows_the_latest_do(client):
    farmer = FarmerFactory()
    now = timezone.now()
    DeliveryOrderFactory(
        farmer=farmer,
        number="DO/OLD/1",
        status=DoStatus.PAID,
        issued_at=now - dt.timedelta(days=30),
        paid_at=now - dt.timedelta(days=20),
    )
    DeliveryOrderFactory(
        farmer=farmer,
        number="DO/NEW/2",
        status=DoStatus.PAID,
        issued_at=now - dt.timedelta(days=9),
        paid_at=now - dt.timedelta(days=2),
    )
    client.force_login(farmer_user(farmer))

    card = _card(client)

    assert "DO/NEW/2" in card and "DO/OLD/1" not in card
    assert "Dibayar setelah 7 hari" in card
    assert 'data-testid="home-do-outstanding"' not in card


def test_the_card_reads_the_same_number_of_queries_for_2_and_20_unpaid_dos(client, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.FARMER_PAGE_CACHE_SECONDS = 0  # what drawing the page reads, not a kept page

    def queries_for(unpaid: int) -> int:
        farmer = FarmerFactory()
        for _ in range(unpaid):
            DeliveryOrderFactory(farmer=farmer)
        client.force_login(farmer_user(farmer))
        client.get(reverse("home"))  # the session and the scope warm up
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("home")).status_code == 200
        return len(captured)

    assert queries_for(2) == queries_for(20)
