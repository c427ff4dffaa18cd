"""Audit history on amounts, rates and status; interest on Rp 20,650,000 at 7 % over 90 days
through the services, and a manual repayment allocated interest first, oldest loan first."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from credit.models import Disbursement, Payee, TranchePurpose
from credit.selectors import ledger_for, loan_position
from credit.services import repayments, workflow
from credit.services.applications import update_application
from credit.services.products import update_product
from tests.credit.factories import CreditApplicationFactory
from tests.credit.helpers import kur_application, to_verified

pytestmark = pytest.mark.django_db

D = Decimal


def test_amount_change_is_in_the_history_with_who(cw):
    application = kur_application(cw, requested=D("30000000"))
    update_application(application=application, by=cw.credit, requested_amount=D("35000000"))
    history = list(application.history.order_by("history_date"))
    assert [h.requested_amount for h in history] == [D("30000000"), D("35000000")]
    assert history[-1].history_user == cw.credit


def test_rate_change_is_in_the_history_and_only_managers_may_make_it(cw):
    with pytest.raises(PermissionDenied):
        update_product(product=cw.kur, by=cw.credit, changes={"annual_rate_percent": D("6")})
    update_product(product=cw.kur, by=cw.manager, changes={"annual_rate_percent": D("6")})
    latest = cw.kur.history.latest("history_date")
    assert latest.annual_rate_percent == D("6") and latest.history_user == cw.manager


def test_field_staff_may_not_approve_and_approval_records_the_amount(cw):
    application = to_verified(cw, kur_application(cw, requested=D("40000000")))
    with pytest.raises(PermissionDenied):
        workflow.approve_application(application=application, by=cw.sinder, amount=D("1"))
    with pytest.raises(ValidationError):
        workflow.approve_application(application=application, by=cw.credit, amount=D("70000000"))
    workflow.approve_application(application=application, by=cw.credit, amount=D("40000000"))
    statuses = [h.status for h in application.history.order_by("history_date")]
    assert statuses[-1] == "approved" and "verified" in statuses


def test_rejection_needs_a_reason_and_tells_the_farmer(cw):
    from notices.models import Notice

    application = kur_application(cw, requested=D("1000000"))
    workflow.submit_application(application=application, by=cw.sinder)
    with pytest.raises(ValidationError):
        workflow.reject_application(application=application, by=cw.credit, reason=" ")
    workflow.reject_application(application=application, by=cw.credit, reason="Agunan kurang")
    application.refresh_from_db()
    assert application.status == "rejected"
    assert Notice.objects.filter(event="credit_rejected", farmer=cw.farmer).exists()


def test_submitting_kur_needs_the_no_bank_loan_declaration(cw):
    application = kur_application(cw, requested=D("1000000"), declares_no_bank_loan=False)
    with pytest.raises(ValidationError) as caught:
        workflow.submit_application(application=application, by=cw.sinder)
    assert "declares_no_bank_loan" in caught.value.message_dict


def test_documents_must_be_verified_before_complete_and_a_rejection_has_a_reason(cw):
    from credit.services.documents import reject_application_document, upload_application_document
    from tests.credit.helpers import pdf

    application = kur_application(cw, requested=D("1000000"))
    workflow.submit_application(application=application, by=cw.sinder)
    with pytest.raises(ValidationError) as caught:
        workflow.mark_documents_complete(application=application, by=cw.credit)
    assert "KTP" in " ".join(caught.value.message_dict["documents"])
    ktp = application.documents.get(name="KTP")
    upload_application_document(document=ktp, by=cw.sinder, file=pdf())
    rejected = reject_application_document(document=ktp, by=cw.credit, reason="Buram")
    assert (rejected.status, rejected.rejection_reason) == ("rejected", "Buram")


def _loan_paid_days_ago(cw, days: int, amount: D, approved_days_ago: int):
    application = CreditApplicationFactory(
        farmer=cw.farmer,
        product=cw.kur,
        status="active",
        approved_amount=amount,
        approved_on=timezone.localdate() - timedelta(days=approved_days_ago),
        requested_amount=amount,
        ceiling_amount=amount,
    )
    Disbursement.objects.create(
        application=application,
        order=1,
        purpose=TranchePurpose.CULTIVATION,
        payee=Payee.FARMER,
        planned_amount=amount,
        amount=amount,
        paid_on=timezone.localdate() - timedelta(days=days),
    )
    return application


def test_interest_on_20_650_000_at_7_percent_for_90_days_then_repaid_interest_first(cw):
    old = _loan_paid_days_ago(cw, 90, D("20650000"), approved_days_ago=95)
    newer = _loan_paid_days_ago(cw, 10, D("5000000"), approved_days_ago=12)
    today = timezone.localdate()
    position = loan_position(old, today)
    assert position.interest_due.quantize(D("0.01")) == D("356424.66")

    repayment = repayments.record_repayment(
        by=cw.credit, farmer=cw.farmer, season=cw.season, paid_on=today, amount=D("1000000")
    )
    (allocation,) = repayment.allocations.all()
    assert allocation.application == old  # the oldest loan first
    assert allocation.interest == D("356424.66")
    assert allocation.principal == D("643575.34")
    assert loan_position(old, today).principal_outstanding == D("20006424.66")
    assert loan_position(newer, today).principal_repaid == 0

    ledger = ledger_for(cw.farmer_login, cw.farmer)
    assert ledger.loans[0].repayments[0].interest == D("356424.66")


def test_a_repayment_above_what_is_owed_is_refused_and_paying_everything_closes_the_loan(cw):
    loan = _loan_paid_days_ago(cw, 0, D("5000000"), approved_days_ago=1)
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        repayments.record_repayment(
            by=cw.credit, farmer=cw.farmer, season=cw.season, paid_on=today, amount=D("5000001")
        )
    with pytest.raises(PermissionDenied):
        repayments.record_repayment(
            by=cw.sinder, farmer=cw.farmer, season=cw.season, paid_on=today, amount=D("1")
        )
    repayments.record_repayment(
        by=cw.credit, farmer=cw.farmer, season=cw.season, paid_on=today, amount=D("5000000")
    )
    loan.refresh_from_db()
    assert loan.status == "repaid"
