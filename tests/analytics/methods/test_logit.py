"""Binary logistic regression (domain.md section 8).

The SPSS-only figures are recomputed here from their textbook formulas with numpy/scipy, and the
Hosmer-Lemeshow grouping is checked against walks of the rule done by hand, so a wrong formula or a
wrong grouping in analytics.methods.logit fails these tests.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats

from analytics.methods.errors import AnalysisInputError
from analytics.methods.logit import (
    classification_table,
    hosmer_lemeshow_groups,
    logistic_regression,
)

PREDICTORS = ["experience_years", "education_years", "income_rp_million_ha", "household_size"]
TRUE_B = np.array([0.06, 0.15, 0.08, -0.25])
TRUE_CONSTANT = -2.0


def _simulated_farmers(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "experience_years": rng.uniform(1.0, 35.0, n),
            "education_years": rng.integers(0, 17, n).astype(float),
            "income_rp_million_ha": rng.gamma(4.0, 4.0, n),
            "household_size": rng.integers(1, 9, n).astype(float),
        }
    )
    eta = TRUE_CONSTANT + frame[PREDICTORS].to_numpy() @ TRUE_B
    joined = rng.random(n) < 1.0 / (1.0 + np.exp(-eta))
    frame["partner"] = np.where(joined, "Ya", "Tidak")
    return frame


@pytest.fixture(scope="module")
def farmers() -> pd.DataFrame:
    return _simulated_farmers(2000, seed=20240611)


@pytest.fixture(scope="module")
def fitted(farmers):
    return logistic_regression(
        farmers, outcome="partner", event="Ya", predictors=PREDICTORS, ci_level=0.90
    )


@pytest.fixture(scope="module")
def reference(farmers):
    """statsmodels' Logit called directly, constant last as in the result."""
    y = (farmers["partner"] == "Ya").to_numpy(dtype=float)
    x = np.column_stack((farmers[PREDICTORS].to_numpy(), np.ones(len(farmers))))
    fit = sm.Logit(y, x).fit(disp=0)
    return y, x, fit


# ------------------------------------------------------------------------------------------------
# Coefficients
# ------------------------------------------------------------------------------------------------


def test_b_and_se_match_statsmodels_logit(fitted, reference):
    _, _, fit = reference
    assert [c.name for c in fitted.coefficients] == [*PREDICTORS, "constant"]
    b = np.array([c.b for c in fitted.coefficients])
    se = np.array([c.se for c in fitted.coefficients])
    np.testing.assert_allclose(b, fit.params, rtol=1e-7, atol=1e-10)
    np.testing.assert_allclose(se, fit.bse, rtol=1e-7, atol=1e-10)


def test_b_recovers_the_true_coefficients_within_four_standard_errors(fitted):
    # Each estimate is approximately normal around the truth with sd = S.E.; |z| < 4 fails with
    # probability about 6e-5 per coefficient, and the seed is fixed, so this is not flaky.
    truth = [*TRUE_B, TRUE_CONSTANT]
    for coefficient, true_b in zip(fitted.coefficients, truth, strict=True):
        assert abs(coefficient.b - true_b) < 4 * coefficient.se, coefficient.name
    # The simulated effects are large enough to be detected with n = 2000.
    assert all(c.sig < 0.001 for c in fitted.coefficients[:-1])


def test_wald_sig_exp_b_and_its_90_percent_ci(fitted, reference):
    _, _, fit = reference
    z90 = 1.6448536269514722  # standard normal 95th percentile
    for j, coefficient in enumerate(fitted.coefficients):
        b, se = fit.params[j], fit.bse[j]
        wald = (b / se) ** 2
        assert coefficient.df == 1
        assert coefficient.wald == pytest.approx(wald, rel=1e-7)
        assert coefficient.sig == pytest.approx(stats.chi2.sf(wald, 1), rel=1e-6, abs=1e-300)
        assert coefficient.exp_b == pytest.approx(math.exp(b), rel=1e-9)
        assert coefficient.ci_lower == pytest.approx(math.exp(b - z90 * se), rel=1e-7)
        assert coefficient.ci_upper == pytest.approx(math.exp(b + z90 * se), rel=1e-7)
        assert coefficient.ci_lower < coefficient.exp_b < coefficient.ci_upper


