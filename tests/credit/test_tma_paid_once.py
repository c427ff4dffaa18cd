"""Issue 12 point 1, "TMA is charged twice" (domain.md 5, "Never charge TMA twice"): a KUR of
Rp 60,000,000 whose TMA tranche of Rp 26,150,000 was paid to the mill; the mill's crews cut and
hauled 9,000 kw of the farmer's cane (cutting Rp 5,500/kw = Rp 49,500,000, haulage Rp 3,000/kw =
Rp 27,000,000). The DO deducts the cutting and haulage less the Rp 26,150,000 the tranche already
paid the mill, and the loan's instalment (interest and the whole Rp 60,000,000 principal) once;
the statement names the tranche, and the farmer's ledger shows the same figures."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from credit import calculations as calc
from credit.models import ApplicationStatus, Payee, Repayment, TrancheUse
from credit.selectors import ledger_for, loan_position
from credit.services import disbursements, workflow
from harvest.services.delivery_orders import issue_do
from harvest.services.settlement import settle_do
from harvest.statement import statement_rows
from tests.credit.deliveries import delivered
from tests.credit.helpers import kur_application, to_verified

pytestmark = pytest.mark.django_db

D = Decimal
TRANCHE = D("26150000")
CUTTING = D("49500000")
HAULAGE = D("27000000")


@pytest.fixture
def loan(cw):
    """The KUR of issue 12: Rp 60,000,000 approved; garap Rp 33,850,000 paid to the farmer and
    the TMA tranche Rp 26,150,000 paid to the mill."""
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
    disbursements.record_tranche_paid(
        disbursement=tma,
        by=cw.credit,
        paid_on=timezone.localdate() - timedelta(days=30),
        amount=TRANCHE,
    )
    application.refresh_from_db()
    return application


def cut_by_the_mill(cw, loads: int):
    """``loads`` truckloads of 300 kw (30,000 kg) cut and hauled by the mill's crews."""
    return [
        delivered(cw, cw.ratoon_plot, net_kg=D("30000"), rendemen=D("8.00"), tma_by_mill=True)
        for _ in range(loads)
    ]


def lines_of(do) -> dict[str, list]:
    lines: dict[str, list] = {}
    for line in do.lines:
        lines.setdefault(line.code, []).append(line)
    return lines


def test_the_do_charges_tma_above_the_tranche_and_the_instalment_once(cw, loan, english):
    do = settle_do(
        by=cw.manager, farmer=cw.farmer, season=cw.season, weighings=cut_by_the_mill(cw, 30)
    )
    lines = lines_of(do)
    assert do.cane_kw == D("9000")
    assert lines["deduction_cutting"][0].amount == CUTTING
    assert lines["deduction_haulage"][0].amount == HAULAGE
    (paid,) = lines["deduction_tma_paid"]
    assert paid.amount == -TRANCHE
    assert loan.number in paid.label and "tranche 2" in paid.label
    assert lines["tma_left"][0].amount == 0
    assert lines["tma_charged"][0].amount == CUTTING + HAULAGE - TRANCHE == D("50350000")

    # The instalment once: interest to date and the whole principal, in which the tranche is.
    today = timezone.localdate()
    position = loan_position(loan, today)
    credit = [(entry["label"], D(entry["amount"])) for entry in do.inputs["credit_deductions"]]
    assert [amount for _label, amount in credit] == [
        calc.money(position.interest_due),
        D("60000000"),
    ]
    sacks = lines["deduction_sacks"][0].amount
    instalment = calc.money(position.interest_due) + D("60000000")
    assert do.total_deductions == calc.money(sacks + CUTTING + HAULAGE - TRANCHE + instalment)
    assert do.payable == do.total_revenue - do.total_deductions > 0

    # The statement says it line by line, naming the tranche.
    rows = {row.code: row for row in statement_rows(do.lines)}
    assert rows["deduction_tma_paid"].value == "-Rp 26.150.000"
    assert loan.number in rows["deduction_tma_paid"].title
    assert "Rp 26.150.000" in rows["deduction_tma_paid"].formula
    assert rows["tma_left"].value == "Rp 0"
    assert rows["tma_charged"].value == "Rp 50.350.000"
    assert "Rp 76.500.000" in rows["tma_charged"].formula

    issued = issue_do(do=do, by=cw.manager)

    tma = loan.disbursements.get(payee=Payee.MILL)
    (use,) = tma.uses.all()
    assert (use.delivery_order, use.amount, use.recorded_by) == (issued, TRANCHE, cw.manager)
    assert tma.left == 0 and tma.used_by_delivery_order == issued
    repayment = Repayment.objects.get(delivery_order=issued)
    (allocation,) = repayment.allocations.all()
    assert (allocation.interest, allocation.principal) == (credit[0][1], D("60000000"))

    # The farmer's ledger: the same figures.
    ledger = ledger_for(cw.farmer_login, cw.farmer)
    (entry,) = ledger.loans
    garap, tma_entry = entry.tranches
    assert (tma_entry.state, tma_entry.disbursement.amount, tma_entry.left) == ("used", TRANCHE, 0)
    (line,) = tma_entry.uses
    assert (line.delivery_order, line.amount) == (issued, TRANCHE)
    assert (line.charges, line.charged_on_do) == (CUTTING + HAULAGE, D("50350000"))
    assert entry.withheld == 0
    assert entry.principal_repaid == D("60000000")
    assert entry.outstanding == 0
    loan.refresh_from_db()
    assert loan.status == ApplicationStatus.REPAID


