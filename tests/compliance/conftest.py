"""The compliance world: the harvest world (two mills, two regions, a farmer per region, the
PG Djatiroto scheme, a contracted plot per farmer) with the harvest fixtures reused as they are."""

from tests.partners.conftest import _fast_password_hashing, world  # noqa: F401
from tests.partners.harvest.conftest import hw  # noqa: F401