def test_ci_level_changes_the_interval(farmers, fitted):
    wide = logistic_regression(
        farmers, outcome="partner", event="Ya", predictors=PREDICTORS, ci_level=0.99
    )
    z99 = 2.5758293035489004
    c = wide.coefficients[0]
    assert c.ci_lower == pytest.approx(math.exp(c.b - z99 * c.se), rel=1e-7)
    assert c.ci_lower < fitted.coefficients[0].ci_lower


# ------------------------------------------------------------------------------------------------
# Model summary figures SPSS prints
# ------------------------------------------------------------------------------------------------


def test_minus2ll_null_and_fitted_from_the_likelihood_formula(fitted, reference):
    y, x, _ = reference
    n = y.size
    b = np.array([c.b for c in fitted.coefficients])
    p = 1.0 / (1.0 + np.exp(-(x @ b)))
    minus2ll = -2.0 * np.sum(y * np.log(p) + (1 - y) * np.log(1 - p))
    p0 = y.mean()
    minus2ll_null = -2.0 * n * (p0 * math.log(p0) + (1 - p0) * math.log(1 - p0))
    assert fitted.n == n == 2000
    assert fitted.minus2ll == pytest.approx(minus2ll, rel=1e-9)
    assert fitted.minus2ll_null == pytest.approx(minus2ll_null, rel=1e-12)
    # The closed form agrees with an intercept-only fit.
    null_fit = sm.Logit(y, np.ones((n, 1))).fit(disp=0)
    assert fitted.minus2ll_null == pytest.approx(-2.0 * null_fit.llf, rel=1e-9)


def test_omnibus_cox_snell_and_nagelkerke(fitted, reference):
    y, _, fit = reference
    n = y.size
    m2_null = -2.0 * sm.Logit(y, np.ones((n, 1))).fit(disp=0).llf
    m2_model = -2.0 * fit.llf
    chi2 = m2_null - m2_model
    assert fitted.omnibus["chi2"] == pytest.approx(chi2, rel=1e-7)
    assert fitted.omnibus["df"] == 4
    assert fitted.omnibus["sig"] == pytest.approx(stats.chi2.sf(chi2, 4), rel=1e-5, abs=1e-300)
    cox_snell = 1.0 - math.exp(-chi2 / n)
    nagelkerke = cox_snell / (1.0 - math.exp(-m2_null / n))
    assert fitted.cox_snell_r2 == pytest.approx(cox_snell, rel=1e-7)
    assert fitted.nagelkerke_r2 == pytest.approx(nagelkerke, rel=1e-7)
    assert 0 < fitted.cox_snell_r2 < fitted.nagelkerke_r2 < 1


def test_hosmer_lemeshow_of_the_simulation_is_ten_groups_of_200(fitted, reference):
    # Continuous predictors make every probability distinct, so M = floor(200.5) = 200 and the rule
    # gives ten consecutive groups of 200 in sorted order; compute chi2 by hand from those chunks.
    y, _, fit = reference
    p = fit.predict()
    order = np.argsort(p)
    chi2 = 0.0
    expected_groups = []
    for chunk in np.split(order, 10):
        o1, e1 = y[chunk].sum(), p[chunk].sum()
        o0, e0 = 200 - o1, (1 - p[chunk]).sum()
        chi2 += (o1 - e1) ** 2 / e1 + (o0 - e0) ** 2 / e0
        expected_groups.append((200, o0, e0, o1, e1))
    hl = fitted.hosmer_lemeshow
    assert hl.df == 8
    assert hl.chi2 == pytest.approx(chi2, rel=1e-6)
    assert hl.sig == pytest.approx(stats.chi2.sf(chi2, 8), rel=1e-5)
    assert len(hl.groups) == 10
    for group, (n_g, o0, e0, o1, e1) in zip(hl.groups, expected_groups, strict=True):
        assert group.n == n_g
        assert (group.observed_0, group.observed_1) == (o0, o1)
        assert group.expected_0 == pytest.approx(e0, rel=1e-6)
        assert group.expected_1 == pytest.approx(e1, rel=1e-6)


