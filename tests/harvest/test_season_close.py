"""The season close (issue 16): three farmers paid on a provisional rendemen of 7.0 are settled
again at the final 7.4; each gets a final DO equal to the hand computation below (the PG Djatiroto
scheme written out, not the code under test), after a preview that writes no DO; committing
again changes nothing."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from harvest.models import (
    DeliveryOrder,
    DoStatus,
    FinalRendemenBasis,
    SeasonClose,
    SeasonCloseFarmer,
    SeasonCloseStatus,
)
from harvest.services import season_close_chunk, season_close_writes
from harvest.services.delivery_orders import issue_do
from harvest.services.season_close import carry_out, request_commit, request_season_close
from harvest.statement import statement_rows
from partners.models import RegistrationStatus
from tebu_site.fields import validate_stored_numbers
from tests.factories import FarmerFactory, PlotFactory
from tests.harvest.helpers import deliver, settled

pytestmark = pytest.mark.django_db

D = Decimal
CENT = D("0.01")
BRIDGING = D("910000")  # the scheme's bridging price, Rp/kw


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def djatiroto_payable(cane_kw: Decimal, rendemen: Decimal, bridging=BRIDGING) -> Decimal:
    """domain.md 5, PG Djatiroto: 66 % of the first 6 points, 70 % × 1.003 above; 90 % auctioned
    at the bridging price plus Rp 138,000/kw profit sharing, 10 % natura sold at Rp 1,105,000/kw,
    molasses 3 kg/kw at Rp 1,200; sacks Rp 7,500/kw auctioned. Proceeds and deductions are each
    rounded to the cent, the payable is their difference."""
    sugar = (
        cane_kw
        * (D("0.66") * min(rendemen, D(6)) + D("0.70") * D("1.003") * max(rendemen - 6, D(0)))
        / 100
    )
    auctioned, natura = sugar * D("0.9"), sugar * D("0.1")
    proceeds = auctioned * bridging + auctioned * D("138000") + natura * D("1105000")
    proceeds += cane_kw * 3 * D("1200")
    return cents(proceeds) - cents(auctioned * D("7500"))


@pytest.fixture
def three(hw):
    """Three farmers of the mill, each with one DO issued at the provisional rendemen 7.0."""
    third = FarmerFactory(region=hw.north, name="Wagiman")
    third_plot = PlotFactory(
        farmer=third, code="U-002", registration_status=RegistrationStatus.CONTRACTED
    )
    hw.scheme.final_rendemen_basis = FinalRendemenBasis.MILL_AVERAGE
    hw.scheme.save()
    cane = {}
    for farmer, plot, net_kg in (
        (hw.farmer, hw.plot, D("12000")),
        (hw.south_farmer, hw.south_plot, D("9000")),
        (third, third_plot, D("15550")),
    ):
        load = deliver(hw, net_kg=net_kg, rendemen=D("7.0"), plot=plot)
        issue_do(do=settled(hw, [load], farmer=farmer, credit_deductions=()), by=hw.manager)
        cane[farmer.pk] = net_kg / 100
    return cane


def close(hw, **figures) -> SeasonClose:
    """Ask for the close and run the worker's preview (the on_commit hook is the test's)."""
    run = request_season_close(by=hw.manager, season=hw.season, **figures)
    return carry_out(run.pk)


def commit(hw, run) -> SeasonClose:
    return carry_out(request_commit(by=hw.manager, run=run).pk)


def test_final_dos_equal_the_hand_computation_after_a_preview(hw, three):
    provisional = {pk: djatiroto_payable(cane, D("7.0")) for pk, cane in three.items()}
    assert {o.farmer_id: o.payable for o in DeliveryOrder.objects.all()} == provisional

    run = close(hw, final_rendemen_percent=D("7.4"))

    assert run.status == SeasonCloseStatus.PREVIEWED
    assert DeliveryOrder.objects.filter(final_settlement=True).count() == 0  # preview only
    expected = {
        pk: djatiroto_payable(cane, D("7.4")) - provisional[pk] for pk, cane in three.items()
    }
    # Worked out on paper for 120 kw (12,000 kg): paid Rp 6,289,182.71 at 7.0, due
    # Rp 6,642,013.24 at 7.4; likewise 90 kw and 155.5 kw.
    assert sorted(expected.values()) == [D("264622.90"), D("352830.53"), D("457209.56")]
    rows = {row.farmer_id: row for row in run.farmers.all()}
    assert {pk: row.difference for pk, row in rows.items()} == expected
    assert run.final_dos_total == sum(expected.values()) and run.debits_total == 0
    assert run.paid_total == sum(provisional.values())
    assert (run.farmers_total, run.orders_count, run.mill_average_percent) == (3, 3, D("7.4"))

    run = commit(hw, run)

    finals = {o.farmer_id: o for o in DeliveryOrder.objects.filter(final_settlement=True)}
    assert {pk: o.payable for pk, o in finals.items()} == expected
    assert all(
        o.status == DoStatus.ISSUED and o.issued_at and o.net == o.payable for o in finals.values()
    )
    assert run.status == SeasonCloseStatus.DONE and (run.farmers_done, run.farmers_failed) == (3, 0)
    # Every line explained: the DO's own difference is on its final DO, worded for the farmer.
    order = finals[hw.farmer.pk]
    lines = {line.code: line for line in order.lines}
    assert lines["season_close_difference"].amount == expected[hw.farmer.pk]
    assert lines["season_close_due"].rate == D("7.4") and lines["season_close_paid"].rate == D("7")
    paid_on = DeliveryOrder.objects.get(farmer=hw.farmer, final_settlement=False)
    titles = [row.title for row in statement_rows(order.lines)]
    assert sum(paid_on.number in title for title in titles) == 3  # due, paid, difference

    with pytest.raises(ValidationError):
        request_commit(by=hw.manager, run=run)  # nothing left to commit
    again = close(hw, final_rendemen_percent=D("7.4"))
    assert again.farmers_total == 0  # every farmer's season is closed already
    commit_again = carry_out(run.pk)  # a redelivered task
    assert commit_again.status == SeasonCloseStatus.DONE
    assert DeliveryOrder.objects.filter(final_settlement=True).count() == 3


def test_the_farmer_basis_and_final_prices_settle_each_do_again(hw):
    hw.scheme.final_rendemen_basis = FinalRendemenBasis.FARMER
    hw.scheme.save()
    first = deliver(hw, net_kg=D("10000"), rendemen=D("6.0"))
    issue_do(do=settled(hw, [first], credit_deductions=()), by=hw.manager)
    second = deliver(hw, net_kg=D("10000"), rendemen=D("8.0"))
    issue_do(do=settled(hw, [second], credit_deductions=()), by=hw.manager)

    run = commit(hw, close(hw, final_sugar_price_per_kw=D("1000000")))

    # His season: 100 kw at 6.0 and 100 kw at 8.0 -> 7.0 for both DOs, at the final price.
    paid = djatiroto_payable(D(100), D("6.0")) + djatiroto_payable(D(100), D("8.0"))
    due = 2 * djatiroto_payable(D(100), D("7.0"), bridging=D("1000000"))
    final = DeliveryOrder.objects.get(final_settlement=True)
    assert final.payable == due - paid and final.rendemen_percent == D("7")
    assert run.farmers.get().final_rendemen_percent == D("7")


def test_a_lower_final_rendemen_carries_a_debit_and_makes_no_do(hw, three):
    run = commit(hw, close(hw, final_rendemen_percent=D("6.5")))
    assert not DeliveryOrder.objects.filter(final_settlement=True).exists()
    for row in run.farmers.all():
        cane = three[row.farmer_id]
        owed = djatiroto_payable(cane, D("7.0")) - djatiroto_payable(cane, D("6.5"))
        assert row.committed and row.debit_carried == owed and row.difference == -owed
    assert run.debits_total == sum(row.debit_carried for row in run.farmers.all())


def _refuse(row):
    raise ValidationError("Rekening bank petani belum ada.")


def _break_in_the_database(row):
    # A write the database refuses (a negative amount) after the final DO was written.
    SeasonCloseFarmer.objects.filter(pk=row.pk).update(paid=D(-1))


@pytest.mark.parametrize("failure", [_refuse, _break_in_the_database])
def test_one_farmers_failure_does_not_stop_the_others_and_is_resumed(
    hw, three, monkeypatch, failure
):
    run = close(hw, final_rendemen_percent=D("7.4"))
    real = season_close_writes._build_final_do

    def broken(*, row, **rest):
        if row.farmer_id == hw.south_farmer.pk:
            failure(row)
        return real(row=row, **rest)

    # The chunk's bulk path and the farmer-by-farmer path both build the final DO.
    monkeypatch.setattr(season_close_chunk, "_build_final_do", broken)
    monkeypatch.setattr(season_close_writes, "_build_final_do", broken)
    run = commit(hw, run)
    assert (run.farmers_done, run.farmers_failed) == (2, 1)
    failed = run.farmers.get(farmer=hw.south_farmer)
    assert not failed.committed and failed.error and failed.paid > 0
    if failure is _refuse:
        assert failed.error == "Rekening bank petani belum ada."
    assert not DeliveryOrder.objects.filter(final_settlement=True, farmer=hw.south_farmer).exists()

    monkeypatch.setattr(season_close_chunk, "_build_final_do", real)
    monkeypatch.setattr(season_close_writes, "_build_final_do", real)
    run = commit(hw, run)  # resumed: only the farmer left is committed
    assert (run.farmers_done, run.farmers_failed) == (3, 0)
    assert DeliveryOrder.objects.filter(final_settlement=True).count() == 3
    # The failed attempt took no DO number: the series has no gap.
    serials = sorted(
        int(number.rsplit("/", 1)[1])
        for number in DeliveryOrder.objects.values_list("number", flat=True)
    )
    assert serials == list(range(1, 7))


def test_a_do_changed_after_the_preview_is_not_committed_on_old_figures(hw, three):
    run = close(hw, final_rendemen_percent=D("7.4"))
    DeliveryOrder.objects.filter(farmer=hw.farmer).update(payable=D("1"))
    run = commit(hw, run)
    row = run.farmers.get(farmer=hw.farmer)
    assert not row.committed
    assert row.error == _(
        "This farmer's DOs changed since the preview; close the season again for him."
    )
    assert run.farmers_done == 2


def test_a_scheme_without_season_close_is_refused_clearly(hw):
    with pytest.raises(ValidationError) as refused:
        request_season_close(by=hw.manager, season=hw.season)
    assert "2025/2026" in " ".join(refused.value.messages)  # names the season it cannot close
    assert not SeasonClose.objects.exists() and not SeasonCloseFarmer.objects.exists()


def test_the_final_do_is_due_like_any_do(hw, three):
    run = commit(hw, close(hw, final_rendemen_percent=D("7.4")))
    order = run.farmers.get(farmer=hw.farmer).delivery_order
    assert order.expected_payment_on > timezone.localdate()
    # Made, not changed: no history row, its maker on the row (tebu_site.history).
    assert order.history.count() == 0 and order.created_by == hw.manager
    assert order.cane_kw == 0


def test_two_runs_previewed_together_close_a_farmer_once(hw, three):
    first = close(hw, final_rendemen_percent=D("7.4"))
    second = close(hw, final_rendemen_percent=D("7.5"))
    commit(hw, first)
    second = commit(hw, second)
    assert second.farmers_done == 0 and second.farmers_failed == 3
    assert second.farmers.first().error == _(
        "This farmer's season is already closed by another run."
    )
    assert DeliveryOrder.objects.filter(final_settlement=True).count() == 3


def test_a_mills_season_totals_may_exceed_one_dos_ceiling(hw):
    # A mill of 5,000 farmers is paid about Rp 800 billion: above a DO's plausible amount.
    run = SeasonClose(mill=hw.mill, season=hw.season, paid_total=D("805673921840.00"))
    validate_stored_numbers(run)
    with pytest.raises(ValidationError):
        validate_stored_numbers(SeasonClose(mill=hw.mill, season=hw.season, due_total=D(-1)))
