"""Late-payment compensation, by hand (issue 16): owed × rate × days / 365, stretch by stretch."""

from datetime import date, timedelta
from decimal import Decimal as D

from harvest.calculations.late_payment import late_compensation

DUE = date(2026, 9, 1)


def test_paid_in_two_parts_after_the_due_date():
    # Rp 10,000,000 at 12 % a year: 10 days late on all of it, then 4,000,000 paid, 30 more
    # days on the 6,000,000 left, then paid in full.
    # 10,000,000 × 0.12 × 10/365 = 32,876.712...; 6,000,000 × 0.12 × 30/365 = 59,178.082...
    result = late_compensation(
        payable=D("10000000"),
        due_on=DUE,
        payments=[
            (DUE + timedelta(days=10), D("4000000")),
            (DUE + timedelta(days=40), D("6000000")),
        ],
        annual_rate_percent=D("12"),
        as_of=date(2026, 12, 31),
    )
    assert result.days_late == 40
    assert [(s.days, s.owed) for s in result.stretches] == [(10, D("10000000")), (30, D("6000000"))]
    assert result.amount == D("92054.79")
    assert result.stretches[0].start == date(2026, 9, 2)


def test_unpaid_accrues_to_the_day_counted():
    result = late_compensation(
        payable=D("4482242"),
        due_on=DUE,
        payments=[],
        annual_rate_percent=D("6"),
        as_of=DUE + timedelta(days=63),
    )
    # 4,482,242 × 0.06 × 63 / 365 = 46,419.0...
    assert result.days_late == 63
    assert result.amount == (D("4482242") * D("0.06") * 63 / 365).quantize(D("0.01"))


def test_paid_on_time_or_without_a_rate_costs_nothing():
    on_time = late_compensation(
        payable=D("5000000"),
        due_on=DUE,
        payments=[(DUE, D("5000000"))],
        annual_rate_percent=D("12"),
        as_of=DUE + timedelta(days=90),
    )
    assert on_time.amount == 0 and on_time.days_late == 0
    assert (
        late_compensation(
            payable=D("5000000"), due_on=DUE, payments=[], annual_rate_percent=D("0"), as_of=DUE
        )
        is None
    )


def test_a_payment_before_the_due_date_lowers_what_is_late():
    result = late_compensation(
        payable=D("3000000"),
        due_on=DUE,
        payments=[(DUE - timedelta(days=5), D("1000000"))],
        annual_rate_percent=D("36.5"),
        as_of=DUE + timedelta(days=10),
    )
    # 2,000,000 × 0.365 × 10/365 = 20,000 exactly
    assert result.amount == D("20000.00")


def test_not_yet_due_is_nothing_late():
    result = late_compensation(
        payable=D("3000000"), due_on=DUE, payments=[], annual_rate_percent=D("12"), as_of=DUE
    )
    assert result.days_late == 0 and result.amount == 0
