"""The rule "TMA money withheld without account" (domain.md 9) agrees with the one account of TMA
money (domain.md 5): it raises when a tranche paid to the mill still holds money while an issued
DO charged the farmer for the mill's cutting and haulage (the tranche was paid after the DO),
closes when an adjustment of the DO pays the fees from the tranche, and stays quiet when the
tranche was paid first."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from compliance.models import ComplianceEvent, EventStatus, Party
from compliance.rules import run_rules
from credit.models import Payee
from credit.services import disbursements, workflow
from harvest.models import AdjustmentKind
from harvest.services.delivery_orders import adjust_do, issue_do
from harvest.services.settlement import settle_do
from tests.credit.helpers import kur_application, to_verified
from tests.credit.test_tma_paid_once import TRANCHE, cut_by_the_mill

pytestmark = pytest.mark.django_db

D = Decimal
RULE = "tma_money_withheld"


def approved(cw):
    """The KUR of issue 12, approved; the garap tranche paid, the TMA one not yet."""
    application = to_verified(cw, kur_application(cw, requested=D("60000000")))
    workflow.approve_application(
        application=application,
        by=cw.credit,
        amount=D("60000000"),
        approved_on=timezone.localdate() - timedelta(days=100),
    )
    # By payee, not position: the plan's lines are another engineer's subject.
    garap = application.disbursements.filter(payee=Payee.FARMER).order_by("order").first()
    tma = application.disbursements.get(payee=Payee.MILL)
    disbursements.record_tranche_paid(
        disbursement=garap,
        by=cw.credit,
        paid_on=timezone.localdate() - timedelta(days=90),
        amount=D("33850000"),
    )
    return application, tma


def pay_tma(cw, tma):
    return disbursements.record_tranche_paid(
        disbursement=tma, by=cw.credit, paid_on=timezone.localdate(), amount=TRANCHE
    )


def issued_do(cw, loads=10):
    do = settle_do(
        by=cw.manager, farmer=cw.farmer, season=cw.season, weighings=cut_by_the_mill(cw, loads)
    )
    return issue_do(do=do, by=cw.manager)


def test_a_tranche_paid_after_the_do_raises_once_and_the_adjustment_closes_it(cw):
    application, tma = approved(cw)
    # Issued before the bank paid the mill: the farmer pays the Rp 25,500,000 of fees in full.
    do = issued_do(cw)
    assert do.line("deduction_cutting").amount == D("16500000")
    assert all(line.code != "deduction_tma_paid" for line in do.lines)
    pay_tma(cw, tma)

    first = run_rules(keys=[RULE])
    assert len(first.raised) == 1
    assert run_rules(keys=[RULE]).raised == []
    event = ComplianceEvent.objects.get(rule_key=RULE)
    assert event.event_type.party == Party.MILL
    assert (event.farmer, event.delivery_order, event.credit_application) == (
        cw.farmer,
        do,
        application,
    )
    assert "Rp 26.150.000" in event.summary and "Rp 25.500.000" in event.summary
    assert do.number in event.summary

    # The adjustment settles the DO again: the tranche pays the fees, the farmer gets them back.
    payable_before = do.payable
    adjust_do(
        do=do,
        by=cw.manager,
        reason="Tebang angkut dibayar dari tranche TMA",
        kind=AdjustmentKind.DEDUCTIONS,
    )
    do.refresh_from_db()
    assert do.line("deduction_tma_paid").amount == D("-25500000")
    assert do.payable == payable_before + D("25500000")
    tma.refresh_from_db()
    assert tma.left == D("650000")

    closed = run_rules(keys=[RULE])
    assert closed.closed == [event]
    event.refresh_from_db()
    assert event.status == EventStatus.CLOSED


def test_a_tranche_paid_before_the_do_raises_nothing(cw):
    _application, tma = approved(cw)
    pay_tma(cw, tma)
    issued_do(cw)  # 25,500,000 of fees, all paid from the tranche; 650,000 left
    issued_do(cw, loads=1)  # 2,550,000 of fees: 650,000 from the tranche, the rest charged

    assert run_rules(keys=[RULE]).raised == []
    assert not ComplianceEvent.objects.filter(rule_key=RULE).exists()
