"""Shortcuts for registry tests: a plot taken through the workflow by the services."""

from decimal import Decimal

from partners.services import registration
from partners.services.plots import add_plot
from tests.approvals import walk_plot_chain
from tests.factories import square


def approved_plot(world, farmer=None, code="P-001", lon=113.45, lat=-8.2):
    farmer = farmer or world.farmer
    plot = add_plot(
        by=world.manager,
        farmer=farmer,
        code=code,
        area_ha=Decimal("1.0000"),
        land_type="sawah",
        crop_class="pc",
        geometry=square(lon, lat),
    )
    registration.check_overlaps(plot=plot, by=world.manager)
    registration.validate_plot(plot=plot, by=world.manager)
    walk_plot_chain(plot)
    plot.refresh_from_db()
    return plot
