from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
METHOD_DATA = Path(__file__).parent / "methods" / "data"


@pytest.fixture
def semboro_csv() -> bytes:
    """PG Semboro 2019 survey (Larasati 2020), 24 respondents x 13 attributes."""
    return (METHOD_DATA / "csi_ipa_semboro_responses.csv").read_bytes()


@pytest.fixture
def data_dir() -> Path:
    return DATA
