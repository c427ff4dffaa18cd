"""What a season close leaves for later (issue 16): a debit carried from a close is taken back
from the farmer's next DOs, oldest first, before his loans, never more than is owed and never
twice; and a final DO pays back the credit the farmer still owes, like any DO."""

# ruff: noqa: F811 - cw, the credit world fixture imported below, is the helpers' argument too

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from credit.models import Repayment
from credit.services.repayments import deductions_for_do, total_owed
from harvest.models import (
    CarriedDebitRecovery,
    DeliveryOrder,
    DoStatus,
    FinalRendemenBasis,
    SettlementScheme,
)
from harvest.services.carried_debits import outstanding_debits
from harvest.services.delivery_orders import issue_do
from harvest.services.season_close import carry_out, request_commit, request_season_close
from harvest.statement import statement_rows
from tebu_site.formatting import format_rupiah
from tests.credit.conftest import _fast_password_hashing, cw  # noqa: F401
from tests.credit.deliveries import harvest_world
from tests.credit.helpers import paid_kur
from tests.factories import SeasonFactory, SettlementSchemeFactory, farmer_user
from tests.harvest.helpers import deliver, settled
from tests.harvest.test_season_close import djatiroto_payable

pytestmark = pytest.mark.django_db

D = Decimal
SEVEN = D("7.0")


def _closed(world, season, rendemen: Decimal):
    run = carry_out(
        request_season_close(by=world.manager, season=season, final_rendemen_percent=rendemen).pk
    )
    return carry_out(request_commit(by=world.manager, run=run).pk)


def _next_season(hw):
    """The mill's next season, current now, with the same scheme."""
    hw.season.is_current = False
    hw.season.save()
    season = SeasonFactory(mill=hw.mill, name="2026/2027", is_current=True)
    SettlementSchemeFactory(mill=hw.mill, season=season, parameters=dict(hw.scheme.parameters))
    return season


@pytest.fixture
def debit(hw):
    """The north farmer paid at 7.0 on 120 kw, his season closed at 6.5: he owes the mill."""
    hw.scheme.final_rendemen_basis = FinalRendemenBasis.MILL_AVERAGE
    hw.scheme.save()
    load = deliver(hw, net_kg=D("12000"), rendemen=D("7.0"))
    issue_do(do=settled(hw, [load], credit_deductions=()), by=hw.manager)
    run = _closed(hw, hw.season, D("6.5"))
    row = run.farmers.get()
    owed = djatiroto_payable(D(120), D("7.0")) - djatiroto_payable(D(120), D("6.5"))
    assert row.debit_carried == owed > 0
    return row


def owed(hw, season):
    return outstanding_debits([hw.farmer.pk], season).get(hw.farmer.pk, [])


def _next_do(hw, season, *, net_kg, rendemen=SEVEN):
    load = deliver(hw, net_kg=net_kg, rendemen=rendemen)
    hw.season = season
    return settled(hw, [load], credit_deductions=())


def test_the_next_seasons_do_takes_the_debit_back_and_says_why(hw, debit):
    season = _next_season(hw)
    assert [d.outstanding for d in owed(hw, season)] == [debit.debit_carried]

    order = issue_do(do=_next_do(hw, season, net_kg=D("10000")), by=hw.manager)

    proceeds = djatiroto_payable(D(100), D("7.0"))
    assert order.payable == proceeds - debit.debit_carried
    lines = {line.code: line for line in order.lines}
    assert lines["deduction_carried_debit"].amount == debit.debit_carried
    recovery = CarriedDebitRecovery.objects.get()
    assert (recovery.debit, recovery.delivery_order, recovery.amount) == (
        debit,
        order,
        debit.debit_carried,
    )
    assert recovery.history.get().history_user == hw.manager  # who took it back, and when
    assert owed(hw, season) == []  # nothing left to take
    row = next(r for r in statement_rows(order.lines) if r.code == "deduction_carried_debit")
    assert hw.season.name != debit.season.name and debit.season.name in row.title
    assert row.section == "deductions"

    later = issue_do(do=_next_do(hw, season, net_kg=D("10000")), by=hw.manager)
    assert later.payable == proceeds  # taken once only
    assert "carried_debits" not in later.inputs