def test_classification_of_the_simulation_uses_cut_half(fitted, reference):
    y, _, fit = reference
    predicted = fit.predict() > 0.5
    table = [
        [int(np.sum((y == 0) & ~predicted)), int(np.sum((y == 0) & predicted))],
        [int(np.sum((y == 1) & ~predicted)), int(np.sum((y == 1) & predicted))],
    ]
    assert fitted.classification.cut == 0.5
    assert fitted.classification.table == table
    assert sum(map(sum, fitted.classification.table)) == 2000


# ------------------------------------------------------------------------------------------------
# Hosmer-Lemeshow grouping rule, alone
# ------------------------------------------------------------------------------------------------


def _sizes(groups):
    return [int(g.size) for g in groups]


def _assert_partition_in_order(groups, p):
    everything = np.concatenate(groups)
    assert sorted(everything.tolist()) == list(range(len(p)))
    for earlier, later in zip(groups, groups[1:], strict=False):
        assert p[earlier].max() < p[later].min()


def test_46_cases_without_ties_give_eight_groups_of_5_and_one_of_6():
    # domain.md: M = floor(4.6 + 0.5) = 5; 9 x 5 + 1; the last group of 1 < floor(2.3) = 2 merges.
    p = np.random.default_rng(7).permutation(np.linspace(0.02, 0.97, 46))
    groups = hosmer_lemeshow_groups(p)
    assert _sizes(groups) == [5] * 8 + [6]
    _assert_partition_in_order(groups, p)
    # The merged last group holds the six largest probabilities.
    assert set(groups[-1].tolist()) == set(np.argsort(p)[-6:].tolist())


def test_small_last_group_is_merged_into_the_one_before():
    # n = 41: M = floor(4.6) = 4; ten groups of 4 and one case left; 1 < floor(2.05) = 2 -> merged.
    p = np.linspace(0.1, 0.9, 41)
    assert _sizes(hosmer_lemeshow_groups(p)) == [4] * 9 + [5]


def test_last_group_big_enough_is_kept():
    # n = 43: M = floor(4.8) = 4; ten groups of 4 and three left; 3 >= floor(2.15) = 2 -> kept.
    p = np.linspace(0.1, 0.9, 43)
    assert _sizes(hosmer_lemeshow_groups(p)) == [4] * 10 + [3]


def test_tied_blocks_are_never_split_and_follow_the_walk():
    # n = 30: M = floor(3.5) = 3, merge threshold floor(1.5) = 1. Block sizes in sorted order:
    #   2 -> new group, c = 2
    #   4 -> c < 3 but 2 + floor(2) = 4 > 3 -> new group, c = 4
    #   1 -> c = 4 is not < 3 -> new group, c = 1
    #   1 -> 1 < 3 and 1 + 0 <= 3 -> joins, c = 2
    #   3 -> 2 < 3 and 2 + 1 <= 3 -> joins, c = 5
    #   6 -> new group, c = 6
    #   1 -> new group, c = 1
    #   2 -> 1 < 3 and 1 + 1 <= 3 -> joins, c = 3
    #   10 -> 3 is not < 3 -> new group, c = 10 (>= 1, no merge)
    block_sizes = [2, 4, 1, 1, 3, 6, 1, 2, 10]
    expected = [2, 4, 5, 6, 3, 10]
    values = []
    for j, size in enumerate(block_sizes):
        base = 0.05 + 0.1 * j
        # Equal probabilities that differ only in the last bits, as floating point produces them.
        values += [base * (1 + k * 1e-15) for k in range(size)]
    rng = np.random.default_rng(3)
    order = rng.permutation(len(values))
    p = np.array(values)[order]
    groups = hosmer_lemeshow_groups(p)
    assert _sizes(groups) == expected
    _assert_partition_in_order(groups, p)
    block_of = np.repeat(np.arange(len(block_sizes)), block_sizes)[order]
    seen = [set(block_of[g].tolist()) for g in groups]
    for a in range(len(seen)):
        for b in range(a + 1, len(seen)):
            assert not seen[a] & seen[b], "a block was split between groups"


