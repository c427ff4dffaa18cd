import pytest
from django.conf import settings

# The long tests (a minute or two each, much of it waiting on a browser or a worker) start first:
# spread over the two test processes from the start instead of queued at the end of one of
# them, where they left the other idle for minutes (CI: 1,046 s, the last 8 % taking 9 minutes).
LONG_TESTS = (
    "tests/e2e/",
    "tests/celery_worker/test_worker_dies_mid_run.py",
    "tests/tebu_site/test_api_survives_a_fuzzer.py",
    "tests/tebu_site/test_pages_survive_malformed_queries.py",
)


def pytest_collection_modifyitems(config, items):
    """Long tests first (see LONG_TESTS). Tests marked needs_worker run only where a real worker
    is up (CI sets REQUIRE_SERVICES=1): locally they are skipped and say why; in CI nothing is
    skipped, a missing worker fails the test."""
    items.sort(key=lambda item: not item.nodeid.startswith(LONG_TESTS))  # stable: order kept
    if settings.REQUIRE_SERVICES:
        return
    skip = pytest.mark.skip(reason="needs a real Celery worker: run .ci/run (REQUIRE_SERVICES=1)")
    for item in items:
        if "needs_worker" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _tasks_in_process(request):
    """Tasks run in the test's own process and transaction, even where a broker is configured (CI);
    only tests marked needs_worker send them through the real broker to a real worker."""
    from tebu_site.celery import app

    if request.node.get_closest_marker("needs_worker") or request.node.get_closest_marker(
        "celery_config"
    ):
        yield
        return
    # The app reads Django settings under the CELERY_ namespace, so the override must use that
    # name: setting conf.task_always_eager would be shadowed by the namespaced key.
    previous = app.conf.task_always_eager
    app.conf["CELERY_TASK_ALWAYS_EAGER"] = True
    assert app.conf.task_always_eager is True
    yield
    app.conf["CELERY_TASK_ALWAYS_EAGER"] = previous


@pytest.fixture(autouse=True)
def _farmer_pages_kept(settings):
    """The farmer's pages are kept as production keeps them (tebu_site.farmer_pages; there only
    with the shared cache, here the test process's own): every test that changes a farmer's data
    and opens his page again also checks that the page is not stale."""
    from django.core.cache import cache

    settings.FARMER_PAGE_CACHE_SECONDS = 60
    cache.clear()


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _indonesian_by_default(settings):
    """Every test starts in Indonesian, the product's language, whatever an earlier test's request
    left active in this thread (the locale middleware activates a language and keeps it)."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "id"
    translation.activate("id")
    yield
    translation.deactivate()


@pytest.fixture
def english(client):
    """English messages (the msgids) in services and on the pages (the language cookie, as the
    language switch sets it): tests that read reasons keep passing when the Indonesian catalogue
    is filled or reworded."""
    from django.conf import settings
    from django.utils import translation

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield
