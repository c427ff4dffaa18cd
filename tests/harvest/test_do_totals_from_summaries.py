"""The DO totals staff read (home card, register) come from summaries a task keeps per mill and
region (issue 18): the same figures as counting the DOs, scoped like every read, at most a minute
behind a change, and a fixed number of queries however many DOs the mill has."""

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from harvest import selectors as reads
from harvest.models import DoPayment, DoStatus, DoSummaryState
from harvest.services.summaries import refresh_mill, refresh_stale
from harvest.tasks import refresh_do_summaries
from tests.factories import DeliveryOrderFactory, FarmerFactory

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def mill_dos(hw):
    today = timezone.localdate()
    late = {"expected_payment_on": today - dt.timedelta(days=5)}
    due = {"expected_payment_on": today + dt.timedelta(days=5)}
    north = [
        DeliveryOrderFactory(farmer=hw.farmer, payable=D("1000000"), **late),
        DeliveryOrderFactory(farmer=hw.farmer, payable=D("2000000"), **due),
        DeliveryOrderFactory(farmer=hw.farmer, status=DoStatus.PAID, payable=D("9"), **late),
        DeliveryOrderFactory(farmer=hw.farmer, status=DoStatus.DRAFT, issued_at=None),
    ]
    south = DeliveryOrderFactory(
        farmer=hw.south_farmer, payable=D("4000000"), status=DoStatus.PARTLY_PAID, **late
    )
    DoPayment.objects.create(
        delivery_order=south,
        amount=D("1500000"),
        paid_on=today,
        method="transfer",
        recorded_by=hw.manager,
    )
    DeliveryOrderFactory(farmer=hw.other_farmer, payable=D("777"))  # another mill
    return north, south


def test_a_manager_reads_the_mills_totals_and_a_field_officer_his_regions(hw, mill_dos):
    refresh_mill(hw.mill.pk)
    manager = reads.do_totals(hw.manager)
    assert (manager["count"], manager["overdue"], manager["issued"]) == (3, 2, 4)
    assert manager["owed"] == D("1000000") + D("2000000") + D("2500000")
    sinder = reads.do_totals(hw.sinder)  # Wilayah Utara only
    assert (sinder["count"], sinder["overdue"], sinder["owed"]) == (2, 1, D("3000000"))


def test_a_committed_change_reaches_the_totals_at_once(hw, mill_dos):
    refresh_mill(hw.mill.pk)
    north, _ = mill_dos
    for order in north[:2]:
        order.status = DoStatus.PAID
        order.save()
    # What runs when the transaction commits: one refresh for the mill, however many DOs it
    # changed (the test's own transaction never commits, so the callback is run by hand).
    pending = [
        callback
        for _, callback, _ in connection.run_on_commit
        if getattr(callback, "summary_mill_id", None) == hw.mill.pk
    ]
    assert len(pending) == 1
    pending[0]()
    totals = reads.do_totals(hw.manager)
    assert (totals["count"], totals["owed"]) == (1, D("2500000"))


def test_the_schedule_refreshes_marked_mills_and_yesterdays_totals(hw, mill_dos):
    refresh_mill(hw.mill.pk, today=timezone.localdate() - dt.timedelta(days=30))
    assert reads.do_totals(hw.manager)["overdue"] == 0  # a month ago nothing was late yet
    DoSummaryState.objects.filter(mill=hw.mill).update(dirty=False)
    assert refresh_stale() == 1  # the totals were of an earlier day
    assert reads.do_totals(hw.manager)["overdue"] == 2
    DoSummaryState.objects.filter(mill=hw.mill).update(dirty=True)
    assert refresh_do_summaries.apply().get() == 1
    assert not DoSummaryState.objects.get(mill=hw.mill).dirty


def test_the_scheduled_refresh_runs_at_least_every_minute():
    entry = next(
        e
        for e in settings.CELERY_BEAT_SCHEDULE.values()
        if e["task"] == "harvest.refresh_do_summaries"
    )
    assert entry["schedule"] <= 60


def staff_home(client) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as captured:
        body = client.get("/").content.decode().replace("<wbr>", "")
    assert 'data-testid="staff-do-card"' in body
    return body, len(captured)


def test_the_staff_card_costs_the_same_queries_at_5_and_60_dos(hw, client):
    farmer = FarmerFactory(region=hw.north)
    client.force_login(hw.manager)
    for count in (5, 60):
        while farmer.delivery_orders.count() < count:
            DeliveryOrderFactory(farmer=farmer)
        refresh_mill(hw.mill.pk)
        body, queries = staff_home(client)
        assert f'data-testid="unpaid-do-count">{count}<' in body
        if count == 5:
            at_five = queries
    assert queries == at_five


def test_the_register_shows_the_totals_of_every_do_the_reader_may_see(hw, mill_dos, client):
    """The register's totals row (issue 14): issued, not fully paid, still owed and past the
    date, from the summaries; a field officer's are his regions'; a filter hides them (they
    would not be the filtered list's)."""
    refresh_mill(hw.mill.pk)
    client.force_login(hw.manager)
    page = client.get("/do/").content.decode()
    assert 'data-testid="do-register-totals"' in page
    assert 'data-testid="register-unpaid">3<' in page
    assert 'data-testid="register-owed">Rp 5.500.000<' in page
    assert 'data-testid="register-overdue">2<' in page
    client.force_login(hw.sinder)
    page = client.get("/do/").content.decode()
    assert 'data-testid="register-owed">Rp 3.000.000<' in page
    assert (
        'data-testid="do-register-totals"' not in client.get("/do/?status=issued").content.decode()
    )