def test_tie_tolerance_is_tight():
    # With n = 2, M = 0, so every block is its own group: the group count is the block count.
    assert len(hosmer_lemeshow_groups(np.array([0.5, 0.5 * (1 + 1e-15)]))) == 1
    assert len(hosmer_lemeshow_groups(np.array([0.5, 0.5 + 1e-9]))) == 2


def test_tied_probabilities_from_a_fitted_model_follow_the_walk():
    # x has levels 0..5 with 3, 4, 2, 7, 1, 3 cases (n = 20): one probability per level.
    # M = floor(2.5) = 2, merge threshold floor(1.0) = 1. Walk (b > 0, so sorted by level):
    #   3 -> new; 4 -> c = 3 not < 2, new; 2 -> new; 7 -> c = 2 not < 2, new;
    #   1 -> new, c = 1; 3 -> 1 < 2 and 1 + 1 <= 2, joins -> c = 4. Sizes 3, 4, 2, 7, 4.
    counts = [3, 4, 2, 7, 1, 3]
    events = [1, 1, 1, 4, 1, 2]
    x, y = [], []
    for level, (count, n_events) in enumerate(zip(counts, events, strict=True)):
        x += [level] * count
        y += [1] * n_events + [0] * (count - n_events)
    frame = pd.DataFrame({"x": x, "y": y})
    result = logistic_regression(frame, outcome="y", event=1, predictors=["x"])

    fit = sm.Logit(np.array(y, float), np.column_stack((x, np.ones(20)))).fit(disp=0)
    assert fit.params[0] > 0
    level_p = fit.params[1] + fit.params[0] * np.arange(6)
    level_p = 1 / (1 + np.exp(-level_p))

    hl = result.hosmer_lemeshow
    assert [g.n for g in hl.groups] == [3, 4, 2, 7, 4]
    assert [g.observed_1 for g in hl.groups] == [1, 1, 1, 4, 3]
    assert [g.observed_0 for g in hl.groups] == [2, 3, 1, 3, 1]
    expected_1 = [3 * level_p[0], 4 * level_p[1], 2 * level_p[2], 7 * level_p[3]]
    expected_1.append(level_p[4] + 3 * level_p[5])
    for group, e1 in zip(hl.groups, expected_1, strict=True):
        assert group.expected_1 == pytest.approx(e1, rel=1e-6)
        assert group.expected_0 == pytest.approx(group.n - e1, rel=1e-6)
    chi2 = sum(
        (g.observed_1 - e1) ** 2 / e1 + (g.observed_0 - (g.n - e1)) ** 2 / (g.n - e1)
        for g, e1 in zip(hl.groups, expected_1, strict=True)
    )
    assert hl.df == 3
    assert hl.chi2 == pytest.approx(chi2, rel=1e-6)
    assert hl.sig == pytest.approx(stats.chi2.sf(chi2, 3), rel=1e-5)


# ------------------------------------------------------------------------------------------------
# Classification table
# ------------------------------------------------------------------------------------------------


def _two_cells() -> pd.DataFrame:
    # Saturated model (constant + one binary predictor): fitted p = cell proportion, 0.3 and 0.8.
    x = [0] * 10 + [1] * 10
    y = [1] * 3 + [0] * 7 + [1] * 8 + [0] * 2
    return pd.DataFrame({"member": x, "joined": y})


