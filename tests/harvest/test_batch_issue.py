"""Issuing a batch settlement's drafts at once (issue 18): after review, one click hands them to a
worker that issues each exactly as its own page would (repayments posted, the farmer told); a
draft already issued by hand is left alone, one that cannot be issued is listed with its reason
while the others go on; asking twice issues nothing twice; nobody issues another mill's run."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from harvest.models import DeliveryOrder, DoStatus, IssueStatus, SettlementRun, Weighing
from harvest.services import settlement_issue
from harvest.services.delivery_orders import issue_do
from harvest.services.settlement_issue import carry_out_issue, request_issue
from harvest.services.settlement_runs import carry_out, request_settlement
from tebu_site.models import Role
from tests.factories import UserFactory
from tests.harvest.helpers import deliver, html

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def run(hw, monkeypatch):
    """A finished batch that drafted two DOs (the north and the south farmer's loads), asked
    without a worker."""
    deliver(hw, net_kg=D("10000"), rendemen=D("7"))
    deliver(hw, net_kg=D("9000"), rendemen=D("6.5"), plot=hw.south_plot)
    today = timezone.localdate()
    with monkeypatch.context() as patched:
        patched.setattr("django.db.transaction.on_commit", lambda fn: None)
        asked = request_settlement(by=hw.manager, season=hw.season, start=today, end=today)
    done = carry_out(asked.pk)
    assert len(done.created_ids) == 2
    return done


def test_the_page_issues_every_draft_once_and_shows_the_outcome(
    hw, run, client, english, django_capture_on_commit_callbacks
):
    client.force_login(hw.manager)
    page = html(client.get(reverse("do-batch-run", args=[run.pk])))
    assert "Issue the 2 drafts left" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("do-batch-issue", args=[run.pk]))

    assert response.status_code == 302
    run.refresh_from_db()
    assert run.issue_status == IssueStatus.DONE and run.issue_requested_by == hw.manager
    assert (run.issue_total, run.issued_count, run.issue_failures) == (2, 2, [])
    orders = DeliveryOrder.objects.filter(pk__in=run.created_ids)
    assert {order.status for order in orders} == {DoStatus.ISSUED}
    assert all(order.issued_by == hw.manager and order.expected_payment_on for order in orders)
    page = html(client.get(response.url))
    assert "2 DOs issued." in page and 'data-testid="issue-drafts"' not in page

    with pytest.raises(ValidationError):  # nothing left: asking again is refused clearly
        request_issue(by=hw.manager, run=run)


def test_a_draft_issued_by_hand_is_left_and_a_refused_one_is_listed(hw, run, monkeypatch, english):
    first, second = DeliveryOrder.objects.filter(pk__in=run.created_ids).order_by("number")
    issue_do(do=first, by=hw.manager)
    monkeypatch.setattr(settlement_issue.transaction, "on_commit", lambda fn: None)
    asked = request_issue(by=hw.manager, run=run)
    assert asked.issue_total == 1  # only the draft still left
    # Its load taken off it meanwhile (a draft deleted and its loads settled elsewhere, say).
    Weighing.objects.filter(delivery_order=second).update(delivery_order=None)

    done = carry_out_issue(run.pk)
    assert done.issue_status == IssueStatus.DONE and done.issued_count == 0
    assert done.issue_failures == [f"{second.number}: This DO has no deliveries left."]
    second.refresh_from_db()
    assert second.status == DoStatus.DRAFT

    assert carry_out_issue(run.pk).issued_count == 0  # a redelivered task does nothing again


def test_a_queued_issue_refreshes_the_page_and_cannot_be_asked_twice(
    hw, run, client, english, monkeypatch
):
    monkeypatch.setattr(settlement_issue.transaction, "on_commit", lambda fn: None)
    client.force_login(hw.manager)
    client.post(reverse("do-batch-issue", args=[run.pk]))
    page = html(client.get(reverse("do-batch-run", args=[run.pk])))
    assert 'http-equiv="refresh"' in page and 'data-testid="issue-progress"' in page
    with pytest.raises(ValidationError):
        request_issue(by=hw.manager, run=SettlementRun.objects.get(pk=run.pk))


def test_no_one_outside_the_mill_or_without_the_right_issues_the_run(hw, run, client):
    other = UserFactory(role=Role.MANAGER, mills=[hw.other_mill])
    client.force_login(other)
    assert client.post(reverse("do-batch-issue", args=[run.pk])).status_code == 404
    client.force_login(hw.qc)
    response = client.post(reverse("do-batch-issue", args=[run.pk]))
    assert response.status_code == 403  # QC records rendemen; settling and issuing is not theirs
    run.refresh_from_db()
    assert run.issue_status == IssueStatus.NOT_ASKED
    assert not DeliveryOrder.objects.exclude(status=DoStatus.DRAFT).exists()
