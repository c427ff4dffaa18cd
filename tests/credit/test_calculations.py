"""The pure credit arithmetic against the reference figures of the issue and domain.md 4."""

from datetime import date, timedelta
from decimal import Decimal

from credit import calculations as calc

D = Decimal


def test_interest_on_a_ratoon_hectare_at_7_percent_for_90_days():
    interest = calc.simple_interest(D("20650000"), D("7"), 90)
    assert calc.money(interest) == D("356424.66")
    # Exact until the edge: no rounding inside.
    assert interest != calc.money(interest)


def test_interest_accrues_on_the_outstanding_principal_between_events():
    start = date(2019, 1, 1)
    events = [
        calc.PrincipalEvent(start, D("20650000")),
        calc.PrincipalEvent(start + timedelta(days=90), D("-10650000")),
    ]
    until = start + timedelta(days=180)
    accrued = calc.accrued_interest(events, D("7"), until)
    expected = calc.simple_interest(D("20650000"), D("7"), 90) + calc.simple_interest(
        D("10000000"), D("7"), 90
    )
    assert accrued == expected


def test_actual_360_basis_charges_more_than_actual_365():
    assert calc.simple_interest(D("1000000"), D("6"), 30, calc.BASIS_ACTUAL_360) == D("5000")


def test_repayment_pays_interest_first_then_principal_oldest_loan_first():
    dues = [
        calc.Due(key="old", interest=D("356424.657"), principal=D("20650000")),
        calc.Due(key="new", interest=D("1000"), principal=D("5000000")),
    ]
    result = calc.allocate(D("1000000"), dues)
    assert [a.key for a in result.allocations] == ["old"]
    assert result.allocations[0].interest == D("356424.66")
    assert result.allocations[0].principal == D("643575.34")

    everything = calc.allocate(D("30000000"), dues)
    assert [(a.key, a.interest, a.principal) for a in everything.allocations] == [
        ("old", D("356424.66"), D("20650000")),
        ("new", D("1000.00"), D("5000000")),
    ]
    assert everything.unallocated == D("30000000") - D("356424.66") - D("20650000") - D("1000") - D(
        "5000000"
    )


def test_semboro_kur_ceiling_for_two_ha_ratoon_and_one_ha_plant_cane():
    rates = {"pc": D("25000000"), "rc": D("20650000")}
    lines = [calc.AreaLine("rc", D("2")), calc.AreaLine("pc", D("1"))]
    result = calc.ceiling(lines, rates, cap_per_farmer=D("500000000"))
    assert result.amount == D("66300000")
    assert result.limited_by == "area"


def test_cap_counts_other_open_loans():
    rates = {"pc": D("25000000"), "rc": D("20650000")}
    lines = [calc.AreaLine("rc", D("2")), calc.AreaLine("pc", D("1"))]
    result = calc.ceiling(
        lines, rates, cap_per_farmer=D("500000000"), other_open_exposure=D("480000000")
    )
    assert (result.amount, result.limited_by) == (D("20000000"), "cap")


def test_pakis_baru_two_hectares_at_most_and_a_limit_growing_with_membership():
    rates = {"pc": D("25000000"), "rc": D("20000000")}
    lines = [calc.AreaLine("rc", D("2")), calc.AreaLine("pc", D("1"))]
    capped = calc.ceiling(lines, rates, max_financed_ha=D("2"))
    # The higher-rate plant cane first, then 1 of the 2 ratoon hectares.
    assert capped.financed_area_ha == D("2")
    assert capped.by_area == D("45000000")
    limit = calc.credit_limit(
        base=D("20000000"),
        step_per_membership_year=D("5000000"),
        membership_years=2,
        step_per_delivered_season=D("1000000"),
        delivered_seasons=3,
    )
    assert limit == D("33000000")
    assert calc.ceiling(lines, rates, max_financed_ha=D("2"), limit=limit).limited_by == "limit"


def test_unfinanced_crop_class_is_reported():
    result = calc.ceiling([calc.AreaLine("pc", D("1"))], {"pc": None, "rc": D("1")})
    assert result.unfinanced_classes == ("pc",)
    assert result.amount == 0


def test_band_lookup_puts_1_2_ha_in_the_1_to_1_5_band():
    bands = [
        calc.Band("small", D("0.5"), D("1")),
        calc.Band("middle", D("1"), D("1.5")),
        calc.Band("large", D("1.5"), D("2")),
    ]
    assert calc.band_for(D("1.2"), bands).key == "middle"
    assert calc.band_for(D("0.5"), bands).key == "small"
    assert calc.band_for(D("1"), bands).key == "small"
    assert calc.band_for(D("2"), bands).key == "large"
    assert calc.band_for(D("2.1"), bands) is None


def test_tranches_scale_down_to_a_smaller_approved_amount_in_whole_rupiah():
    template = [calc.TrancheLine(1, "", D("11650000")), calc.TrancheLine(2, "", D("9000000"))]
    rates = {"rc": D("20650000"), "pc": D("25000000")}
    full = calc.tranche_plan(template, {"rc": D("2")}, D("41300000"), rates).amounts
    assert full == (D("23300000"), D("18000000"))
    scaled = calc.tranche_plan(template, {"rc": D("2")}, D("30000001"), rates).amounts
    assert sum(scaled) == D("30000001")
    assert all(amount == amount.to_integral_value() for amount in scaled)