def test_classification_table_by_hand():
    result = logistic_regression(_two_cells(), outcome="joined", event=1, predictors=["member"])
    cls = result.classification
    # x = 0 -> p = 0.3 -> predicted 0; x = 1 -> p = 0.8 -> predicted 1.
    assert cls.table == [[7, 2], [3, 8]]
    assert cls.percent_correct == pytest.approx([100 * 7 / 9, 100 * 8 / 11])
    assert cls.overall_percent == pytest.approx(75.0)
    # The saturated fit reproduces the cell proportions.
    assert result.coefficients[-1].exp_b == pytest.approx(3 / 7, rel=1e-6)
    assert result.coefficients[0].exp_b == pytest.approx((8 / 2) / (3 / 7), rel=1e-6)


def test_classification_with_another_cut():
    result = logistic_regression(
        _two_cells(), outcome="joined", event=1, predictors=["member"], cut=0.85
    )
    assert result.classification.table == [[9, 0], [11, 0]]
    assert result.classification.percent_correct == pytest.approx([100.0, 0.0])
    assert result.classification.overall_percent == pytest.approx(45.0)


def test_probability_equal_to_the_cut_is_not_the_event():
    # SPSS: cases whose probability exceeds the cut are classified as the event.
    cls = classification_table(np.array([0, 1, 1, 0]), np.array([0.5, 0.5, 0.7, 0.2]), 0.5)
    assert cls.table == [[2, 0], [1, 1]]


def test_two_probabilities_are_too_few_for_hosmer_lemeshow():
    result = logistic_regression(_two_cells(), outcome="joined", event=1, predictors=["member"])
    assert len(result.hosmer_lemeshow.groups) == 2
    assert result.hosmer_lemeshow.df == 0
    assert result.hosmer_lemeshow.sig is None
    assert "hosmer_lemeshow_too_few_groups" in [w["code"] for w in result.warnings]


# ------------------------------------------------------------------------------------------------
# Input handling
# ------------------------------------------------------------------------------------------------


def test_blank_rows_are_dropped_and_counted(farmers):
    frame = farmers.head(300).copy()
    frame["income_rp_million_ha"] = frame["income_rp_million_ha"].astype(object)
    frame.loc[frame.index[:5], "income_rp_million_ha"] = None
    frame.loc[frame.index[5:8], "income_rp_million_ha"] = "  "
    frame.loc[frame.index[7:10], "partner"] = ""  # row 7 blank twice, counted once
    frame.loc[frame.index[10], "partner"] = np.nan
    result = logistic_regression(frame, outcome="partner", event="Ya", predictors=PREDICTORS)
    assert result.n_dropped == 11
    assert result.n == 289
    clean = farmers.head(300).iloc[11:]
    y = (clean["partner"] == "Ya").to_numpy(float)
    x = np.column_stack((clean[PREDICTORS].to_numpy(), np.ones(289)))
    fit = sm.Logit(y, x).fit(disp=0)
    np.testing.assert_allclose([c.b for c in result.coefficients], fit.params, rtol=1e-7)


def test_event_matches_as_text_and_as_number(farmers):
    base = farmers.head(400)
    coded = base.assign(partner=(base["partner"] == "Ya").astype(float))  # 1.0 / 0.0
    texted = base.assign(partner=np.where(base["partner"] == "Ya", "1", "0"))
    by_text = logistic_regression(base, outcome="partner", event=" ya ", predictors=PREDICTORS)
    by_number = logistic_regression(coded, outcome="partner", event="1", predictors=PREDICTORS)
    by_int = logistic_regression(texted, outcome="partner", event=1, predictors=PREDICTORS)
    events = int((base["partner"] == "Ya").sum())
    for result in (by_text, by_number, by_int):
        table = result.classification.table
        assert table[1][0] + table[1][1] == events
        assert result.coefficients[0].b == pytest.approx(by_text.coefficients[0].b, rel=1e-9)


