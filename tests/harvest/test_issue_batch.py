# ruff: noqa: F811 - cw and period, fixtures imported below, are the tests' arguments too
"""Issue 18: a batch's drafts are issued many at a time (settlement_issue_batch). It must leave
exactly what issue_do leaves, DO after DO in number order: the DOs' figures, status and dates,
their history rows, the repayments and their allocations, the tranche uses, the loans' state and
the farmers' notices; a DO that cannot be issued is listed and the others go on; a receiver's
refusal after the writes issues that wave DO by DO; and the queries do not grow with the DOs."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from credit.models import (
    CreditApplication,
    Disbursement,
    Payee,
    Repayment,
    RepaymentAllocation,
    StatusChange,
    TrancheUse,
)
from credit.services import tma
from harvest.models import CarriedDebitRecovery, DeliveryOrder, DoStatus, Weighing
from harvest.services.delivery_orders import issue_do
from harvest.services.settlement import settle_period
from harvest.services.settlement_issue_batch import issue_drafts, waves
from harvest.signals import do_issued, dos_issued
from notices.models import Notice
from tests.credit.conftest import _fast_password_hashing, cw  # noqa: F401
from tests.credit.deliveries import harvest_world
from tests.credit.helpers import paid_kur
from tests.harvest.helpers import deliver
from tests.harvest.period_world import (  # noqa: F401 - fixtures
    _sqlite_binds_more,
    farmer_with_plot,
    period,
    settle,
)
from tests.harvest.test_season_close_carry_over import _next_do, _next_season, debit  # noqa: F401

pytestmark = pytest.mark.django_db

D = Decimal
# Rows written during the issue: their keys and times differ from one run to the other, the rest
# must not. A key to a row written in the run is left out too (an allocation's repayment).
WRITTEN = [
    DeliveryOrder,
    DeliveryOrder.history.model,
    Repayment,
    Repayment.history.model,
    RepaymentAllocation,
    RepaymentAllocation.history.model,
    TrancheUse,
    TrancheUse.history.model,
    Disbursement,
    CreditApplication,
    CreditApplication.history.model,
    StatusChange,
    CarriedDebitRecovery,
    Notice,
]
LEFT_OUT = {"id", "history_id", "repayment_id", "created_at", "updated_at", "history_date"}


class _Undo(Exception):
    pass


def _row(instance) -> dict:
    row = {}
    for f in type(instance)._meta.concrete_fields:
        if f.attname in LEFT_OUT:
            continue
        value = getattr(instance, f.attname)
        if isinstance(f, models.DateTimeField) and value is not None:
            value = timezone.localdate(value)  # the day, not the instant
        row[f.attname] = value
    return row


def _state() -> dict:
    return {
        model._meta.label: sorted(
            (_row(instance) for instance in model.objects.all()), key=lambda row: repr(row)
        )
        for model in WRITTEN
    }


def _drafts(cw) -> list[int]:
    created = settle(settle_period, cw)["result"].created
    return [order.pk for order in created]


def _one_by_one(ids, by) -> tuple[list[str], list[str]]:
    issued, failures = [], []
    for order in DeliveryOrder.objects.filter(pk__in=ids).order_by("number", "pk"):
        try:
            issued.append(issue_do(do=order, by=by).number)
        except ValidationError as error:
            failures.append(f"{order.number}: {' '.join(error.messages)}")
    return issued, failures


def _issued_and_undone(issue, ids, by) -> dict:
    snapshot = {}
    try:
        with transaction.atomic():
            outcome = issue(ids, by)
            snapshot = {"outcome": outcome, "state": _state()}
            raise _Undo
    except _Undo:
        pass
    return snapshot


def _at_once(ids, by) -> tuple[list[str], list[str]]:
    outcome = issue_drafts(ids=ids, by=by)
    return [order.number for order in outcome.issued], outcome.failures


def _same(one_by_one: dict, at_once: dict) -> None:
    assert at_once["outcome"] == one_by_one["outcome"]
    for label, rows in one_by_one["state"].items():
        assert at_once["state"][label] == rows, label


def test_the_batch_leaves_what_issue_do_leaves_do_after_do(period):
    ids = _drafts(period)
    buriyanto = DeliveryOrder.objects.filter(farmer=period.farmer).order_by("number")
    assert len(ids) == 6 and buriyanto.count() == 2  # his two DOs go in two waves

    one_by_one = _issued_and_undone(_one_by_one, ids, period.manager)
    assert DeliveryOrder.objects.filter(status=DoStatus.DRAFT).count() == 6  # undone
    at_once = _issued_and_undone(_at_once, ids, period.manager)

    # The cases the period was built for are there: repayments (the KUR and Eka's in-kind
    # package), a TMA tranche used, the farmers told, one history row for each DO's issue: the
    # draft it replaced, by the manager.
    state = one_by_one["state"]
    assert len(one_by_one["outcome"][0]) == 6 and one_by_one["outcome"][1] == []
    assert len(state["credit.Repayment"]) == 3 and state["credit.TrancheUse"]
    assert {row["event"] for row in state["notices.Notice"]} >= {"do_issued"}
    history = state["harvest.HistoricalDeliveryOrder"]
    assert len(history) == 6
    assert {(row["status"], row["history_user_id"]) for row in history} == {
        (DoStatus.DRAFT, period.manager.pk)
    }
    # A DO whose deductions take all it makes is paid in full when issued.
    statuses = {row["status"] for row in state["harvest.DeliveryOrder"]}
    assert statuses == {DoStatus.ISSUED, DoStatus.PAID}
    _same(one_by_one, at_once)


def test_a_draft_that_cannot_be_settled_again_is_listed_and_the_others_go_on(period, english):
    ids = _drafts(period)
    gone = DeliveryOrder.objects.filter(pk__in=ids).order_by("number")[2]
    Weighing.objects.filter(delivery_order=gone).update(delivery_order=None)

    one_by_one = _issued_and_undone(_one_by_one, ids, period.manager)
    at_once = _issued_and_undone(_at_once, ids, period.manager)

    assert one_by_one["outcome"][1] == [f"{gone.number}: This DO has no deliveries left."]
    _same(one_by_one, at_once)


def test_a_refusal_after_the_writes_issues_its_wave_do_by_do(period, monkeypatch):
    ids = _drafts(period)
    refused = DeliveryOrder.objects.get(farmer=period.farmer, tma_by_mill=True)
    check = tma._refuse_overuse

    def used_up_meanwhile(tranche, others, order, amount):
        # Another DO took the tranche between this one's settling and its use being recorded.
        if order.pk == refused.pk:
            raise ValidationError("Tranche habis dipakai DO lain.")
        check(tranche, others, order, amount)

    monkeypatch.setattr(tma, "_refuse_overuse", used_up_meanwhile)
    one_by_one = _issued_and_undone(_one_by_one, ids, period.manager)
    at_once = _issued_and_undone(_at_once, ids, period.manager)

    assert one_by_one["outcome"][1] == [f"{refused.number}: Tranche habis dipakai DO lain."]
    assert len(one_by_one["outcome"][0]) == 5
    _same(one_by_one, at_once)


def test_two_drafts_planning_the_same_carried_debit_take_it_once(hw, debit):
    season = _next_season(hw)
    first = _next_do(hw, season, net_kg=D("10000"))
    second = _next_do(hw, season, net_kg=D("10000"))
    assert first.inputs["carried_debits"] == second.inputs["carried_debits"]  # all of it, each
    ids = [first.pk, second.pk]

    one_by_one = _issued_and_undone(_one_by_one, ids, hw.manager)
    at_once = _issued_and_undone(_at_once, ids, hw.manager)

    recoveries = one_by_one["state"]["harvest.CarriedDebitRecovery"]
    assert [row["delivery_order_id"] for row in recoveries] == [first.pk]
    assert recoveries[0]["amount"] == debit.debit_carried
    _same(one_by_one, at_once)


def test_a_do_that_pays_off_a_loan_moves_it_to_repaid_as_issue_do_does(cw):
    paid_kur(cw)
    world = harvest_world(cw, cw.ratoon_plot)
    for _ in range(6):
        deliver(world, net_kg=D("30000"), rendemen=D("9.5"))
    ids = _drafts(cw)

    one_by_one = _issued_and_undone(_one_by_one, ids, cw.manager)
    at_once = _issued_and_undone(_at_once, ids, cw.manager)

    moves = one_by_one["state"]["credit.StatusChange"]
    assert any(row["to_status"] == "repaid" for row in moves), moves
    _same(one_by_one, at_once)


def test_a_do_that_uses_up_a_tranche_marks_it_used_as_issue_do_does(cw):
    paid_kur(cw)
    # A small TMA tranche, which one load's cutting and haulage takes all of.
    Disbursement.objects.filter(payee=Payee.MILL).update(amount=D("500000"))
    deliver(harvest_world(cw, cw.ratoon_plot), net_kg=D("30000"), rendemen=D("8"), tma_by_mill=True)
    ids = _drafts(cw)

    one_by_one = _issued_and_undone(_one_by_one, ids, cw.manager)
    at_once = _issued_and_undone(_at_once, ids, cw.manager)

    tranches = one_by_one["state"]["credit.Disbursement"]
    assert [row["used_by_delivery_order_id"] for row in tranches if row["used_on"]] == ids
    _same(one_by_one, at_once)


def _queries_to_issue(ids, by) -> int:
    try:
        with transaction.atomic():
            with CaptureQueriesContext(connection) as queries:
                outcome = issue_drafts(ids=ids, by=by)
            assert len(outcome.issued) == len(ids) and not outcome.failures
            raise _Undo
    except _Undo:
        pass
    return len(queries.captured_queries)


def test_the_queries_do_not_grow_with_the_dos(cw):
    paid_kur(cw)
    deliver(harvest_world(cw, cw.ratoon_plot), net_kg=D("30000"), rendemen=D("8"), tma_by_mill=True)
    for index in range(4):
        deliver(farmer_with_plot(cw, f"Petani {index:02d}"), net_kg=D("29000"), rendemen=D("7.5"))
    five = _drafts(cw)
    with_five = _queries_to_issue(five, cw.manager)
    for index in range(4, 29):
        deliver(farmer_with_plot(cw, f"Petani {index:02d}"), net_kg=D("29000"), rendemen=D("7.5"))
    thirty = five + _drafts(cw)
    assert len(thirty) == 30
    assert _queries_to_issue(thirty, cw.manager) == with_five


def test_a_farmers_dos_go_in_waves_one_each_in_number_order():
    assert waves([(1, 10), (2, 20), (3, 10), (4, 30), (5, 10), (6, 20)]) == [
        [1, 2, 4],
        [3, 6],
        [5],
    ]


def test_whoever_hears_one_do_issued_hears_many_issued():
    assert do_issued.has_listeners() and len(dos_issued.receivers) == len(do_issued.receivers)
