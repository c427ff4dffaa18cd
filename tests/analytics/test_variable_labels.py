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
