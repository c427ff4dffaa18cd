"""PG Pakis Baru's credit rules as pure arithmetic (credit.calculations_limits), each against
numbers worked by hand in the comments."""

from decimal import Decimal

from credit import calculations_limits as rules

D = Decimal

# Two bands a mill might set: a good first harvest gets Rp 12,000,000/ha, a fair one 8,000,000.
GOOD = rules.QualityBand(
    "good",
    D("12000000"),
    min_rendemen_percent=D("7"),
    min_yield_kw_per_ha=D("900"),
    max_rejected_percent=D("5"),
)
FAIR = rules.QualityBand(
    "fair",
    D("8000000"),
    min_rendemen_percent=D("6"),
    min_yield_kw_per_ha=D("700"),
    max_rejected_percent=D("10"),
    max_trash_percent=D("5"),
)


def harvest(**changes):
    values = {
        "season": "2025/2026",
        "cane_kw": D("1320"),  # 1,320 kw from 1.5 ha = 880 kw/ha
        "area_ha": D("1.5"),
        "rendemen_percent": D("6.8"),
        "loads": 20,
        "rejected_loads": 1,  # 5 %
        "trash_percent": D("4"),
    }
    return rules.HarvestQuality(**{**values, **changes})


def test_no_harvest_delivered_without_credit_refuses_the_first_loan():
    decision = rules.first_loan_limit(None, [GOOD, FAIR], area_ha=D("1.5"), max_ha=D("2"))
    assert decision.refused and decision.refusal == rules.NO_UNCREDITED_HARVEST
    assert decision.amount is None


def test_first_loan_takes_the_best_band_the_harvest_meets_times_the_area():
    # 6.8 % < 7 %, so not "good"; 6.8 ≥ 6, 880 ≥ 700, 5 % ≤ 10 %, 4 % ≤ 5 %: "fair".
    # Rp 8,000,000 × 1.5 ha = Rp 12,000,000.
    decision = rules.first_loan_limit(harvest(), [FAIR, GOOD], area_ha=D("1.5"), max_ha=D("2"))
    assert (decision.band, decision.per_ha, decision.amount) == (
        "fair",
        D("8000000"),
        D("12000000"),
    )
    assert [(f.code, f.value, f.passed) for f in decision.factors] == [
        ("rendemen", D("6.8"), True),
        ("yield", D("880"), True),
        ("rejected", D("5"), True),
        ("trash", D("4"), True),
    ]
    assert decision.seasons == ("2025/2026",)


def test_first_loan_finances_two_hectares_at_most():
    # 2.5 ha asked, 2 financed: Rp 12,000,000 × 2 = Rp 24,000,000 (a good harvest: 7.2 %,
    # 1,500 kw from 1.5 ha = 1,000 kw/ha, no load rejected).
    good = harvest(rendemen_percent=D("7.2"), cane_kw=D("1500"), rejected_loads=0)
    decision = rules.first_loan_limit(good, [FAIR, GOOD], area_ha=D("2.5"), max_ha=D("2"))
    assert (decision.band, decision.area_ha, decision.amount) == ("good", D("2"), D("24000000"))


def test_a_harvest_meeting_no_band_is_refused_with_what_fell_short_of_the_lowest():
    # 5.9 % rendemen and 3 of 20 loads rejected (15 %): the fair band asks ≥ 6 % and ≤ 10 %.
    poor = harvest(rendemen_percent=D("5.9"), rejected_loads=3)
    decision = rules.first_loan_limit(poor, [GOOD, FAIR], area_ha=D("1"), max_ha=D("2"))
    assert decision.refusal == rules.NO_BAND and decision.amount is None
    failed = [f.code for f in decision.factors if not f.passed]
    assert failed == ["rendemen", "rejected"]
    assert [f.value for f in decision.factors if f.code == "rejected"] == [D("15")]


def test_an_unmeasured_rendemen_cannot_pass_a_band_that_asks_for_one():
    decision = rules.first_loan_limit(
        harvest(rendemen_percent=None), [FAIR], area_ha=D("1"), max_ha=None
    )
    assert decision.refusal == rules.NO_BAND


WEIGHTS = rules.Weights(D("40"), D("20"), D("20"), D("20"))


