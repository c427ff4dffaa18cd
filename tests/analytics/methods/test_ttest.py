"""Independent-samples t-test (SPSS layout) checked against independent computations.

References used: scipy.stats.ttest_ind (t, two-tailed p), scipy.stats.levene(center="mean"),
statsmodels' CompareMeans (df and confidence interval), numpy for the group statistics, and a
small data set whose every number is worked out by hand below.
"""

from __future__ import annotations

import json
import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

from analytics.methods.errors import AnalysisInputError
from analytics.methods.ttest import TTestResult, independent_ttest

REL = 1e-9


def approx(x: float) -> object:
    return pytest.approx(x, rel=REL, abs=1e-12)


def _two_samples(seed: int = 7) -> tuple[np.ndarray, np.ndarray]:
    """Unequal sizes and clearly unequal spreads, so the two t rows differ."""
    rng = np.random.default_rng(seed)
    mitra = rng.normal(42.0, 9.0, 37)
    non_mitra = rng.normal(35.0, 4.0, 23)
    return mitra, non_mitra


def _frame(a: np.ndarray, b: np.ndarray, names: tuple[str, str] = ("Mitra", "Non-mitra")):
    return pd.DataFrame(
        {
            "income": np.concatenate([a, b]),
            "status": [names[0]] * len(a) + [names[1]] * len(b),
        }
    )


def _check_against_references(result: TTestResult, a, b, confidence: float) -> None:
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    alpha = 1.0 - confidence
    cm = CompareMeans(DescrStatsW(a), DescrStatsW(b))

    for usevar, equal_var, row in (
        ("pooled", True, result.equal_variances),
        ("unequal", False, result.unequal_variances),
    ):
        ref = stats.ttest_ind(a, b, equal_var=equal_var)
        assert row.t == approx(ref.statistic)
        assert row.sig == approx(ref.pvalue)
        _, _, sm_df = cm.ttest_ind(usevar=usevar)
        assert row.df == approx(sm_df)
        lo, hi = cm.tconfint_diff(alpha=alpha, usevar=usevar)
        assert row.ci_lower == approx(lo)
        assert row.ci_upper == approx(hi)
        assert row.mean_difference == approx(a.mean() - b.mean())
        se_ref = cm.std_meandiff_pooledvar if equal_var else cm.std_meandiff_separatevar
        assert row.se_difference == approx(se_ref)

    assert result.equal_variances.df == len(a) + len(b) - 2
    lev = stats.levene(a, b, center="mean")
    assert result.levene.f == approx(lev.statistic)
    assert result.levene.sig == approx(lev.pvalue)

    for stat, sample in zip(result.groups, (a, b), strict=True):
        assert stat.n == len(sample)
        assert stat.mean == approx(sample.mean())
        assert stat.sd == approx(sample.std(ddof=1))
        assert stat.se_mean == approx(stats.sem(sample))


# --------------------------------------------------------------------------------------------
# Agreement with scipy / statsmodels
# --------------------------------------------------------------------------------------------


def test_matches_scipy_and_statsmodels_at_95_percent():
    a, b = _two_samples()
    result = independent_ttest(_frame(a, b), value="income", group="status")
    assert [g.name for g in result.groups] == ["Mitra", "Non-mitra"]
    _check_against_references(result, a, b, 0.95)
    # The data were built with unequal spreads: the Welch row must really differ.
    assert result.unequal_variances.df < result.equal_variances.df
    assert result.unequal_variances.t != pytest.approx(result.equal_variances.t, rel=1e-3)


@pytest.mark.parametrize("confidence", [0.90, 0.99])
def test_confidence_level_is_honoured(confidence):
    a, b = _two_samples(seed=11)
    result = independent_ttest(_frame(a, b), value="income", group="status", confidence=confidence)
    assert result.confidence == confidence
    _check_against_references(result, a, b, confidence)


def test_groups_argument_sets_order_and_flips_the_difference():
    a, b = _two_samples(seed=3)
    data = _frame(a, b)
    default = independent_ttest(data, value="income", group="status")
    flipped = independent_ttest(data, value="income", group="status", groups=("Non-mitra", "Mitra"))
    assert [g.name for g in flipped.groups] == ["Non-mitra", "Mitra"]
    _check_against_references(flipped, b, a, 0.95)
    for d_row, f_row in (
        (default.equal_variances, flipped.equal_variances),
        (default.unequal_variances, flipped.unequal_variances),
    ):
        assert f_row.mean_difference == approx(-d_row.mean_difference)
        assert f_row.t == approx(-d_row.t)
        assert f_row.ci_lower == approx(-d_row.ci_upper)
        assert f_row.ci_upper == approx(-d_row.ci_lower)
    assert flipped.levene.f == approx(default.levene.f)