def test_numeric_text_predictors_are_accepted(farmers):
    base = farmers.head(400)
    as_text = base.assign(household_size=base["household_size"].map(lambda v: f"{v:g}"))
    a = logistic_regression(base, outcome="partner", event="Ya", predictors=PREDICTORS)
    b = logistic_regression(as_text, outcome="partner", event="Ya", predictors=PREDICTORS)
    assert b.coefficients[3].b == pytest.approx(a.coefficients[3].b, rel=1e-12)


def test_few_events_per_variable_is_a_warning():
    rng = np.random.default_rng(11)
    n = 200
    y = np.zeros(n, int)
    y[rng.choice(n, 15, replace=False)] = 1  # 15 events / 2 predictors = 7.5 < 10
    frame = pd.DataFrame({"y": y, "a": rng.normal(size=n), "b": rng.normal(size=n)})
    result = logistic_regression(frame, outcome="y", event=1, predictors=["a", "b"])
    codes = [w["code"] for w in result.warnings]
    assert "few_events_per_variable" in codes
    epv = next(w for w in result.warnings if w["code"] == "few_events_per_variable")
    assert epv["params"]["events_per_variable"] == pytest.approx(7.5)


def test_enough_events_per_variable_gives_no_warning(fitted):
    assert "few_events_per_variable" not in [w["code"] for w in fitted.warnings]


def _code(frame, **kwargs) -> AnalysisInputError:
    options = {"outcome": "y", "event": 1, "predictors": ["a"]} | kwargs
    with pytest.raises(AnalysisInputError) as caught:
        logistic_regression(frame, **options)
    return caught.value


def _frame(n=60, seed=5) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {"y": rng.integers(0, 2, n), "a": rng.normal(size=n), "b": rng.normal(size=n)}
    )


def test_missing_column():
    error = _code(_frame(), predictors=["a", "umur"])
    assert error.code == "missing_column"
    assert error.params["column"] == "umur"
    assert _code(_frame(), outcome="mitra").code == "missing_column"


def test_non_numeric_predictor():
    frame = _frame().astype({"a": object})
    frame.loc[3, "a"] = "1,5"  # decimal comma is not silently misread
    error = _code(frame)
    assert error.code == "non_numeric"
    assert error.params["column"] == "a"


def test_no_predictors_or_no_cases():
    assert _code(_frame(), predictors=[]).code == "empty_input"
    frame = _frame()
    frame["a"] = np.nan
    assert _code(frame).code == "empty_input"


def test_constant_outcome():
    frame = _frame()
    frame["y"] = 1
    assert _code(frame).code == "constant_outcome"
    # An event value that never occurs leaves only non-events.
    assert _code(_frame(), event="Ya").code == "constant_outcome"


def test_complete_separation():
    frame = _frame()
    frame["y"] = (frame["a"] > 0).astype(int)
    assert _code(frame, predictors=["a", "b"]).code == "perfect_separation"


def test_quasi_complete_separation():
    # Every member (d = 1) joined; non-members are mixed: the MLE of d's B is +infinity.
    rng = np.random.default_rng(8)
    n = 200
    d = (rng.random(n) < 0.2).astype(int)
    y = np.where(d == 1, 1, (rng.random(n) < 0.4).astype(int))
    frame = pd.DataFrame({"y": y, "d": d, "b": rng.normal(size=n)})
    assert _code(frame, predictors=["d", "b"]).code == "perfect_separation"


def test_constant_predictor_is_a_singular_design():
    frame = _frame()
    frame["b"] = 4.0
    error = _code(frame, predictors=["a", "b"])
    assert error.code == "singular_design"
    assert error.params["column"] == "b"


def test_collinear_predictors_are_a_singular_design():
    frame = _frame()
    frame["c"] = 2 * frame["a"] - 3 * frame["b"] + 7
    error = _code(frame, predictors=["a", "b", "c"])
    assert error.code == "singular_design"
    assert error.params["column"] == "c"


