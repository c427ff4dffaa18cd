"""The overdue page at a mill's scale (issue 18): the oldest unpaid first, a page without
counting every overdue DO through the list's joins, the total counted apart, and the same
queries at 3 and 40 overdue DOs."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from harvest.models import DoStatus
from tests.factories import DeliveryOrderFactory

pytestmark = pytest.mark.django_db


def overdue_dos(hw, count: int, *, first_issued_days_ago: int = 200):
    today = timezone.localdate()
    return [
        DeliveryOrderFactory(
            farmer=hw.farmer,
            scheme=hw.scheme,
            created_by=hw.manager,
            issued_at=timezone.now() - timedelta(days=first_issued_days_ago - n),
            expected_payment_on=today - timedelta(days=first_issued_days_ago - n - 14),
        )
        for n in range(count)
    ]


def get_overdue(client, **params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("do-overdue"), params)
    assert response.status_code == 200
    return response, len(captured)


def test_the_oldest_unpaid_come_first_and_the_total_counts_all(hw, client):
    orders = overdue_dos(hw, 27)
    DeliveryOrderFactory(  # paid: not overdue
        farmer=hw.farmer,
        scheme=hw.scheme,
        created_by=hw.manager,
        status=DoStatus.PAID,
        paid_at=timezone.now(),
        expected_payment_on=timezone.localdate() - timedelta(days=90),
    )
    client.force_login(hw.manager)
    response, _ = get_overdue(client)
    shown = [order.pk for order in response.context["page"]]
    assert shown == [order.pk for order in orders[:25]]
    assert response.context["total"] == 27
    page = response.content.decode()
    assert 'data-testid="overdue-total">27<' in page
    assert 'data-testid="page-next"' in page

    second, _ = get_overdue(client, page=2)
    assert [order.pk for order in second.context["page"]] == [order.pk for order in orders[25:]]


def test_the_days_threshold_counts_and_lists_the_same_dos(hw, client):
    overdue_dos(hw, 5, first_issued_days_ago=40)  # issued 40..36 days ago
    client.force_login(hw.manager)
    response, _ = get_overdue(client, days=37)
    assert response.context["total"] == len(response.context["page"]) == 3


def test_the_page_reads_the_same_queries_at_3_and_40_overdue_dos(hw, client):
    client.force_login(hw.manager)
    overdue_dos(hw, 3)
    _, at_three = get_overdue(client)
    overdue_dos(hw, 37, first_issued_days_ago=150)
    response, at_forty = get_overdue(client)
    assert response.context["total"] == 40
    assert at_forty == at_three


def test_another_mill_sees_none_of_them(hw, client):
    overdue_dos(hw, 3)
    client.force_login(hw.other_sinder)
    response, _ = get_overdue(client)
    assert response.context["total"] == 0 and not list(response.context["page"])
