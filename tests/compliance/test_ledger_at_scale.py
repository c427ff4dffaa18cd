"""The compliance ledger at a mill's scale (issue 18): pages without counting the mill's
events, the open ones counted apart (the same count the manager's home card shows), and the
same queries at 3 and 40 events."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from compliance.home_cards import staff_events_card
from compliance.models import EventStatus
from tests.compliance.factories import ComplianceEventFactory

pytestmark = pytest.mark.django_db


def ledger(client, **params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("compliance:event-list"), params)
    assert response.status_code == 200
    return response, len(captured)


def test_the_ledger_counts_the_open_events_and_pages_the_rest(hw, client):
    ComplianceEventFactory.create_batch(20, farmer=hw.farmer)
    ComplianceEventFactory.create_batch(7, farmer=hw.farmer, status=EventStatus.CONFIRMED)
    ComplianceEventFactory.create_batch(3, farmer=hw.farmer, status=EventStatus.CLOSED)
    ComplianceEventFactory.create_batch(2, farmer=hw.other_farmer)  # another mill
    client.force_login(hw.manager)
    response, _ = ledger(client)
    assert response.context["open_count"] == 27
    assert 'data-testid="event-open-count">27 ' in response.content.decode()
    assert len(response.context["page"]) == 25 and response.context["page"].has_next
    second, _ = ledger(client, page=2)
    assert len(second.context["page"]) == 5  # 30 of this mill in all
    # The manager's home card counts the same open events, from the same index.
    card = staff_events_card(hw.manager)
    assert card.context["open"] == 27


def test_the_ledger_reads_the_same_queries_at_3_and_40_events(hw, client):
    client.force_login(hw.manager)
    ComplianceEventFactory.create_batch(3, farmer=hw.farmer)
    _, at_three = ledger(client)
    ComplianceEventFactory.create_batch(37, farmer=hw.south_farmer)
    response, at_forty = ledger(client)
    assert response.context["open_count"] == 40
    assert at_forty == at_three
