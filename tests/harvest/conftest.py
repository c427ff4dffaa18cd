"""The harvest world: the registry world (tests/partners/conftest.py) plus the mill's weighbridge
clerk and credit officer, a daily capacity, a contracted plot per farmer, and the PG Djatiroto
settlement scheme in force for the season."""

from dataclasses import dataclass
from decimal import Decimal

import pytest

from harvest.models import HarvestPolicy, SettlementScheme
from partners.models import Plot, RegistrationStatus
from tebu_site.models import Role
from tests.factories import DJATIROTO_SCHEME, PlotFactory, SettlementSchemeFactory, UserFactory
from tests.partners.conftest import _fast_password_hashing, world  # noqa: F401, F811


@dataclass
class HarvestWorld:
    base: object
    clerk: object
    credit: object
    scheme: SettlementScheme
    plot: Plot
    south_plot: Plot
    other_plot: Plot

    def __getattr__(self, name):
        return getattr(self.base, name)


@pytest.fixture
def hw(world) -> HarvestWorld:  # noqa: F811 (the fixture, imported above)
    world.mill.daily_capacity_tonnes = Decimal("6500")
    world.mill.save()
    # The settlement tests deliver whole periods in a few big loads: this mill's trucks may carry
    # up to 100 t (the default limit of 40 t has its own tests in test_weighing_plausibility.py).
    HarvestPolicy.objects.create(mill=world.mill, max_gross_kg=Decimal("100000"))
    contracted = {"registration_status": RegistrationStatus.CONTRACTED}
    return HarvestWorld(
        base=world,
        clerk=UserFactory(role=Role.WEIGHBRIDGE_CLERK, mills=[world.mill]),
        credit=UserFactory(role=Role.CREDIT_OFFICER, mills=[world.mill]),
        scheme=SettlementSchemeFactory(
            mill=world.mill, season=world.season, parameters=dict(DJATIROTO_SCHEME)
        ),
        plot=PlotFactory(farmer=world.farmer, code="U-001", area_ha=Decimal("2.7"), **contracted),
        south_plot=PlotFactory(farmer=world.south_farmer, code="S-001", **contracted),
        other_plot=PlotFactory(farmer=world.other_farmer, code="T-001", **contracted),
    )