def test_default_order_is_sorted_as_strings():
    # Integer codes 10 and 9: as strings "10" sorts before "9".
    a, b = _two_samples(seed=5)
    data = pd.DataFrame({"y": np.concatenate([a, b]), "code": [9] * len(a) + [10] * len(b)})
    result = independent_ttest(data, value="y", group="code")
    assert [g.name for g in result.groups] == ["10", "9"]
    _check_against_references(result, b, a, 0.95)
    # Groups may also be named with the raw (non-string) values.
    by_int = independent_ttest(data, value="y", group="code", groups=(9, 10))
    assert [g.name for g in by_int.groups] == ["9", "10"]
    _check_against_references(by_int, a, b, 0.95)


def test_groups_selects_two_of_several_and_ignores_the_rest():
    a, b = _two_samples(seed=8)
    others = np.array([1000.0, -1000.0, 5.0])
    data = pd.concat(
        [_frame(a, b), pd.DataFrame({"income": others, "status": ["Lain"] * 3})],
        ignore_index=True,
    )
    result = independent_ttest(data, value="income", group="status", groups=("Mitra", "Non-mitra"))
    _check_against_references(result, a, b, 0.95)
    assert result.n_dropped == 0


@pytest.mark.filterwarnings("ignore:Precision loss occurred:RuntimeWarning")
def test_one_group_with_zero_variance_is_allowed():
    a = np.array([10.0, 10.0, 10.0, 10.0])
    b = np.array([7.0, 9.0, 12.0, 8.0, 6.0])
    result = independent_ttest(_frame(a, b), value="income", group="status")
    assert result.groups[0].sd == 0.0
    _check_against_references(result, a, b, 0.95)


# --------------------------------------------------------------------------------------------
# A small data set worked out by hand
# --------------------------------------------------------------------------------------------


def test_hand_computed_example_including_levene_from_its_definition():
    # Group A = 2, 4, 6, 8   mean 5, deviations -3 -1 1 3, var = (9+1+1+9)/3 = 20/3
    # Group B = 1, 2, 3      mean 2, deviations -1  0 1,   var = (1+0+1)/2   = 1
    data = pd.DataFrame({"y": [2, 4, 6, 8, 1, 2, 3], "g": ["A"] * 4 + ["B"] * 3})
    result = independent_ttest(data, value="y", group="g")

    # Levene, centre = mean: ANOVA on z = |x - group mean|.
    # z_A = 3 1 1 3 (mean 2), z_B = 1 0 1 (mean 2/3), grand mean of z = (8 + 2) / 7 = 10/7.
    z_a = [Fraction(3), Fraction(1), Fraction(1), Fraction(3)]
    z_b = [Fraction(1), Fraction(0), Fraction(1)]
    za_bar, zb_bar = sum(z_a) / 4, sum(z_b) / 3
    z_grand = (sum(z_a) + sum(z_b)) / 7
    ss_between = 4 * (za_bar - z_grand) ** 2 + 3 * (zb_bar - z_grand) ** 2
    ss_within = sum((z - za_bar) ** 2 for z in z_a) + sum((z - zb_bar) ** 2 for z in z_b)
    f_def = (ss_between / 1) / (ss_within / 5)  # df1 = k - 1 = 1, df2 = N - k = 5
    assert ss_between == Fraction(64, 21)
    assert ss_within == Fraction(14, 3)
    assert f_def == Fraction(160, 49)
    assert result.levene.f == approx(160 / 49)
    assert result.levene.sig == approx(stats.f.sf(160 / 49, 1, 5))

    # Group statistics.
    ga, gb = result.groups
    assert (ga.name, ga.n, gb.name, gb.n) == ("A", 4, "B", 3)
    assert ga.mean == approx(5.0) and gb.mean == approx(2.0)
    assert ga.sd == approx(math.sqrt(20 / 3)) and gb.sd == approx(1.0)
    assert ga.se_mean == approx(math.sqrt(20 / 3) / 2) and gb.se_mean == approx(1 / math.sqrt(3))

    # Pooled: s_p^2 = (3 * 20/3 + 2 * 1) / 5 = 22/5; SE = sqrt(22/5 * (1/4 + 1/3)) = sqrt(77/30).
    eq = result.equal_variances
    se_pooled = math.sqrt(77 / 30)
    assert eq.mean_difference == approx(3.0)
    assert eq.se_difference == approx(se_pooled)
    assert eq.t == approx(3 / se_pooled)
    assert eq.df == 5
    assert eq.sig == approx(2 * stats.t.sf(3 / se_pooled, 5))
    t_crit = stats.t.ppf(0.975, 5)
    assert eq.ci_lower == approx(3 - t_crit * se_pooled)
    assert eq.ci_upper == approx(3 + t_crit * se_pooled)

    # Welch: SE^2 = (20/3)/4 + 1/3 = 2; df = 2^2 / ((5/3)^2/3 + (1/3)^2/2) = 216/53.
    un = result.unequal_variances
    welch_df = float(Fraction(4) / (Fraction(5, 3) ** 2 / 3 + Fraction(1, 3) ** 2 / 2))
    assert welch_df == pytest.approx(216 / 53)
    assert un.se_difference == approx(math.sqrt(2))
    assert un.t == approx(3 / math.sqrt(2))
    assert un.df == approx(216 / 53)
    assert un.sig == approx(2 * stats.t.sf(3 / math.sqrt(2), 216 / 53))
    t_crit_w = stats.t.ppf(0.975, 216 / 53)
    assert un.ci_lower == approx(3 - t_crit_w * math.sqrt(2))
    assert un.ci_upper == approx(3 + t_crit_w * math.sqrt(2))