def test_two_dos_in_a_row_use_the_tranche_up_exactly_once(cw, loan):
    # 3,000 kw: cutting and haulage Rp 25,500,000, all paid from the tranche; Rp 650,000 left.
    first = issue_do(
        do=settle_do(
            by=cw.manager, farmer=cw.farmer, season=cw.season, weighings=cut_by_the_mill(cw, 10)
        ),
        by=cw.manager,
    )
    lines = lines_of(first)
    assert lines["deduction_tma_paid"][0].amount == D("-25500000")
    assert lines["tma_left"][0].amount == D("650000")
    assert lines["tma_charged"][0].amount == 0

    # The next 3,000 kw: only the Rp 650,000 left pays; the DO charges the other Rp 24,850,000.
    second = issue_do(
        do=settle_do(
            by=cw.manager, farmer=cw.farmer, season=cw.season, weighings=cut_by_the_mill(cw, 10)
        ),
        by=cw.manager,
    )
    lines = lines_of(second)
    assert lines["deduction_tma_paid"][0].amount == D("-650000")
    assert lines["tma_left"][0].amount == 0
    assert lines["tma_charged"][0].amount == D("24850000")

    # A third finds nothing left: it charges the fees in full and names no tranche.
    third = issue_do(
        do=settle_do(
            by=cw.manager, farmer=cw.farmer, season=cw.season, weighings=cut_by_the_mill(cw, 1)
        ),
        by=cw.manager,
    )
    assert "deduction_tma_paid" not in lines_of(third)
    assert lines_of(third)["deduction_cutting"][0].amount == D("1650000")

    tma = loan.disbursements.get(payee=Payee.MILL)
    uses = [(u.delivery_order, u.amount) for u in tma.uses.order_by("id")]
    assert uses == [(first, D("25500000")), (second, D("650000"))]
    assert sum(amount for _do, amount in uses) == TRANCHE
    assert tma.left == 0 and tma.used_by_delivery_order == second
    ledger = ledger_for(cw.farmer_login, cw.farmer)
    tma_entry = ledger.loans[0].tranches[1]
    assert [(u.delivery_order, u.amount) for u in tma_entry.uses] == uses
    assert tma_entry.left == 0


def test_two_drafts_settled_at_once_share_the_tranche_when_issued(cw, loan):
    """Both drafts see the whole tranche; issuing settles each again, so the second takes only
    what the first left and the tranche is never used twice."""
    first = settle_do(
        by=cw.manager, farmer=cw.farmer, season=cw.season, weighings=cut_by_the_mill(cw, 10)
    )
    second = settle_do(
        by=cw.manager, farmer=cw.farmer, season=cw.season, weighings=cut_by_the_mill(cw, 10)
    )
    assert lines_of(second)["deduction_tma_paid"][0].amount == D("-25500000")

    issue_do(do=first, by=cw.manager)
    second = issue_do(do=second, by=cw.manager)

    assert lines_of(second)["deduction_tma_paid"][0].amount == D("-650000")
    total = sum(use.amount for use in TrancheUse.objects.all())
    assert total == TRANCHE


def test_a_use_beyond_what_the_tranche_holds_is_refused(cw, loan):
    """The record itself guards the tranche: a DO whose settlement claims more than is left
    (a stale computation) cannot be recorded, and nothing is written."""
    from django.core.exceptions import ValidationError

    from credit.services.tma import record_tma_uses

    first = issue_do(
        do=settle_do(
            by=cw.manager, farmer=cw.farmer, season=cw.season, weighings=cut_by_the_mill(cw, 10)
        ),
        by=cw.manager,
    )
    second = issue_do(
        do=settle_do(
            by=cw.manager, farmer=cw.farmer, season=cw.season, weighings=cut_by_the_mill(cw, 10)
        ),
        by=cw.manager,
    )
    second.computation["tma_uses"][0]["applied"] = "25500000"
    with pytest.raises(ValidationError) as refused:
        record_tma_uses(delivery_order=second, by=cw.manager)
    assert "Rp 650.000,00" in refused.value.messages[0]
    assert TrancheUse.objects.get(delivery_order=second).amount == D("650000")
    assert TrancheUse.objects.get(delivery_order=first).amount == D("25500000")


def test_a_farmer_who_cut_their_own_cane_keeps_the_tranche(cw, loan):
    loads = [delivered(cw, cw.ratoon_plot, net_kg=D("30000"), rendemen=D("8.00"))]
    issued = issue_do(
        do=settle_do(by=cw.manager, farmer=cw.farmer, season=cw.season, weighings=loads),
        by=cw.manager,
    )
    assert "tma_credits" not in issued.inputs
    assert not TrancheUse.objects.exists()
    assert loan.disbursements.get(payee=Payee.MILL).state == "withheld"
