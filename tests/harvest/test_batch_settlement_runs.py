"""A batch settlement is a run a worker carries out (issue 18): the page records it and
redirects, the worker drafts the DOs and keeps the outcome on the run; a failure is recorded
with its reason; a redelivered task does not settle twice; nobody follows another mill's run."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from harvest.models import DeliveryOrder, RunStatus, SettlementRun
from harvest.services import settlement_runs
from harvest.services.settlement_runs import carry_out, request_settlement
from tests.harvest.helpers import deliver

pytestmark = pytest.mark.django_db

D = Decimal


def ask(client, hw, **extra):
    today = timezone.localdate().isoformat()
    data = {"season": hw.season.pk, "start": today, "end": today, "natura_consumed_kw": "0"}
    return client.post(reverse("do-batch"), {**data, **extra})


def test_the_page_asks_a_worker_and_the_run_shows_the_drafts(
    hw, client, django_capture_on_commit_callbacks
):
    deliver(hw, net_kg=D("10000"), rendemen=D("7"))
    deliver(hw, net_kg=D("9000"), rendemen=D("6.5"), plot=hw.south_plot)
    client.force_login(hw.manager)

    # The task is sent once the run is committed; the tests run it at once (eager).
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, hw)

    run = SettlementRun.objects.get()
    assert response.status_code == 302 and response.url == reverse("do-batch-run", args=[run.pk])
    assert run.status == RunStatus.DONE and run.started_at and run.finished_at
    orders = DeliveryOrder.objects.order_by("number")
    assert sorted(run.created_ids) == sorted(order.pk for order in orders) and len(orders) == 2
    assert (run.farmers_done, run.farmers_total) == (2, 2) and run.progress_percent == 100
    page = client.get(response.url).content.decode().replace("<wbr>", "")
    assert all(order.number in page for order in orders)
    assert 'http-equiv="refresh"' not in page  # finished: no more reloading
    assert 'data-testid="batch-runs"' in client.get(reverse("do-batch")).content.decode()


def test_a_queued_run_refreshes_itself_and_says_it_waits(hw, client, monkeypatch):
    monkeypatch.setattr(settlement_runs.transaction, "on_commit", lambda fn: None)
    client.force_login(hw.manager)
    run_url = ask(client, hw).url
    page = client.get(run_url).content.decode()
    assert 'http-equiv="refresh"' in page and 'data-testid="run-progress"' in page


def test_a_failure_is_kept_with_its_reason_and_the_drafts_made_before_it(hw, monkeypatch):
    deliver(hw, net_kg=D("10000"), rendemen=D("7"))
    today = timezone.localdate()
    monkeypatch.setattr(settlement_runs.transaction, "on_commit", lambda fn: None)
    run = request_settlement(by=hw.manager, season=hw.season, start=today, end=today)

    def broken(**kwargs):
        raise ValidationError("Skema belum lengkap.")

    monkeypatch.setattr(settlement_runs, "settle_period", broken)
    run = carry_out(run.pk)
    assert run.status == RunStatus.FAILED and run.error == "Skema belum lengkap."
    assert run.finished_at is not None


def test_a_redelivered_task_does_not_settle_twice(hw, monkeypatch):
    deliver(hw, net_kg=D("10000"), rendemen=D("7"))
    today = timezone.localdate()
    monkeypatch.setattr(settlement_runs.transaction, "on_commit", lambda fn: None)
    run = request_settlement(by=hw.manager, season=hw.season, start=today, end=today)
    first = carry_out(run.pk)
    calls = []
    monkeypatch.setattr(settlement_runs, "settle_period", lambda **kw: calls.append(kw))
    second = carry_out(run.pk)
    assert calls == [] and second.created_ids == first.created_ids
    assert DeliveryOrder.objects.count() == 1


def test_a_period_ending_before_it_starts_is_refused_on_the_page(hw, client):
    client.force_login(hw.manager)
    today = timezone.localdate()
    response = ask(client, hw, end=(today - timedelta(days=3)).isoformat())
    assert response.status_code == 200 and not SettlementRun.objects.exists()
    assert "before the start" in response.content.decode() or "sebelum" in response.content.decode()


def test_another_mill_cannot_follow_the_run(hw, client, django_capture_on_commit_callbacks):
    deliver(hw, net_kg=D("10000"), rendemen=D("7"))
    client.force_login(hw.manager)
    with django_capture_on_commit_callbacks(execute=True):
        run_url = ask(client, hw).url
    client.force_login(hw.other_sinder)
    assert client.get(run_url).status_code in (403, 404)
