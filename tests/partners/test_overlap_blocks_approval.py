"""An overlap with any active plot of any farmer or mill blocks approval, naming the other plot,
until a release is recorded (domain.md section 3, step 4)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from partners.models import PlotOverlap
from partners.models import RegistrationStatus as S
from partners.services import registration
from partners.services.plots import add_plot
from tests.approvals import take_waiting_step, walk_plot_chain
from tests.factories import PlotFactory, square

pytestmark = pytest.mark.django_db


def measured_plot(world, farmer, code, geometry, by=None):
    return add_plot(
        by=by or world.manager,
        farmer=farmer,
        code=code,
        area_ha=Decimal("1.0000"),
        land_type="sawah",
        crop_class="pc",
        geometry=geometry,
    )


def ready_for_approval(world, plot):
    registration.check_overlaps(plot=plot, by=world.qc)
    registration.validate_plot(plot=plot, by=world.sinder)
    return plot


def other_mill_plot(world, code="DJA-007-1", geometry=None):
    plot = PlotFactory(farmer=world.other_farmer, code=code, registration_status=S.CONTRACTED)
    plot.set_geometry(geometry or square(113.45, -8.2, 100))
    plot.save()
    return plot


def test_plot_overlapping_another_mills_plot_is_blocked_naming_it(world):
    theirs = other_mill_plot(world)
    mine = measured_plot(world, world.farmer, "SEM-001-1", square(113.4505, -8.2, 100))
    ready_for_approval(world, mine)
    with pytest.raises(ValidationError) as error:
        take_waiting_step(mine)
    message = " ".join(error.value.messages)
    assert theirs.code in message
    assert theirs.mill.name in message
    mine.refresh_from_db()
    assert mine.registration_status == S.VALIDATED
    overlap = PlotOverlap.objects.get(plot=mine)
    assert overlap.other_plot == theirs
    # ~ 100 m × 45 m shared
    assert Decimal("4000") < overlap.overlap_m2 < Decimal("5000")


def test_overlap_check_records_the_overlap_in_its_step(world):
    theirs = other_mill_plot(world)
    mine = measured_plot(world, world.farmer, "SEM-001-1", square(113.4505, -8.2, 100))
    registration.check_overlaps(plot=mine, by=world.qc)
    step = mine.registration_steps.get(action="check_overlap")
    assert theirs.code in step.note
    assert step.by == world.qc


def test_recorded_release_lets_approval_through(world):
    other_mill_plot(world)
    mine = ready_for_approval(
        world, measured_plot(world, world.farmer, "SEM-001-1", square(113.4505, -8.2, 100))
    )
    overlap = mine.overlaps.get()
    with pytest.raises(ValidationError):
        registration.release_overlap(overlap=overlap, by=world.qc, note=" ")
    registration.release_overlap(
        overlap=overlap, by=world.qc, note="Surat PG Djatiroto no. 12/2026: petak dilepas"
    )
    walk_plot_chain(mine)
    mine.refresh_from_db()
    assert mine.registration_status == S.APPROVED
    overlap.refresh_from_db()
    assert overlap.released_by == world.qc and overlap.released_at is not None


def test_overlap_with_another_farmer_of_the_same_mill_also_blocks(world):
    neighbour = measured_plot(world, world.south_farmer, "SEM-009-1", square(113.45, -8.2, 100))
    mine = ready_for_approval(
        world, measured_plot(world, world.farmer, "SEM-001-1", square(113.4505, -8.2, 100))
    )
    with pytest.raises(ValidationError, match=neighbour.code):
        take_waiting_step(mine)


def test_sliver_along_a_shared_boundary_is_within_tolerance(world):
    other_mill_plot(world, geometry=square(113.45, -8.2, 100))
    # Starts 99.8 m east: a 0.2 m × 100 m sliver (20 m²) from two GPS walks of the same ridge.
    from pyproj import Geod

    lon, lat, _ = Geod(ellps="WGS84").fwd(113.45, -8.2, 90, 99.8)
    mine = ready_for_approval(
        world, measured_plot(world, world.farmer, "SEM-002-1", square(lon, lat))
    )
    walk_plot_chain(mine)
    assert not mine.overlaps.exists()


def test_rejected_and_inactive_plots_do_not_count(world):
    rejected = other_mill_plot(world, code="DJA-001-1")
    rejected.registration_status = S.REJECTED
    rejected.rejection_reason = "dobel"
    rejected.save()
    inactive = other_mill_plot(world, code="DJA-002-1")
    inactive.is_active = False
    inactive.save()
    mine = ready_for_approval(
        world, measured_plot(world, world.farmer, "SEM-003-1", square(113.4505, -8.2, 100))
    )
    walk_plot_chain(mine)


def test_plot_registered_after_the_check_still_blocks_approval(world):
    mine = ready_for_approval(
        world, measured_plot(world, world.farmer, "SEM-004-1", square(113.4505, -8.2, 100))
    )
    late = other_mill_plot(world, code="DJA-099-1")
    with pytest.raises(ValidationError, match=late.code):
        take_waiting_step(mine)


def test_far_away_plots_are_not_compared_in_detail(world, monkeypatch):
    for i in range(30):
        other_mill_plot(world, code=f"DJA-{i:03d}-1", geometry=square(114 + i * 0.01, -7.5))
    mine = measured_plot(world, world.farmer, "SEM-005-1", square(113.45, -8.2))
    compared = []
    exact = registration.geo.overlap_m2
    monkeypatch.setattr(
        registration.geo, "overlap_m2", lambda a, b: compared.append(b) or exact(a, b)
    )
    assert registration.find_overlaps(mine) == []
    assert compared == []  # the bounding boxes ruled them out in the query
