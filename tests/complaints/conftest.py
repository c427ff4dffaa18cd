import pytest

from tests.complaints.factories import mill_world


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Every world creates several logins; the default hasher would dominate the run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db, _fast_passwords):
    return mill_world()


@pytest.fixture
def english():
    """For tests that read messages: the msgids are English, and Indonesian translations added
    later must not break the assertions."""
    from django.utils import translation

    with translation.override("en"):
        yield