def test_a_small_do_takes_what_it_can_and_the_rest_waits(hw, debit):
    season = _next_season(hw)
    small = issue_do(do=_next_do(hw, season, net_kg=D("100"), rendemen=D("6.0")), by=hw.manager)
    taken = djatiroto_payable(D(1), D("6.0"))
    assert taken < debit.debit_carried
    assert small.payable == 0 and small.status == DoStatus.PAID
    assert small.line("deduction_carried_debit").amount == taken
    (left,) = owed(hw, season)
    assert left.outstanding == debit.debit_carried - taken

    rest = issue_do(do=_next_do(hw, season, net_kg=D("10000")), by=hw.manager)
    assert rest.line("deduction_carried_debit").amount == left.outstanding
    assert sum(r.amount for r in CarriedDebitRecovery.objects.all()) == debit.debit_carried


def test_two_drafts_planning_the_same_debit_take_it_once(hw, debit):
    season = _next_season(hw)
    first = _next_do(hw, season, net_kg=D("10000"))
    second = _next_do(hw, season, net_kg=D("10000"))
    both = [
        first.inputs["carried_debits"][0]["amount"],
        second.inputs["carried_debits"][0]["amount"],
    ]
    assert [D(a) for a in both] == [debit.debit_carried] * 2  # each draft planned all of it

    issue_do(do=first, by=hw.manager)
    second = issue_do(do=second, by=hw.manager)

    assert second.payable == djatiroto_payable(D(100), D("7.0"))
    assert all(line.code != "deduction_carried_debit" for line in second.lines)
    assert sum(r.amount for r in CarriedDebitRecovery.objects.all()) == debit.debit_carried


def test_the_debit_is_not_taken_in_the_season_it_was_made(hw, debit):
    load = deliver(hw, net_kg=D("10000"), rendemen=D("7.0"))
    order = settled(hw, [load], credit_deductions=())
    assert "carried_debits" not in order.inputs


def test_a_final_do_pays_back_the_credit_still_owed(cw):
    paid_kur(cw)
    world = harvest_world(cw, cw.ratoon_plot)
    SettlementScheme.objects.filter(mill=cw.mill, season=cw.season).update(
        final_rendemen_basis=FinalRendemenBasis.MILL_AVERAGE
    )
    load = deliver(world, net_kg=D("30000"), rendemen=D("7.0"))
    issue_do(do=settled(world, [load], farmer=cw.farmer, credit_deductions=()), by=cw.manager)
    today = timezone.localdate()
    owed_before = total_owed(cw.farmer, today)
    difference = djatiroto_payable(D(300), D("8.0")) - djatiroto_payable(D(300), D("7.0"))
    expected = deductions_for_do(
        farmer=cw.farmer, season=cw.season, available_amount=difference, on_date=today
    )
    credit = sum(amount for _label, amount in expected)
    assert 0 < credit <= difference

    _closed(world, cw.season, D("8.0"))

    final = DeliveryOrder.objects.get(final_settlement=True)
    assert final.total_revenue == difference
    assert (final.total_deductions, final.payable) == (credit, difference - credit)
    assert [
        (line.label, line.amount) for line in final.lines if line.code == "deduction_credit"
    ] == [(label, amount) for label, amount in expected]
    repayment = Repayment.objects.get(delivery_order=final)
    assert repayment.amount == credit
    assert total_owed(cw.farmer, today) == owed_before - credit
    titles = {row.code: row for row in statement_rows(final.lines)}
    assert titles["total_deductions"].value and titles["payable"].value


def test_the_farmer_sees_what_he_still_owes_and_no_one_else_does(hw, debit, client, english):
    season = _next_season(hw)
    client.force_login(farmer_user(hw.farmer))
    page = client.get(reverse("my-dos")).content.decode()
    assert "Still owed from a season close: Rp " in page
    assert f"Season {debit.season.name}: " in page
    assert format_rupiah(debit.debit_carried) in page

    client.force_login(farmer_user(hw.south_farmer))
    assert 'data-testid="carried-debits"' not in client.get(reverse("my-dos")).content.decode()

    issue_do(do=_next_do(hw, season, net_kg=D("10000")), by=hw.manager)
    client.force_login(farmer_user(hw.farmer))
    assert 'data-testid="carried-debits"' not in client.get(reverse("my-dos")).content.decode()
