import pytest
from django.conf import settings


def pytest_collection_modifyitems(config, items):
    """Tests marked needs_worker run only where a real worker is up (CI sets REQUIRE_SERVICES=1).

    Locally they are skipped and say why; in CI nothing is skipped: a missing worker fails the test.
    """
    if settings.REQUIRE_SERVICES:
        return
    skip = pytest.mark.skip(reason="needs a real Celery worker: run .ci/run (REQUIRE_SERVICES=1)")
    for item in items:
        if "needs_worker" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _indonesian_by_default(settings):
    settings.LANGUAGE_CODE = "id"