# --------------------------------------------------------------------------------------------
# Coercion, dropping blanks, JSON shape
# --------------------------------------------------------------------------------------------


def test_blank_values_and_groups_are_dropped_and_counted():
    a, b = _two_samples(seed=21)
    clean = _frame(a, b)
    values = clean["income"].map(lambda v: f" {v!r} ").astype(object)  # numeric text, padded
    extra = pd.DataFrame(
        {
            "income": [None, "", "   ", np.nan, "12.5", "13.5", "99"],
            "status": ["Mitra", "Mitra", "Non-mitra", "Non-mitra", None, "  ", np.nan],
        }
    )
    data = pd.concat(
        [pd.DataFrame({"income": values, "status": clean["status"]}), extra], ignore_index=True
    )
    result = independent_ttest(data, value="income", group="status")
    assert result.n_dropped == 7
    _check_against_references(result, a, b, 0.95)


def test_group_labels_are_trimmed_and_merged():
    a, b = _two_samples(seed=4)
    data = _frame(a, b)
    data.loc[::2, "status"] = data.loc[::2, "status"] + "  "
    result = independent_ttest(data, value="income", group="status")
    assert [g.name for g in result.groups] == ["Mitra", "Non-mitra"]
    _check_against_references(result, a, b, 0.95)


def test_to_dict_has_exact_keys_and_is_json_ready():
    a, b = _two_samples()
    result = independent_ttest(_frame(a, b), value="income", group="status", confidence=0.9)
    d = result.to_dict()
    assert set(d) == {
        "value",
        "group",
        "confidence",
        "n_dropped",
        "groups",
        "levene",
        "equal_variances",
        "unequal_variances",
    }
    assert (d["value"], d["group"], d["confidence"], d["n_dropped"]) == ("income", "status", 0.9, 0)
    assert [set(g) for g in d["groups"]] == [{"name", "n", "mean", "sd", "se_mean"}] * 2
    assert set(d["levene"]) == {"f", "sig"}
    row_keys = {"t", "df", "sig", "mean_difference", "se_difference", "ci_lower", "ci_upper"}
    assert set(d["equal_variances"]) == row_keys
    assert set(d["unequal_variances"]) == row_keys
    # Unrounded and of plain JSON types.
    assert d["groups"][0]["mean"] == approx(a.mean())
    assert d["equal_variances"]["t"] == approx(stats.ttest_ind(a, b).statistic)
    assert type(d["groups"][0]["n"]) is int
    assert type(d["unequal_variances"]["df"]) is float
    assert json.loads(json.dumps(d, allow_nan=False)) == d


