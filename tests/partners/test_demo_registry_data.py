"""`make run`'s demo data shows the registry: polygons for most plots, plots at each workflow step,
signed contracts for the current season renewed from the previous one; loading twice adds
nothing."""

import pytest

from partners.demo import load_demo
from partners.models import (
    Plot,
    PlotOverlap,
    PlotRegistrationStep,
    RegistrationStatus,
    SeasonContract,
)
from partners.services.registration import find_overlaps

pytestmark = pytest.mark.django_db


def counts():
    return (
        SeasonContract.objects.count(),
        PlotRegistrationStep.objects.count(),
        SeasonContract.plots.through.objects.count(),
        SeasonContract.history.count(),
    )


def test_demo_has_polygons_contracts_and_steps_and_loads_twice():
    load_demo()
    first = counts()
    load_demo()
    assert counts() == first
    plots = list(Plot.objects.all())
    with_polygon = [p for p in plots if p.has_polygon]
    assert len(with_polygon) >= 0.8 * len(plots)
    assert all(p.measured_area_ha for p in with_polygon)
    assert any(p.area_warning for p in with_polygon)
    statuses = {p.registration_status for p in plots}
    assert {
        RegistrationStatus.SUBMITTED,
        RegistrationStatus.VALIDATED,
        RegistrationStatus.CONTRACTED,
    } <= statuses
    current = SeasonContract.objects.filter(season__is_current=True, status="signed")
    assert current.count() >= 20
    assert all(c.renewed_from_id for c in current)
    for contract in current:
        assert all(p.registration_status == "contracted" for p in contract.plots.all())
    for plot in plots:
        assert plot.registration_steps.last().to_status == plot.registration_status


def test_demo_plots_do_not_overlap_each_other():
    load_demo()
    assert not PlotOverlap.objects.exists()
    for plot in Plot.objects.all():
        assert find_overlaps(plot) == [], plot.code
