"""A KUR application from draft to two paid tranches, each step recorded with who and when; the
farmer's ledger shows the cutting-and-haulage tranche withheld; the first DO deducts interest and
principal through harvest's settle_do, its cutting and haulage are paid from the tranche first, and
issuing it posts the repayment from that DO and records the tranche's use."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from credit import calculations as calc
from credit.models import ApplicationStatus, Payee, Repayment, RepaymentSource, StatusChange
from credit.selectors import ledger_for, loan_position, steps_of
from credit.services import disbursements, workflow
from harvest.services.delivery_orders import adjust_do, issue_do
from harvest.services.settlement import settle_do
from notices.models import Notice
from tests.credit.deliveries import delivered
from tests.credit.helpers import kur_application, to_verified

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def loan(cw):
    """2 ha ratoon + 1 ha plant cane, approved for Rp 60,000,000, both tranches paid."""
    application = to_verified(cw, kur_application(cw, requested=D("60000000")))
    workflow.approve_application(
        application=application,
        by=cw.credit,
        amount=D("60000000"),
        approved_on=timezone.localdate() - timedelta(days=100),
    )
    application.refresh_from_db()
    garap, tma = application.disbursements.order_by("order")
    disbursements.record_tranche_paid(
        disbursement=garap,
        by=cw.credit,
        paid_on=timezone.localdate() - timedelta(days=90),
        reference="BRI 001",
    )
    disbursements.record_tranche_paid(
        disbursement=tma, by=cw.credit, paid_on=timezone.localdate() - timedelta(days=30)
    )
    application.refresh_from_db()
    return application


def test_every_step_is_recorded_with_who_and_when(cw, loan):
    changes = list(StatusChange.objects.filter(application=loan).order_by("at", "id"))
    assert [c.to_status for c in changes] == [
        "draft",
        "submitted",
        "documents_complete",
        "verified",
        "approved",
        "disbursing",
        "active",
    ]
    assert [c.by for c in changes[:5]] == [cw.sinder, cw.sinder, cw.credit, cw.credit, cw.credit]
    assert all(c.at is not None for c in changes)
    assert changes[3].note == "BRI verified"
    assert loan.status == ApplicationStatus.ACTIVE
    assert [s.status for s in steps_of(loan)][-1] == "active"


def test_tranches_follow_the_template_scaled_to_the_approved_amount(cw, loan):
    garap, tma = loan.disbursements.order_by("order")
    # Template per ha: garap 11,650,000 to the farmer, TMA 9,000,000 to the mill, over 3 ha:
    # 34,950,000 + 27,000,000 = 61,950,000 > 60,000,000 approved, so scaled down.
    assert (garap.payee, tma.payee) == (Payee.FARMER, Payee.MILL)
    assert garap.amount + tma.amount == D("60000000")
    assert float(garap.amount / tma.amount) == pytest.approx(11650000 / 9000000, rel=1e-6)


def test_the_farmer_sees_both_tranches_and_the_tma_one_withheld(cw, loan):
    ledger = ledger_for(cw.farmer_login, cw.farmer)
    (entry,) = ledger.loans
    assert entry.approved_amount == D("60000000")
    states = [(t.disbursement.purpose, t.state) for t in entry.tranches]
    assert states == [("cultivation", "paid"), ("cutting_haulage", "withheld")]
    tma = entry.tranches[1].disbursement
    assert entry.withheld == tma.amount
    assert entry.tranches[0].disbursement.paid_on == timezone.localdate() - timedelta(days=90)
    assert entry.disbursed == D("60000000")
    assert entry.interest_to_date > 0
    assert entry.outstanding == D("60000000") + calc.money(entry.interest_due)


def test_notices_tell_the_farmer_each_step(cw, loan):
    events = set(
        Notice.objects.filter(farmer=cw.farmer, channel="portal").values_list("event", flat=True)
    )
    assert {"credit_submitted", "credit_approved", "credit_tranche_paid"} <= events
    assert (
        Notice.objects.filter(
            farmer=cw.farmer, channel="portal", event="credit_tranche_paid"
        ).count()
        == 2
    )
    assert Notice.objects.filter(farmer=cw.farmer, channel="sms").exists()


def test_the_first_do_deducts_interest_then_principal_and_issuing_posts_it(cw, loan):
    loads = [
        delivered(cw, cw.ratoon_plot, net_kg=D("30000"), rendemen=D("8.00"), tma_by_mill=True)
        for _ in range(3)
    ]
    do = settle_do(by=cw.manager, farmer=cw.farmer, season=cw.season, weighings=loads)
    lines = do.inputs["credit_deductions"]
    assert len(lines) == 2  # interest, then principal of the one loan
    today = timezone.localdate()
    position = loan_position(loan, today)
    assert D(lines[0]["amount"]) == calc.money(position.interest_due)
    assert "NPWP" not in lines[0]["label"] and loan.number in lines[0]["label"]
    # The DO leaves less than the loan: all of what it leaves goes to credit, down to zero.
    assert do.payable == 0
    deducted = sum(D(line["amount"]) for line in lines)
    assert D(lines[1]["amount"]) < position.principal_outstanding

    issued = issue_do(do=do, by=cw.manager)
    repayment = Repayment.objects.get(delivery_order=issued)
    assert repayment.source == RepaymentSource.DELIVERY_ORDER
    assert repayment.amount == deducted
    (allocation,) = repayment.allocations.all()
    assert allocation.application == loan
    assert allocation.interest == D(lines[0]["amount"])
    assert allocation.principal == D(lines[1]["amount"])
    # The withheld TMA tranche paid the DO's cutting and haulage (900 kw × Rp 8,500): part of
    # it, the rest is left for the next DO.
    tma = loan.disbursements.get(payee=Payee.MILL)
    (use,) = tma.uses.all()
    assert (use.delivery_order, use.amount) == (issued, D("7650000"))
    assert tma.left == tma.amount - D("7650000")
    assert tma.used_by_delivery_order is None
    ledger = ledger_for(cw.farmer_login, cw.farmer)
    assert [t.state for t in ledger.loans[0].tranches] == ["paid", "partly_used"]
    assert ledger.loans[0].repayments[0].delivery_order == issued
    assert ledger.loans[0].principal_outstanding == D("60000000") - allocation.principal


def test_a_farmer_without_credit_gets_no_credit_lines(cw):
    loads = [delivered(cw, cw.ratoon_plot, net_kg=D("10000"), rendemen=D("8.00"))]
    do = settle_do(by=cw.manager, farmer=cw.farmer, season=cw.season, weighings=loads)
    assert do.inputs["credit_deductions"] == []
    issue_do(do=do, by=cw.manager)
    assert not Repayment.objects.exists()


def _issued_do_with_credit(cw):
    loads = [delivered(cw, cw.ratoon_plot, net_kg=D("30000"), rendemen=D("8.00"))]
    do = settle_do(by=cw.manager, farmer=cw.farmer, season=cw.season, weighings=loads)
    return issue_do(do=do, by=cw.manager)


def _lines(do):
    return [(line["label"], D(line["amount"])) for line in do.inputs["credit_deductions"]]


def test_credit_lines_added_to_an_issued_do_without_a_repayment_are_posted(cw, loan):
    loads = [delivered(cw, cw.ratoon_plot, net_kg=D("30000"), rendemen=D("8.00"))]
    do = settle_do(
        by=cw.manager, farmer=cw.farmer, season=cw.season, weighings=loads, credit_deductions=[]
    )
    issued = issue_do(do=do, by=cw.manager)
    assert not Repayment.objects.filter(delivery_order=issued).exists()

    adjust_do(
        do=issued,
        by=cw.manager,
        reason="Angsuran lupa dipotong",
        credit_deductions=[("Angsuran KUR", D("1000000"))],
    )

    repayment = Repayment.objects.get(delivery_order=issued)
    assert repayment.amount == D("1000000")
    assert sum(a.interest + a.principal for a in repayment.allocations.all()) == D("1000000")


@pytest.mark.parametrize("change", ["smaller", "larger"])
def test_changing_a_posted_credit_deduction_is_refused_and_nothing_changes(cw, loan, change):
    from django.core.exceptions import ValidationError

    from harvest.models import DoAdjustment

    issued = _issued_do_with_credit(cw)
    lines = _lines(issued)
    payable = issued.payable

    changed = lines[:1] if change == "smaller" else [*lines, ("Angsuran tambahan", D("1000"))]

    with pytest.raises(ValidationError) as refused:
        adjust_do(do=issued, by=cw.manager, reason="Salah hitung", credit_deductions=changed)

    assert "credit_deductions" in refused.value.message_dict
    issued.refresh_from_db()
    assert _lines(issued) == lines and issued.payable == payable
    assert not DoAdjustment.objects.filter(delivery_order=issued).exists()
    assert Repayment.objects.filter(delivery_order=issued).count() == 1
