"""A DO from draft to paid: credit deductions as lines, issue, instalments, the audited adjustment
that is the only way an issued DO changes, and the net that never goes below zero."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from harvest.models import DeliveryOrder, DoAdjustment, DoPayment, DoStatus
from harvest.services.delivery_orders import adjust_do, issue_do, record_payment
from harvest.services.settlement import delete_draft, update_draft
from tests.factories import DeliveryOrderFactory
from tests.harvest.helpers import deliver, settled

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def draft(hw):
    # 100 kw at 6.00 and 300 kw at 8.00: rendemen weighted by cane (600 + 2400) / 400 = 7.5.
    loads = [
        deliver(hw, net_kg=D("10000"), rendemen=D("6.00")),
        deliver(hw, net_kg=D("30000"), rendemen=D("8.00")),
    ]
    return settled(hw, loads, credit_deductions=[("KUR angsuran 1", D("5000000"))])


def test_draft_has_the_cane_weighted_rendemen_and_the_credit_line(hw, draft):
    assert draft.status == DoStatus.DRAFT
    assert draft.number == f"DO/{hw.mill.code.upper()}/2025/2026/00001"
    assert draft.cane_kw == D("400")
    assert draft.rendemen_percent == D("7.5")
    assert draft.hablur_kw == D("30")
    credit = draft.line("deduction_credit")
    assert (credit.label, credit.amount) == ("KUR angsuran 1", D("5000000"))
    assert draft.weighings.count() == 2
    assert draft.inputs["credit_deductions"] == [{"label": "KUR angsuran 1", "amount": "5000000"}]


def test_settled_deliveries_cannot_be_settled_twice(hw, draft):
    with pytest.raises(ValidationError) as caught:
        settled(hw, list(draft.weighings.all()))
    assert "sudah dihitung dalam DO" in " ".join(caught.value.messages)


def test_issue_then_two_instalments_then_paid(hw, draft):
    order = issue_do(do=draft, by=hw.manager)
    assert order.status == DoStatus.ISSUED
    assert order.issued_by == hw.manager
    assert order.expected_payment_on == timezone.localdate() + timedelta(days=30)
    half = (order.payable / 2).quantize(D("0.01"))

    record_payment(
        do=order, by=hw.credit, paid_on=timezone.localdate(), amount=half, method="transfer"
    )
    order.refresh_from_db()
    assert order.status == DoStatus.PARTLY_PAID
    assert order.paid_at is None

    with pytest.raises(ValidationError) as caught:
        record_payment(
            do=order,
            by=hw.credit,
            paid_on=timezone.localdate(),
            amount=order.payable,
            method="transfer",
        )
    assert "yang belum dibayar" in " ".join(caught.value.message_dict["amount"])

    record_payment(
        do=order,
        by=hw.credit,
        paid_on=timezone.localdate(),
        amount=order.payable - half,
        method="cash",
        reference="Kwitansi 17",
    )
    order.refresh_from_db()
    assert order.status == DoStatus.PAID
    assert order.paid_at is not None
    assert order.days_waited() == 0
    assert DoPayment.objects.filter(delivery_order=order).count() == 2


def test_payment_on_a_draft_or_in_the_future_is_refused(hw, draft):
    with pytest.raises(ValidationError):
        record_payment(
            do=draft, by=hw.credit, paid_on=timezone.localdate(), amount=D("1"), method="cash"
        )
    order = issue_do(do=draft, by=hw.manager)
    with pytest.raises(ValidationError) as caught:
        record_payment(
            do=order,
            by=hw.credit,
            paid_on=timezone.localdate() + timedelta(days=1),
            amount=D("1"),
            method="cash",
        )
    assert "paid_on" in caught.value.message_dict


def test_issued_do_is_not_edited_but_adjusted_with_who_why_and_before_after(hw, draft):
    order = issue_do(do=draft, by=hw.manager)
    payable = order.payable

    with pytest.raises(ValidationError):
        update_draft(do=order, by=hw.manager, other_deductions=[("Iuran", D("1"))])
    with pytest.raises(ValidationError):
        adjust_do(do=order, by=hw.credit, reason="", other_deductions=[("X", D("1"))])

    adjustment = adjust_do(
        do=order,
        by=hw.credit,
        reason="Group dues agreed at the FTKW forum",
        other_deductions=[("Iuran kelompok", D("25000"))],
    )

    order.refresh_from_db()
    assert order.payable == payable - D("25000")
    assert adjustment.by == hw.credit
    assert adjustment.reason == "Group dues agreed at the FTKW forum"
    assert adjustment.payable_before == payable
    assert adjustment.payable_after == order.payable
    assert adjustment.before["inputs"].get("other_deductions") in (None, [])
    assert adjustment.after["inputs"]["other_deductions"][0]["label"] == "Iuran kelompok"
    assert sum(line.code == "deduction_other" for line in order.lines) == 1


def test_credit_officer_may_not_issue_a_scheme_and_clerk_may_not_settle(hw, draft):
    with pytest.raises(PermissionDenied):
        issue_do(do=draft, by=hw.clerk)


def test_net_is_never_negative_the_rest_is_carried_as_debt(hw):
    load = deliver(hw, net_kg=D("10000"), rendemen=D("7"))
    order = settled(hw, [load], credit_deductions=[("KUR pelunasan", D("50000000"))])

    assert order.net < 0
    assert order.payable == 0
    assert order.carried_debt == -order.net
    order = issue_do(do=order, by=hw.manager)
    assert order.status == DoStatus.PAID  # nothing to pay; the debt is carried


def test_natura_kept_above_the_natura_is_refused_beside_the_field(hw):
    load = deliver(hw, net_kg=D("10000"), rendemen=D("7"))
    with pytest.raises(ValidationError) as caught:
        settled(hw, [load], natura_consumed_kw=D("50"))
    assert "natura_consumed_kw" in caught.value.message_dict
    assert not DeliveryOrder.objects.exists()


def test_deleting_a_draft_frees_its_deliveries(hw, draft):
    loads = list(draft.weighings.all())
    delete_draft(do=draft, by=hw.manager)

    assert settled(hw, loads).delivery_count == 2


def test_do_number_is_unique_per_mill_and_season(hw):
    DeliveryOrderFactory(farmer=hw.farmer, number="DO/X/1")
    with pytest.raises(IntegrityError), transaction.atomic():
        DeliveryOrderFactory(farmer=hw.south_farmer, number="DO/X/1")
    DeliveryOrderFactory(farmer=hw.other_farmer, number="DO/X/1")  # another mill


def test_no_adjustment_when_nothing_changes(hw, draft):
    order = issue_do(do=draft, by=hw.manager)
    with pytest.raises(ValidationError):
        adjust_do(do=order, by=hw.manager, reason="Check")
    assert not DoAdjustment.objects.exists()