def season(**changes):
    values = {
        "season": "2025/2026",
        "contracted_area_ha": D("1.5"),
        "delivered_kw": D("1080"),  # of 1.5 × 800 = 1,200 expected: 90 %
        "sptas_used": 9,
        "sptas_missed": 1,  # 9 of 10: 90 %
        "side_selling_events": 0,
        "loan_principal": D("16000000"),
        "loan_repaid": D("16000000"),
    }
    return rules.SeasonRecord(**{**values, **changes})


def later(records, **changes):
    values = {
        "expected_yield_kw_per_ha": D("800"),
        "full_limit_per_ha": D("14000000"),
        "min_score_percent": D("60"),
        "area_ha": D("1.5"),
        "max_ha": D("2"),
        "step_per_membership_year": D("500000"),
        "membership_years": 3,
    }
    return rules.later_loan_limit(records, WEIGHTS, **{**values, **changes})


def test_later_loan_from_the_weighted_delivery_record():
    # (40 × 0.9 + 20 × 0.9 + 20 × 1 + 20 × 1) / 100 = 0.94.
    # Rp 14,000,000 × 0.94 = Rp 13,160,000/ha × 1.5 ha = Rp 19,740,000; + 3 × Rp 500,000.
    decision = later([season()])
    assert decision.score == D("0.94")
    assert decision.per_ha == D("13160000")
    assert decision.amount == D("21240000")
    assert [(f.code, f.score) for f in decision.factors] == [
        ("delivery", D("0.9")),
        ("on_time", D("0.9")),
        ("no_side_selling", D("1")),
        ("repayment", D("1")),
    ]


def test_side_selling_or_a_default_scores_zero_and_a_low_score_is_refused():
    # Side-selling (0) and a default (0): (36 + 18 + 0 + 0) / 100 = 0.54 < 0.60.
    decision = later([season(side_selling_events=1, in_default=True, loan_repaid=D("4000000"))])
    assert decision.score == D("0.54")
    assert decision.refusal == rules.LOW_SCORE and decision.amount is None


def test_seasons_add_up_and_delivery_is_capped_at_what_was_expected():
    # Delivered 1,300 + 500 = 1,800 kw of (1.5 + 1) × 800 = 2,000 expected: 0.9; a season of
    # 1,300 of 1,200 alone would count 1, not 1.083.
    records = [
        season(season="2024/2025", contracted_area_ha=D("1"), delivered_kw=D("500")),
        season(delivered_kw=D("1300")),
    ]
    decision = later(records)
    assert decision.factors[0].score == D("0.9")
    assert decision.seasons == ("2024/2025", "2025/2026")
    alone = later([season(delivered_kw=D("1300"))])
    assert alone.factors[0].score == 1


def test_a_factor_that_cannot_be_measured_does_not_count():
    # No loan in the season and side-selling not known: (40 × 0.9 + 20 × 0.9) / 60 = 0.9.
    decision = later(
        [season(loan_principal=D("0"), loan_repaid=D("0"), side_selling_events=None)],
        membership_years=0,
    )
    assert decision.score == D("0.9")
    # Rp 14,000,000 × 0.9 × 1.5 = Rp 18,900,000.
    assert decision.amount == D("18900000")
    assert later([], membership_years=0).refusal == rules.NO_RECORD


def test_fertiliser_quota_is_split_60_percent_phonska_and_40_percent_za():
    # 2 ha × 500 kg = 1,000 kg: 600 kg Phonska and 400 kg ZA; 250 + 400 drawn leaves 350 and 0.
    quota = rules.fertiliser_quota(
        area_ha=D("2"),
        kg_per_ha=D("500"),
        drawn_phonska_kg=D("250"),
        drawn_za_kg=D("400"),
    )
    assert (quota.phonska_kg, quota.za_kg, quota.total_kg) == (D("600"), D("400"), D("1000"))
    assert (quota.left_phonska_kg, quota.left_za_kg) == (D("350"), D("0"))
    other = rules.fertiliser_quota(area_ha=D("1.5"), kg_per_ha=D("400"), phonska_percent=D("75"))
    assert (other.phonska_kg, other.za_kg) == (D("450"), D("150"))
