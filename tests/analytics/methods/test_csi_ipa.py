"""Tests of analytics.methods.csi_ipa (CSI and IPA) and analytics.methods.rounding."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analytics.methods.csi_ipa import csi_band, csi_ipa
from analytics.methods.errors import AnalysisInputError
from analytics.methods.rounding import round_half_up

DATA = Path(__file__).parent / "data"


def two_places(value: float) -> Decimal:
    return round_half_up(value, 2)


def frame(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["respondent", "attribute", "importance", "performance"])


# --------------------------------------------------------------------------------------------
# Reference case: PG Semboro 2019
# --------------------------------------------------------------------------------------------
# Source: Larasati (2020), "Kemitraan petani tebu rakyat mitra kredit dengan PG Semboro",
# Tabel 4.8-4.10 and Lampiran A-D; n = 24 credit partner farmers, season 2018/2019. Numbers
# copied from the project's reference case csi_ipa_semboro_expected.json; the responses file
# (copied to tests/analytics/methods/data/) holds 24 respondents whose per-attribute totals equal
# the published totals. Printed values are rounded half-up to 2 decimals.

# (attribute, importance_total, performance_total, mis, wf, mss, ws, quadrant)
SEMBORO_ATTRIBUTES = [
    ("Persyaratan pengajuan kredit", 95, 105, "3.96", "7.76", "4.38", "33.96", "B"),
    ("Pemetaan luas areal lahan", 63, 115, "2.63", "5.15", "4.79", "24.66", "D"),
    ("Prosedur pengajuan kredit", 100, 115, "4.17", "8.17", "4.79", "39.15", "B"),
    ("Jumlah dana kredit yang diberikan", 109, 113, "4.54", "8.91", "4.71", "41.93", "B"),
    ("Pencairan dana kredit", 107, 96, "4.46", "8.74", "4.00", "34.97", "A"),
    ("Komunikasi dengan pihak PG", 96, 103, "4.00", "7.84", "4.29", "33.66", "B"),
    ("Respon terhadap keluhan", 99, 107, "4.13", "8.09", "4.46", "36.06", "B"),
    ("Frekuensi bimbingan teknis", 68, 94, "2.83", "5.56", "3.92", "21.76", "C"),
    ("Pengaturan waktu giling", 105, 109, "4.38", "8.58", "4.54", "38.96", "B"),
    ("Penentuan kualitas tebu", 76, 98, "3.17", "6.21", "4.08", "25.35", "C"),
    ("Informasi rendemen", 111, 73, "4.63", "9.07", "3.04", "27.58", "A"),
    ("Profit sharing gula", 83, 111, "3.46", "6.78", "4.63", "31.36", "D"),
    ("Waktu pembayaran DO", 112, 85, "4.67", "9.15", "3.54", "32.41", "A"),
]

# SERVQUAL dimensions of the 13 attributes, from docs/domain.md section 6.
SEMBORO_DIMENSIONS = {
    "Persyaratan pengajuan kredit": "Assurance",
    "Pemetaan luas areal lahan": "Reliability",
    "Prosedur pengajuan kredit": "Reliability",
    "Jumlah dana kredit yang diberikan": "Tangibles",
    "Pencairan dana kredit": "Responsiveness",
    "Komunikasi dengan pihak PG": "Assurance",
    "Respon terhadap keluhan": "Responsiveness",
    "Frekuensi bimbingan teknis": "Empathy",
    "Pengaturan waktu giling": "Responsiveness",
    "Penentuan kualitas tebu": "Assurance",
    "Informasi rendemen": "Assurance",
    "Profit sharing gula": "Assurance",
    "Waktu pembayaran DO": "Assurance",
}


@pytest.fixture(scope="module")
def semboro_responses() -> pd.DataFrame:
    return pd.read_csv(DATA / "csi_ipa_semboro_responses.csv")


@pytest.fixture(scope="module")
def semboro(semboro_responses):
    return csi_ipa(semboro_responses, dimensions=SEMBORO_DIMENSIONS)


def test_semboro_headline_numbers(semboro):
    assert semboro.n_respondents == 24
    assert two_places(semboro.csi) == Decimal("84.36")
    assert two_places(semboro.wat) == Decimal("421.81")
    assert two_places(semboro.sum_mis) == Decimal("51.00")
    assert two_places(semboro.sum_mss) == Decimal("55.17")
    assert two_places(semboro.performance_mean) == Decimal("4.24")
    assert two_places(semboro.importance_mean) == Decimal("3.92")
    assert semboro.csi_band == "very_satisfied"
    assert semboro.csi_band_label == "sangat puas"


@pytest.mark.parametrize("expected", SEMBORO_ATTRIBUTES, ids=lambda row: row[0])
def test_semboro_attribute(semboro, expected):
    name, imp_total, perf_total, mis, wf, mss, ws, quadrant = expected
    by_name = {a.attribute: a for a in semboro.attributes}
    attr = by_name[name]
    assert attr.importance_total == imp_total
    assert attr.performance_total == perf_total
    assert (attr.n, attr.n_importance, attr.n_performance) == (24, 24, 24)
    assert two_places(attr.mis) == Decimal(mis)
    assert two_places(attr.wf) == Decimal(wf)
    assert two_places(attr.mss) == Decimal(mss)
    assert two_places(attr.ws) == Decimal(ws)
    assert attr.quadrant == quadrant
    assert attr.dimension == SEMBORO_DIMENSIONS[name]


def test_semboro_order_and_quadrant_a(semboro):
    # Order of first appearance in the file = the published numbering 1..13.
    assert [a.attribute for a in semboro.attributes] == [row[0] for row in SEMBORO_ATTRIBUTES]
    numbers_in_a = [i for i, a in enumerate(semboro.attributes, start=1) if a.quadrant == "A"]
    assert numbers_in_a == [5, 11, 13]


def test_semboro_conformity_and_gap(semboro):
    # Attribute 11, Informasi rendemen: 73 / 111 * 100 = 65.765...; gap (73 - 111) / 24 = -1.583...
    attr = semboro.attributes[10]
    assert two_places(attr.conformity) == Decimal("65.77")
    assert two_places(attr.gap) == Decimal("-1.58")


def test_semboro_dimensions(semboro):
    dims = {d.dimension: d for d in semboro.dimensions}
    # Order of first appearance along the attributes.
    assert list(dims) == ["Assurance", "Reliability", "Tangibles", "Responsiveness", "Empathy"]
    assert dims["Assurance"].n_attributes == 6
    assert dims["Responsiveness"].attributes == (
        "Pencairan dana kredit",
        "Respon terhadap keluhan",
        "Pengaturan waktu giling",
    )
    # One-attribute dimension: WF = 100 %, so CSI = MSS / 5 * 100.
    # Empathy (attribute 8): 94 / 24 / 5 * 100 = 78.333...
    # Tangibles (attribute 4): 113 / 24 / 5 * 100 = 94.166...
    assert two_places(dims["Empathy"].csi) == Decimal("78.33")
    assert two_places(dims["Tangibles"].csi) == Decimal("94.17")
    # Responsiveness (5, 7, 9): CSI = sum(I_i * P_i) / (24 * sum(I_i)) * 100 / 5 with totals
    # I = 107, 99, 105 and P = 96, 107, 109: (10272 + 10593 + 11445) / (24 * 311) * 20
    # = 32310 / 7464 * 20 = 86.5756...
    # Mean MIS = 311 / 3 / 24 = 4.319...; mean MSS = (96 + 107 + 109) / 3 / 24 = 312 / 72 = 4.333...
    assert two_places(dims["Responsiveness"].csi) == Decimal("86.58")
    assert two_places(dims["Responsiveness"].mis_mean) == Decimal("4.32")
    assert two_places(dims["Responsiveness"].mss_mean) == Decimal("4.33")
    # Overall CSI is the MIS-weighted mean of the dimension CSIs (their WF renormalised).
    weighted = sum(d.csi * d.mis_mean * d.n_attributes for d in semboro.dimensions)
    assert weighted / semboro.sum_mis == pytest.approx(semboro.csi, rel=1e-12)


def test_semboro_to_dict_is_json_with_exact_keys(semboro):
    data = semboro.to_dict()
    assert list(data) == [
        "n_respondents",
        "csi",
        "csi_band",
        "csi_band_label",
        "wat",
        "sum_mis",
        "sum_mss",
        "importance_mean",
        "performance_mean",
        "dimensions",
        "attributes",
    ]
    assert set(data["dimensions"][0]) == {
        "dimension",
        "csi",
        "n_attributes",
        "mis_mean",
        "mss_mean",
        "attributes",
    }
    assert set(data["attributes"][0]) == {
        "attribute",
        "dimension",
        "n",
        "n_importance",
        "n_performance",
        "importance_total",
        "performance_total",
        "mis",
        "mss",
        "wf",
        "ws",
        "conformity",
        "gap",
        "quadrant",
    }
    # Unrounded: 2025/24 exactly, not 84.36.
    assert data["csi"] == semboro.csi != 84.36
    assert json.loads(json.dumps(data)) == data


# --------------------------------------------------------------------------------------------
# Hand-computed tiny case
# --------------------------------------------------------------------------------------------


def test_tiny_case_by_hand():
    # R1: A (imp 4, perf 3), B (imp 2, perf 5); R2: A (5, 4), B (3, 4).
    # MIS_A = 9/2 = 4.5, MIS_B = 5/2 = 2.5, sum MIS = 7; MSS_A = 7/2 = 3.5, MSS_B = 9/2 = 4.5.
    # WF_A = 4.5 / 7 * 100 = 64.2857...; WF_B = 2.5 / 7 * 100 = 35.7142...
    # WS_A = 4.5 * 3.5 / 7 * 100 = 225; WS_B = 2.5 * 4.5 / 7 * 100 = 1125 / 7 = 160.7142...
    # WAT = 2700 / 7 = 385.714...; CSI = WAT / 5 = 540 / 7 = 77.142... -> puas (>= 60, < 80).
    # Cut lines: Y = 7 / 2 = 3.5, X = 8 / 2 = 4.0.
    # A: y 4.5 >= 3.5, x 3.5 < 4 -> quadrant A; B: y 2.5 < 3.5, x 4.5 >= 4 -> quadrant D.
    # Conformity A = 7 / 9 * 100 = 77.77...; B = 9 / 5 * 100 = 180. Gap A = -1, B = +2.
    result = csi_ipa(
        frame([("R1", "A", 4, 3), ("R1", "B", 2, 5), ("R2", "A", 5, 4), ("R2", "B", 3, 4)])
    )
    a, b = result.attributes
    assert (a.attribute, b.attribute) == ("A", "B")
    assert (a.mis, a.mss, b.mis, b.mss) == (4.5, 3.5, 2.5, 4.5)
    assert a.wf == pytest.approx(450 / 7)
    assert b.wf == pytest.approx(250 / 7)
    assert a.ws == pytest.approx(225.0)
    assert b.ws == pytest.approx(1125 / 7)
    assert result.wat == pytest.approx(2700 / 7)
    assert result.csi == pytest.approx(540 / 7)
    assert (result.csi_band, result.csi_band_label) == ("satisfied", "puas")
    assert (result.sum_mis, result.sum_mss) == (7.0, 8.0)
    assert (result.importance_mean, result.performance_mean) == (3.5, 4.0)
    assert (a.quadrant, b.quadrant) == ("A", "D")
    assert a.conformity == pytest.approx(700 / 9)
    assert b.conformity == pytest.approx(180.0)
    assert (a.gap, b.gap) == (-1.0, 2.0)
    assert (a.importance_total, a.performance_total, b.importance_total) == (9, 7, 5)
    assert result.n_respondents == 2
    assert result.dimensions == ()
    assert a.dimension is None


# --------------------------------------------------------------------------------------------
# Skipped answers
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("blank", [None, np.nan, "", "  "], ids=repr)
def test_skipped_answer_left_out_of_that_attributes_mean(blank):
    # X: R1 answered (4, 3); R2 skipped importance, performance 5; R3 skipped both.
    # -> n 2, n_importance 1, n_performance 2; MIS_X = 4 / 1 = 4, MSS_X = (3 + 5) / 2 = 4.
    # Y: everyone answered (2, 2), (4, 4), (3, 3) -> MIS = MSS = 3, n 3.
    result = csi_ipa(
        frame(
            [
                ("R1", "X", 4, 3),
                ("R2", "X", blank, 5),
                ("R3", "X", blank, blank),
                ("R1", "Y", 2, 2),
                ("R2", "Y", 4, 4),
                ("R3", "Y", 3, 3),
            ]
        )
    )
    x, y = result.attributes
    assert (x.n, x.n_importance, x.n_performance) == (2, 1, 2)
    assert (x.importance_total, x.performance_total) == (4, 8)
    assert (x.mis, x.mss) == (4.0, 4.0)
    # Conformity is MSS / MIS (= totals ratio when nobody skips), not 8 / 4 * 100 = 200.
    assert x.conformity == 100.0
    assert (y.n, y.n_importance, y.n_performance, y.mis, y.mss) == (3, 3, 3, 3.0, 3.0)
    assert result.n_respondents == 3
    assert result.sum_mis == 7.0


def test_respondent_who_answered_nothing_is_not_counted():
    result = csi_ipa(frame([("R1", "X", 4, 4), ("R2", "X", None, None)]))
    assert result.n_respondents == 1
    assert result.attributes[0].n == 1


# --------------------------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [0, 6, -1, 5.5e3])
def test_out_of_range_score(value):
    responses = frame([("R1", "X", 4, 4), ("R2", "X", 3, value)])
    with pytest.raises(AnalysisInputError) as caught:
        csi_ipa(responses)
    error = caught.value
    assert error.code == "invalid_value"
    assert error.params["column"] == "performance"
    assert error.params["row"] == 1
    assert error.params["respondent"] == "R2"
    assert error.params["value"] == value
    assert error.params["reason"] == "out_of_range"
    assert (error.params["minimum"], error.params["maximum"]) == (1, 5)


def test_scale_max_widens_the_range():
    result = csi_ipa(frame([("R1", "X", 7, 6)]), scale_max=7)
    # CSI = 100 % weight on X * 6 / 7 * 100.
    assert result.csi == pytest.approx(600 / 7)
    with pytest.raises(AnalysisInputError) as caught:
        csi_ipa(frame([("R1", "X", 7, 6)]))
    assert caught.value.params["column"] == "importance"


@pytest.mark.parametrize(
    ("value", "reason"),
    [("baik", "not_a_number"), (3.5, "not_an_integer"), (True, "not_a_number")],
)
def test_non_numeric_or_fractional_score(value, reason):
    responses = frame([("R1", "X", value, 4), ("R2", "X", 3, 4)])
    with pytest.raises(AnalysisInputError) as caught:
        csi_ipa(responses)
    assert caught.value.code == "invalid_value"
    assert caught.value.params["column"] == "importance"
    assert caught.value.params["respondent"] == "R1"
    assert caught.value.params["value"] == value
    assert caught.value.params["reason"] == reason


def test_numeric_strings_are_accepted():
    result = csi_ipa(frame([("R1", "X", "4", " 5 "), ("R2", "X", 2.0, "3")]))
    assert (result.attributes[0].mis, result.attributes[0].mss) == (3.0, 4.0)


def test_error_row_is_the_callers_index_label():
    responses = frame([("R1", "X", 4, 4), ("R2", "X", 9, 4)])
    responses.index = [10, 11]
    with pytest.raises(AnalysisInputError) as caught:
        csi_ipa(responses)
    assert caught.value.params["row"] == 11


@pytest.mark.parametrize("column", ["respondent", "attribute", "importance", "performance"])
def test_missing_column_is_named(column):
    responses = frame([("R1", "X", 4, 4)]).drop(columns=[column])
    with pytest.raises(AnalysisInputError) as caught:
        csi_ipa(responses)
    assert caught.value.code == "missing_column"
    assert caught.value.params == {"column": column}
    assert column in str(caught.value)


@pytest.mark.parametrize(
    "responses",
    [
        pd.DataFrame(),
        pd.DataFrame(columns=["respondent", "attribute", "importance", "performance"]),
        frame([("R1", "X", None, None), ("R2", "Y", np.nan, np.nan)]),
    ],
    ids=["no_columns", "no_rows", "all_blank"],
)
def test_empty_input(responses):
    with pytest.raises(AnalysisInputError) as caught:
        csi_ipa(responses)
    assert caught.value.code == "empty_input"


def test_attribute_nobody_rated_for_importance():
    responses = frame([("R1", "X", 4, 4), ("R1", "Y", None, 3), ("R2", "Y", None, 5)])
    with pytest.raises(AnalysisInputError) as caught:
        csi_ipa(responses)
    assert caught.value.code == "empty_input"
    assert caught.value.params == {"attribute": "Y", "column": "importance"}


def test_blank_attribute_is_invalid():
    with pytest.raises(AnalysisInputError) as caught:
        csi_ipa(frame([("R1", "X", 4, 4), ("R1", None, 4, 4)]))
    assert caught.value.code == "invalid_value"
    assert caught.value.params["column"] == "attribute"
    assert caught.value.params["reason"] == "blank"


def test_same_attribute_twice_for_one_respondent_is_invalid():
    with pytest.raises(AnalysisInputError) as caught:
        csi_ipa(frame([("R1", "X", 4, 4), ("R2", "X", 3, 3), ("R1", "X", 5, 5)]))
    assert caught.value.code == "invalid_value"
    assert caught.value.params["reason"] == "duplicate"
    assert (caught.value.params["row"], caught.value.params["respondent"]) == (2, "R1")


# --------------------------------------------------------------------------------------------
# Order, dimensions, boundaries
# --------------------------------------------------------------------------------------------


def test_attribute_order_is_respected():
    responses = frame([("R1", "X", 4, 4), ("R1", "Y", 3, 3), ("R1", "Z", 2, 5)])
    result = csi_ipa(responses, attribute_order=["Z", "X", "Y"])
    assert [a.attribute for a in result.attributes] == ["Z", "X", "Y"]
    assert [a.mis for a in result.attributes] == [2.0, 4.0, 3.0]


def test_attribute_outside_attribute_order_is_invalid():
    responses = frame([("R1", "X", 4, 4), ("R1", "Q", 3, 3)])
    with pytest.raises(AnalysisInputError) as caught:
        csi_ipa(responses, attribute_order=["X", "Y"])
    assert caught.value.code == "invalid_value"
    assert caught.value.params["reason"] == "unknown_attribute"
    assert caught.value.params["value"] == "Q"


def test_attribute_in_order_without_answers_is_empty_input():
    with pytest.raises(AnalysisInputError) as caught:
        csi_ipa(frame([("R1", "X", 4, 4)]), attribute_order=["X", "Y"])
    assert caught.value.code == "empty_input"
    assert caught.value.params["attribute"] == "Y"


def test_single_dimension_csi_equals_overall(semboro_responses):
    everything = dict.fromkeys(SEMBORO_DIMENSIONS, "Reliability")
    result = csi_ipa(semboro_responses, dimensions=everything)
    (only,) = result.dimensions
    assert only.dimension == "Reliability"
    assert only.n_attributes == 13
    assert only.csi == pytest.approx(result.csi, rel=1e-15)
    assert two_places(only.csi) == Decimal("84.36")
    assert only.mis_mean == pytest.approx(result.importance_mean, rel=1e-15)
    assert only.mss_mean == pytest.approx(result.performance_mean, rel=1e-15)


def test_unmapped_attribute_has_no_dimension():
    responses = frame([("R1", "X", 4, 2), ("R1", "Y", 2, 4)])
    result = csi_ipa(responses, dimensions={"X": "Empathy"})
    assert [a.dimension for a in result.attributes] == ["Empathy", None]
    (empathy,) = result.dimensions
    # Only X: WF 100 %, CSI = 2 / 5 * 100 = 40 -> not diluted by Y.
    assert empathy.csi == 40.0
    assert empathy.attributes == ("X",)


def test_csi_exactly_on_a_band_bound_is_in_the_upper_band():
    # Every performance is 4, so CSI = 4 / 5 * 100 = 80 whatever the weights (1/8, 2/8, 5/8 here).
    responses = frame([("R1", "X", 1, 4), ("R1", "Y", 2, 4), ("R1", "Z", 5, 4)])
    result = csi_ipa(responses)
    assert result.csi == 80.0
    assert result.csi_band == "very_satisfied"


@pytest.mark.parametrize(
    ("csi", "code", "label"),
    [
        (100, "very_satisfied", "sangat puas"),
        (80, "very_satisfied", "sangat puas"),
        (79.999, "satisfied", "puas"),
        (60, "satisfied", "puas"),
        (Fraction(119, 2), "fairly_satisfied", "cukup puas"),
        (40, "fairly_satisfied", "cukup puas"),
        (20, "dissatisfied", "tidak puas"),
        (19.99, "very_dissatisfied", "sangat tidak puas"),
        (0, "very_dissatisfied", "sangat tidak puas"),
    ],
)
def test_csi_band(csi, code, label):
    assert csi_band(csi) == (code, label)


def test_attribute_on_a_cut_line_is_on_the_upper_side():
    # Importance 3, 4, 5 and performance 3, 4, 5 -> both cut lines are 4.
    # (4, 4) sits on both lines -> B; (3, 3) -> C; (5, 5) -> B.
    responses = frame([("R1", "X", 3, 3), ("R1", "Y", 4, 4), ("R1", "Z", 5, 5)])
    result = csi_ipa(responses)
    assert [a.quadrant for a in result.attributes] == ["C", "B", "B"]


def test_cut_line_ties_are_exact_with_awkward_means():
    # Importance totals 7, 6, 5 over 3 respondents: MIS 7/3, 2, 5/3, so Y-bar = 2 exactly, but in
    # floats (7/3 + 2 + 5/3) / 3 = 2.0000000000000004 > 2 and Y would wrongly fall below the line.
    # MSS 2, 3, 4 -> X-bar = 3.
    # Y (x 3, y 2) is on both lines -> B; X (x 2, y 7/3) -> A; Z (x 4, y 5/3) -> D.
    importance = {"X": (3, 2, 2), "Y": (2, 2, 2), "Z": (2, 2, 1)}
    performance = {"X": 2, "Y": 3, "Z": 4}
    rows = [
        (f"R{r}", attr, importance[attr][r], performance[attr])
        for r in range(3)
        for attr in ("X", "Y", "Z")
    ]
    result = csi_ipa(frame(rows))
    assert result.importance_mean == 2.0
    assert [a.quadrant for a in result.attributes] == ["A", "B", "D"]


# --------------------------------------------------------------------------------------------
# round_half_up
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (4.125, 2, "4.13"),  # round() gives 4.12 (half to even)
        (2.675, 2, "2.68"),  # round() gives 2.67 (binary float is 2.67499...)
        (84.355, 2, "84.36"),
        (0.125, 2, "0.13"),
        (-1.005, 2, "-1.01"),  # halves away from zero
        (3, 2, "3.00"),
        (2.5, 0, "3"),
        (Decimal("1.235"), 2, "1.24"),
        (Fraction(99, 24), 2, "4.13"),
    ],
)
def test_round_half_up(value, places, expected):
    result = round_half_up(value, places)
    assert isinstance(result, Decimal)
    assert str(result) == expected


def test_round_half_up_rejects_nan():
    with pytest.raises(ValueError, match="non-finite"):
        round_half_up(float("nan"))
