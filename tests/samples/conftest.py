"""The samples world: the harvest world (tests/harvest/conftest.py) with a mill time limit of 2
hours to the lab and 4 to the analysis."""

import pytest

from samples.models import SampleSettings
from tests.harvest.conftest import hw  # noqa: F401 (the harvest world, as a fixture)
from tests.partners.conftest import _fast_password_hashing, world  # noqa: F401


@pytest.fixture
def limits(hw):  # noqa: F811
    return SampleSettings.objects.create(
        mill=hw.mill, lab_arrival_limit_hours=2, analysis_limit_hours=4
    )


@pytest.fixture(autouse=True)
def _english_messages(english):
    """The assertions read the msgids (English); the Indonesian catalogue must not break them."""
    yield
