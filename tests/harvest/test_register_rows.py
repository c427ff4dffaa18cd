"""A register page's DO is formatted once (harvest/views/staff/register_rows.py, issue 18) and
shown the same in both markups: the phone's card and the wide table, in Indonesian and English."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from harvest.models import DoPayment, DoStatus, PaymentMethod
from tests.factories import DeliveryOrderFactory
from tests.harvest.helpers import html

pytestmark = pytest.mark.django_db


@pytest.fixture
def late_do(hw):
    order = DeliveryOrderFactory(
        farmer=hw.south_farmer,
        scheme=hw.scheme,
        number="DO/PG/2026/00042",
        status=DoStatus.PARTLY_PAID,
        cane_kw=Decimal("1234.567"),
        rendemen_percent=Decimal("7.3145"),
        payable=Decimal("15000000.00"),
        issued_at=timezone.now() - timedelta(days=20),
        expected_payment_on=timezone.localdate() - timedelta(days=4),
    )
    DoPayment.objects.create(
        delivery_order=order,
        amount=Decimal("2500000.50"),
        paid_on=timezone.localdate(),
        method=PaymentMethod.TRANSFER,
        recorded_by=hw.manager,
    )
    return order


def markups(page: str) -> tuple[str, str]:
    cards_at = page.index('data-testid="do-register-cards"')
    table_at = page.index('data-testid="do-table"')
    table = page[table_at:]
    return page[cards_at:table_at], table[: table.index("</table>")]


@pytest.mark.parametrize("url_name", ["do-register", "do-overdue"])
def test_a_late_part_paid_do_reads_the_same_on_a_phone_and_a_wide_screen(
    hw, client, late_do, url_name
):
    client.force_login(hw.manager)
    cards, table = markups(html(client.get(reverse(url_name))))

    for markup in (cards, table):
        assert f'href="{reverse("do-detail", args=[late_do.pk])}"' in markup
        assert "DO/PG/2026/00042" in markup
        assert hw.south_farmer.name in markup and hw.south.name in markup
        assert "1.234,57 kw" in markup and "7,31 %" in markup
        assert "Rp 15.000.000" in markup and "Rp 2.500.001" in markup  # paid, rounded half-up
        assert "terlambat 4 hari" in markup
        assert late_do.get_status_display() in markup
    assert "Hari 20" in " ".join(cards.split())  # days waited since issue
    assert ">20</td>" in table


def test_the_rows_speak_english_when_asked(hw, client, late_do, english):
    client.force_login(hw.manager)
    cards, table = markups(html(client.get(reverse("do-register"))))
    assert "4 days late" in cards and "4 days late" in table
