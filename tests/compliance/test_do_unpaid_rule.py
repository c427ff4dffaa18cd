"""Done when (issue 8): a DO left unpaid past the threshold raises exactly one event, visible to
the manager and to the farmer, and the event closes itself when the DO is paid."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from compliance.models import ComplianceEvent, EventStatus, Party
from compliance.rules import run_rules
from harvest.services.delivery_orders import record_payment
from notices.models import Notice
from tebu_site.history import changes
from tests.compliance.factories import issued_do
from tests.factories import farmer_user

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def late_do(hw):
    """Issued 20 days ago (threshold 14), nothing paid."""
    return issued_do(hw.farmer, issued_on=timezone.localdate() - timedelta(days=20))


def test_a_do_unpaid_past_the_threshold_raises_exactly_one_event(hw, late_do):
    first = run_rules(keys=["do_unpaid"])
    second = run_rules(keys=["do_unpaid"])

    events = ComplianceEvent.objects.filter(rule_key="do_unpaid")
    assert events.count() == 1
    assert len(first.raised) == 1 and second.raised == []
    event = events.get()
    assert event.party == Party.MILL
    assert event.delivery_order == late_do
    assert event.farmer == hw.farmer and event.region == hw.north
    assert event.status == EventStatus.OPEN
    assert event.raised_by is None and event.subject_key == f"do:{late_do.pk}"
    assert late_do.number in event.summary
    assert event.status_changes.get().by_rule == "do_unpaid"


def test_the_event_is_visible_to_the_manager_and_to_the_farmer(hw, late_do, client):
    run_rules(keys=["do_unpaid"])
    event = ComplianceEvent.objects.get(rule_key="do_unpaid")

    client.force_login(hw.manager)
    assert event.summary in client.get(reverse("compliance:event-list")).content.decode()
    assert client.get(reverse("compliance:event-detail", args=[event.pk])).status_code == 200

    client.force_login(farmer_user(hw.farmer))
    page = client.get(reverse("compliance:my-events")).content.decode()
    assert event.summary in page
    assert client.get(reverse("compliance:my-event", args=[event.pk])).status_code == 200
    # The farmer was told, in the portal inbox, once however often the rule runs.
    run_rules(keys=["do_unpaid"])
    assert Notice.objects.filter(farmer=hw.farmer, event="compliance_event_raised").count() == 1


def test_a_do_within_the_threshold_or_paid_raises_nothing(hw):
    today = timezone.localdate()
    issued_do(hw.farmer, issued_on=today - timedelta(days=14))  # exactly at the threshold
    issued_do(hw.farmer, issued_on=today - timedelta(days=60), paid_on=today - timedelta(days=5))

    assert run_rules(keys=["do_unpaid"]).raised == []


def test_the_threshold_is_the_mills_setting(hw, late_do):
    from compliance.services import update_settings

    update_settings(mill=hw.mill, by=hw.manager, do_unpaid_days=30)
    assert run_rules(keys=["do_unpaid"]).raised == []
    update_settings(mill=hw.mill, by=hw.manager, do_unpaid_days=19)
    assert len(run_rules(keys=["do_unpaid"]).raised) == 1


def test_the_event_closes_itself_when_the_do_is_paid_in_full(hw, late_do):
    run_rules(keys=["do_unpaid"])
    event = ComplianceEvent.objects.get(rule_key="do_unpaid")
    half = (late_do.payable / 2).quantize(D("1"))

    record_payment(
        do=late_do, by=hw.manager, paid_on=timezone.localdate(), amount=half, method="transfer"
    )
    event.refresh_from_db()
    assert event.status == EventStatus.OPEN  # partly paid is still unpaid

    record_payment(
        do=late_do,
        by=hw.manager,
        paid_on=timezone.localdate(),
        amount=late_do.payable - half,
        method="transfer",
    )
    event.refresh_from_db()
    assert event.status == EventStatus.CLOSED and event.closed_at is not None
    last = event.status_changes.last()
    assert (last.from_status, last.to_status, last.by_rule) == ("open", "closed", "do_unpaid")
    assert Notice.objects.filter(farmer=hw.farmer, event="compliance_event_auto_closed").exists()
    # The history keeps the step too: the status before it, with the rule as the reason.
    rows = event.history.order_by("history_date", "history_id")
    assert [(c.before.status, c.after.status, c.reason) for c in changes(event, rows)] == [
        ("open", "closed", "rule do_unpaid")
    ]
    # Running the rule again neither re-raises nor re-closes.
    again = run_rules(keys=["do_unpaid"])
    assert again.raised == [] and again.closed == []


def test_the_scheduled_run_closes_an_event_whose_do_was_paid_some_other_way(hw, late_do):
    run_rules(keys=["do_unpaid"])
    late_do.status = "paid"
    late_do.paid_at = timezone.now()
    late_do.save()

    result = run_rules(keys=["do_unpaid"])
    assert len(result.closed) == 1
    assert ComplianceEvent.objects.get(rule_key="do_unpaid").status == EventStatus.CLOSED


def test_the_celery_task_runs_every_rule(hw, late_do):
    from compliance.tasks import run_compliance_rules

    assert run_compliance_rules.delay().get() == {"raised": 1, "closed": 0}
    assert run_compliance_rules.delay().get() == {"raised": 0, "closed": 0}
