"""The compliance world: the harvest world (two mills, two regions, a farmer per region, the
PG Djatiroto scheme, a contracted plot per farmer) with the harvest fixtures reused as they are,
and the credit world (``cw``) for the tests that wire compliance to credit."""

from tests.credit.conftest import cw  # noqa: F401
from tests.harvest.conftest import hw  # noqa: F401
from tests.partners.conftest import _fast_password_hashing, world  # noqa: F401
