"""The rules work set by set (issue 18): a run costs the same number of queries for 10 late DOs
as for 100, raising or closing, and a run with nothing new writes nothing."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from compliance.models import ComplianceEvent, EventStatus, EventStatusChange
from compliance.rules import run_rules
from harvest.models import DeliveryOrder, DoStatus
from notices.models import Notice
from tebu_site.history import changes
from tests.compliance.factories import issued_do

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.fixture(autouse=True)
def _one_insert_per_batch(monkeypatch):
    """SQLite's driver here takes 32,766 parameters a statement (SQLite >= 3.32), but Django
    assumes the old 999 and splits a bulk insert into statements of ~40 rows; PostgreSQL has no
    such split. Lift it so that the count below is the code's, as on PostgreSQL."""
    if connection.vendor == "sqlite":
        monkeypatch.setattr(connection.features, "max_query_params", 32766)


def late_dos(hw, count: int) -> list[int]:
    """``count`` DOs issued 20 days ago (threshold 14), unpaid, for the two farmers in turn:
    one made by the factory per farmer, the rest copies of it written at once."""
    issued_on = timezone.localdate() - timedelta(days=20)
    models = [issued_do(farmer, issued_on=issued_on) for farmer in (hw.farmer, hw.south_farmer)]
    copies = []
    for n in range(count - len(models)):
        copy = DeliveryOrder.objects.get(pk=models[n % 2].pk)
        copy.pk = None
        copy._state.adding = True
        copy.number = f"{copy.number}-{n}"
        copies.append(copy)
    created = DeliveryOrder.objects.bulk_create(copies)
    return [order.pk for order in models + created][:count]


def counted_run():
    with CaptureQueriesContext(connection) as queries:
        result = run_rules(mill=None)
    return result, queries.captured_queries


def writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]


def test_a_run_costs_the_same_queries_for_10_and_100_late_dos(hw):
    run_rules()  # the catalogue and anything the world raises, out of the count
    ContentType.objects.get_for_model(ComplianceEvent)  # a process-wide cache, warm in a worker

    ten = late_dos(hw, 10)
    small, small_queries = counted_run()
    hundred = late_dos(hw, 100)
    large, large_queries = counted_run()

    assert len(small.raised) == 10 and len(large.raised) == 100
    assert len(large_queries) == len(small_queries)
    assert ComplianceEvent.objects.filter(rule_key="do_unpaid").count() == 110
    # Each event has its log line and its notice, as when raised one by one.
    assert EventStatusChange.objects.filter(by_rule="do_unpaid", to_status="open").count() == 110
    assert Notice.objects.filter(event="compliance_event_raised", channel="portal").count() == 110

    # Closing: 10 DOs paid, then 100: the same number of queries again.
    now = timezone.now()
    DeliveryOrder.objects.filter(pk__in=ten).update(status=DoStatus.PAID, paid_at=now)
    small, small_queries = counted_run()
    DeliveryOrder.objects.filter(pk__in=hundred).update(status=DoStatus.PAID, paid_at=now)
    large, large_queries = counted_run()

    assert (len(small.closed), len(large.closed)) == (10, 100)
    assert len(large_queries) == len(small_queries)
    assert (
        not ComplianceEvent.objects.filter(rule_key="do_unpaid")
        .exclude(status=EventStatus.CLOSED)
        .exists()
    )
    closed = ComplianceEvent.objects.filter(delivery_order_id=hundred[0]).get()
    assert closed.closed_at is not None
    last = closed.status_changes.last()
    assert (last.from_status, last.to_status, last.by_rule) == ("open", "closed", "do_unpaid")
    rows = closed.history.order_by("history_date", "history_id")
    assert [(c.before.status, c.after.status, c.reason, c.by) for c in changes(closed, rows)] == [
        ("open", "closed", "rule do_unpaid", None)
    ]
    assert (
        Notice.objects.filter(event="compliance_event_auto_closed", channel="portal").count() == 110
    )


def test_a_second_run_with_nothing_new_changes_nothing(hw):
    late_dos(hw, 12)
    first = run_rules()
    assert len(first.raised) == 12
    events = list(ComplianceEvent.objects.order_by("pk").values())
    notices = Notice.objects.count()

    again, queries = counted_run()

    assert again.raised == [] and again.closed == []
    assert writes(queries) == []
    assert list(ComplianceEvent.objects.order_by("pk").values()) == events
    assert Notice.objects.count() == notices


def test_the_texts_are_those_of_one_do_at_a_time(hw):
    """The set-based rule writes the same words as before: number, dates, amounts."""
    from harvest.services.delivery_orders import record_payment

    pk = late_dos(hw, 2)[0]
    order = DeliveryOrder.objects.get(pk=pk)
    record_payment(
        do=order,
        by=hw.manager,
        paid_on=timezone.localdate(),
        amount=order.payable / 5,
        method="transfer",
    )
    run_rules(keys=["do_unpaid"])

    event = ComplianceEvent.objects.get(rule_key="do_unpaid", delivery_order_id=pk)
    assert event.summary == f"DO {order.number} belum lunas dalam 14 hari sejak terbit"
    assert "Rp 5.000.000" in event.evidence  # payable
    assert "Rp 1.000.000" in event.evidence  # paid
    assert "Rp 4.000.000" in event.evidence  # outstanding
    assert event.occurred_on == timezone.localdate() - timedelta(days=20) + timedelta(days=15)
    assert event.region == hw.north and event.season == order.season