# --------------------------------------------------------------------------------------------
# Bad input: each gives its own code
# --------------------------------------------------------------------------------------------


def _code(data, **kwargs) -> AnalysisInputError:
    kwargs.setdefault("value", "y")
    kwargs.setdefault("group", "g")
    with pytest.raises(AnalysisInputError) as info:
        independent_ttest(data, **kwargs)
    return info.value


GOOD = pd.DataFrame({"y": [1.0, 2.0, 3.0, 4.0, 6.0, 9.0], "g": ["a", "a", "a", "b", "b", "b"]})


@pytest.mark.parametrize("missing", ["value", "group"])
def test_missing_column(missing):
    kwargs = {missing: "nope"}
    err = _code(GOOD, **kwargs)
    assert err.code == "missing_column"
    assert err.params["column"] == "nope"


def test_non_numeric_values_are_reported_with_examples():
    data = pd.DataFrame(
        {"y": ["1", "2", "abc", "3", "4,5", "", None, "abc", "7"], "g": list("aaaabbbbb")}
    )
    err = _code(data)
    assert err.code == "non_numeric"
    assert err.params["column"] == "y"
    assert err.params["examples"] == ["abc", "4,5"]


def test_infinite_value_is_not_a_number():
    data = GOOD.assign(y=[1.0, 2.0, np.inf, 4.0, 6.0, 9.0])
    assert _code(data).code == "non_numeric"


def test_only_one_group():
    data = GOOD.assign(g=["a"] * 5 + [None])
    err = _code(data)
    assert err.code == "too_few_groups"


def test_named_group_absent():
    err = _code(GOOD, groups=("a", "zzz"))
    assert err.code == "too_few_groups"
    assert err.params["missing"] == ["zzz"]


def test_three_groups_without_choosing():
    data = GOOD.assign(g=["a", "a", "b", "b", "c", "c"])
    assert _code(data).code == "invalid_value"


@pytest.mark.parametrize("groups", [("a",), ("a", "a"), ("a", "b", "c"), "ab"])
def test_bad_groups_argument(groups):
    assert _code(GOOD, groups=groups).code == "invalid_value"


@pytest.mark.parametrize("confidence", [0.0, 1.0, 95, -0.5, "0.95"])
def test_bad_confidence(confidence):
    assert _code(GOOD, confidence=confidence).code == "invalid_value"


def test_group_with_one_case():
    data = GOOD.assign(y=[1.0, 2.0, 3.0, 4.0, None, " "])
    err = _code(data)
    assert err.code == "too_few_cases"
    assert err.params["group"] == "b"
    assert err.params["n"] == 1


def test_both_groups_constant():
    data = GOOD.assign(y=[5.0, 5.0, 5.0, 8.0, 8.0, 8.0])
    assert _code(data).code == "constant_outcome"


def test_nothing_usable():
    data = pd.DataFrame({"y": [None, "", np.nan], "g": ["a", "b", "a"]})
    assert _code(data).code == "empty_input"
    assert _code(GOOD.iloc[0:0]).code == "empty_input"


# --------------------------------------------------------------------------------------------
# Scale
# --------------------------------------------------------------------------------------------


def test_one_million_rupiah_sized_rows_are_exact():
    # Speed is measured in bench/, not here; this checks precision at that scale.
    rng = np.random.default_rng(2024)
    n = 1_000_000
    is_mitra = rng.random(n) < 0.4
    # Rupiah-sized values with a large common offset: a naive one-pass variance would lose digits.
    y = np.where(is_mitra, rng.normal(52e6, 3e6, n), rng.normal(50e6, 5e6, n))
    data = pd.DataFrame({"y": y, "g": np.where(is_mitra, "Mitra", "Non-mitra")})

    result = independent_ttest(data, value="y", group="g")

    a, b = y[is_mitra], y[~is_mitra]
    assert result.groups[0].n == len(a)
    assert result.groups[0].sd == pytest.approx(a.std(ddof=1), rel=1e-10)
    assert result.groups[1].sd == pytest.approx(b.std(ddof=1), rel=1e-10)
    for equal_var, row in ((True, result.equal_variances), (False, result.unequal_variances)):
        ref = stats.ttest_ind(a, b, equal_var=equal_var)
        assert row.t == pytest.approx(ref.statistic, rel=1e-8)
    assert result.levene.f == pytest.approx(stats.levene(a, b, center="mean").statistic, rel=1e-8)
