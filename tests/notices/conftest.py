import pytest

# The harvest world (a mill, farmers, contracted plots, a scheme) and the stand-in SMS gateway on
# 127.0.0.1 that the sms tests use.
from tests.harvest.conftest import _fast_password_hashing, hw, world  # noqa: F401
from tests.sms.conftest import gateway  # noqa: F401

PHONE = "+6281234567001"


@pytest.fixture
def sms_farmer(hw):  # noqa: F811 (the fixture, imported above)
    """The north farmer of the harvest world with a verified phone and the default choice."""
    from tests.factories import verify_phone

    hw.farmer.phone = PHONE
    hw.farmer.save()
    verify_phone(hw.farmer)
    return hw.farmer
