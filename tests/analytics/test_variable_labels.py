"""Tebu Mitra's own farm columns read as words in the results (issue 14: the logit table showed
`experience_years`); a column of an uploaded file keeps the analyst's own name."""

import pytest
from django.utils import translation

from analytics.models import AnalysisKind
from analytics.presentation import reading

COEFFICIENT = {"b": 0.5, "se": 0.1, "wald": 25.0, "df": 1, "sig": 0.001, "exp_b": 1.649}


@pytest.fixture
def result():
    return {
        "ci_level": 0.95,
        "coefficients": [
            {"name": "experience_years", "ci_lower": 1.2, "ci_upper": 2.1, **COEFFICIENT},
            {"name": "umur_kepala_kk", "ci_lower": 1.2, "ci_upper": 2.1, **COEFFICIENT},
            {"name": "constant", "ci_lower": None, "ci_upper": None, **COEFFICIENT},
        ],
    }


def test_the_logit_table_and_reading_name_our_columns_in_words(result):
    with translation.override("en"):
        sentences = reading(AnalysisKind.LOGIT, result)
    assert sentences[0].startswith("Each one-unit rise in Years farming cane multiplies")
    assert "umur_kepala_kk" in sentences[1]  # an uploaded file's column keeps its name
    with translation.override("id"):
        assert "experience_years" not in " ".join(reading(AnalysisKind.LOGIT, result))


def _coefficient_table(result):
    from analytics.presentation import _logit_tables

    full = {
        **result,
        "omnibus": {"chi2": 1.0, "df": 2, "sig": 0.5},
        "minus2ll": 1.0,
        "cox_snell_r2": 0.1,
        "nagelkerke_r2": 0.1,
        "minus2ll_null": 2.0,
        "hosmer_lemeshow": {"chi2": 1.0, "df": 8, "sig": 0.9, "groups": []},
        "classification": {
            "cut": 0.5,
            "table": [[1, 0], [0, 1]],
            "percent_correct": [100, 100],
            "overall_percent": 100,
        },
    }
    (table,) = [t for t in _logit_tables(full) if t.title == "Variables in the Equation"]
    return table


def test_the_constant_is_explained_under_the_coefficients(result):
    with translation.override("en"):
        note = _coefficient_table(result).explanation
    assert "log-odds of joining for a farmer whose every variable is 0" in note
    assert "separates" not in note  # ordinary coefficients: no warning


def test_a_runaway_constant_is_called_unreliable(result):
    result["coefficients"][2]["b"] = -20000.0
    with translation.override("en"):
        note = _coefficient_table(result).explanation
    assert "Constant: a coefficient this large" in note
    assert "not reliable" in note