def test_collinearity_across_very_different_units_is_found():
    # Income in Rupiah (1e7 scale) next to years: the rank check must not be fooled by scale.
    frame = _frame()
    frame["rupiah"] = frame["a"] * 1e7 + 5e7
    error = _code(frame, predictors=["a", "b", "rupiah"])
    assert error.code == "singular_design"


def test_too_few_cases():
    frame = pd.DataFrame({"y": [1, 0, 1], "a": [1.0, 2.0, 3.0], "b": [3.0, 1.0, 2.0]})
    error = _code(frame, predictors=["a", "b"])  # n = 3 <= 3 parameters
    assert error.code == "too_few_cases"
    assert error.params == {"n": 3, "parameters": 3}


# ------------------------------------------------------------------------------------------------
# Output shape and scale
# ------------------------------------------------------------------------------------------------


def test_to_dict_is_json_ready_with_the_agreed_keys(fitted):
    data = json.loads(json.dumps(fitted.to_dict(), allow_nan=False))
    assert set(data) == {
        "n", "n_dropped", "outcome", "event", "predictors", "ci_level", "coefficients",
        "minus2ll_null", "minus2ll", "omnibus", "cox_snell_r2", "nagelkerke_r2",
        "hosmer_lemeshow", "classification", "warnings",
    }  # fmt: skip
    assert set(data["coefficients"][0]) == {
        "name", "b", "se", "wald", "df", "sig", "exp_b", "ci_lower", "ci_upper",
    }  # fmt: skip
    assert data["coefficients"][-1]["name"] == "constant"
    assert set(data["omnibus"]) == {"chi2", "df", "sig"}
    assert set(data["hosmer_lemeshow"]) == {"chi2", "df", "sig", "groups"}
    assert set(data["hosmer_lemeshow"]["groups"][0]) == {
        "n", "observed_0", "expected_0", "observed_1", "expected_1",
    }  # fmt: skip
    assert set(data["classification"]) == {"cut", "table", "percent_correct", "overall_percent"}
    assert data["event"] == "Ya"
    assert data["ci_level"] == 0.9
    assert data["predictors"] == PREDICTORS
    # Unrounded: the stored B is the full double.
    assert data["coefficients"][0]["b"] == fitted.coefficients[0].b


def test_predictor_in_tiny_units_is_not_mistaken_for_separation(farmers):
    # Income in Rp trillion per ha: B is 1e6 times larger and must still converge, with S.E.,
    # Wald and Sig. unchanged in meaning, and an Exp(B) too large for a double stored as null.
    base = farmers.head(500)
    tiny = base.assign(income_rp_million_ha=base["income_rp_million_ha"] * 1e-6)
    usual = logistic_regression(base, outcome="partner", event="Ya", predictors=PREDICTORS)
    scaled = logistic_regression(tiny, outcome="partner", event="Ya", predictors=PREDICTORS)
    a, b = usual.coefficients[2], scaled.coefficients[2]
    assert b.b == pytest.approx(a.b * 1e6, rel=1e-7)
    assert b.se == pytest.approx(a.se * 1e6, rel=1e-7)
    assert b.wald == pytest.approx(a.wald, rel=1e-7)
    assert scaled.minus2ll == pytest.approx(usual.minus2ll, rel=1e-10)
    assert scaled.coefficients[-1].b == pytest.approx(usual.coefficients[-1].b, rel=1e-7)
    stored = json.loads(json.dumps(scaled.to_dict(), allow_nan=False))
    assert stored["coefficients"][2]["exp_b"] is None


def test_hundred_thousand_rows_make_ten_risk_deciles():
    # Speed is measured in bench/, not here.
    frame = _simulated_farmers(100_000, seed=99)
    result = logistic_regression(frame, outcome="partner", event="Ya", predictors=PREDICTORS)
    assert result.n == 100_000
    assert len(result.hosmer_lemeshow.groups) == 10
