"""submitted → surveyed → overlap checked → validated → approved → contracted, or rejected with a
reason at any step; each step records who and when (domain.md section 3)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from partners.models import RegistrationStatus as S
from partners.services import contracts, registration
from partners.services.plots import add_plot
from tebu_site.models import Role
from tests.approvals import walk_plot_chain
from tests.factories import UserFactory, square

pytestmark = pytest.mark.django_db


def new_plot(world, code="P-001", geometry=None, **kwargs):
    return add_plot(
        by=world.sinder,
        farmer=world.farmer,
        code=code,
        area_ha=Decimal("1.0000"),
        land_type="sawah",
        crop_class="pc",
        geometry=geometry,
        **kwargs,
    )


def test_full_workflow_records_who_and_when_at_each_step(world):
    before = timezone.now()
    plot = new_plot(world, geometry={"type": "Point", "coordinates": [113.45, -8.2]})
    assert plot.registration_status == S.SUBMITTED
    registration.record_survey(plot=plot, geometry=square(113.45, -8.2), by=world.qc)
    registration.check_overlaps(plot=plot, by=world.qc)
    registration.validate_plot(plot=plot, by=world.sinder, note="Data KTP cocok")
    signers = walk_plot_chain(plot)
    contract = contracts.create_contract(
        by=world.sinder,
        farmer=world.farmer,
        season=world.season,
        plots=[plot],
        partner_type="trk",
    )
    contracts.sign_contract(contract=contract, by=world.sinder, signed_on=date.today())
    plot.refresh_from_db()
    assert plot.registration_status == S.CONTRACTED
    steps = list(plot.registration_steps.order_by("at", "id"))
    assert [(s.action, s.to_status) for s in steps] == [
        ("submit", S.SUBMITTED),
        ("survey", S.SURVEYED),
        ("check_overlap", S.OVERLAP_CHECKED),
        ("validate", S.VALIDATED),
        ("approve", S.APPROVED),
        ("contract", S.CONTRACTED),
    ]
    assert [s.by for s in steps] == [
        world.sinder,
        world.qc,
        world.qc,
        world.sinder,
        signers[-1],  # the cane manager takes the chain's last step
        world.sinder,
    ]
    assert all(s.at >= before for s in steps)
    assert steps[3].note == "Data KTP cocok"
    assert steps[2].from_status == S.SURVEYED


def test_plot_added_with_a_polygon_is_surveyed_at_once(world):
    plot = new_plot(world, geometry=square(113.45, -8.2))
    assert plot.registration_status == S.SURVEYED
    assert list(plot.registration_steps.values_list("action", flat=True)) == ["submit", "survey"]


def test_steps_cannot_be_skipped(world):
    plot = new_plot(world)
    with pytest.raises(ValidationError):
        registration.approve_plot(plot=plot, by=world.manager)
    with pytest.raises(ValidationError):
        registration.check_overlaps(plot=plot, by=world.qc)  # nothing measured yet
    with pytest.raises(ValidationError):
        registration.validate_plot(plot=plot, by=world.sinder)
    plot.refresh_from_db()
    assert plot.registration_status == S.SUBMITTED


def test_survey_needs_a_polygon_not_a_point(world):
    plot = new_plot(world)
    with pytest.raises(ValidationError):
        registration.record_survey(
            plot=plot, geometry={"type": "Point", "coordinates": [113.45, -8.2]}, by=world.qc
        )


@pytest.mark.parametrize(
    "stop_at", ["submitted", "surveyed", "overlap_checked", "validated", "approved"]
)
def test_reject_with_reason_at_any_step(world, stop_at):
    plot = new_plot(world, geometry=square(113.45, -8.2))
    moves = [
        lambda: registration.check_overlaps(plot=plot, by=world.qc),
        lambda: registration.validate_plot(plot=plot, by=world.sinder),
        lambda: walk_plot_chain(plot),
    ]
    if stop_at == "submitted":
        plot = new_plot(world, code="P-002")
    else:
        order = ["surveyed", "overlap_checked", "validated", "approved"]
        for move in moves[: order.index(stop_at)]:
            move()
    assert plot.registration_status == stop_at
    with pytest.raises(ValidationError):
        registration.reject_plot(plot=plot, by=world.qc, reason="  ")
    registration.reject_plot(plot=plot, by=world.qc, reason="Sertifikat tanah tidak ada")
    plot.refresh_from_db()
    assert plot.registration_status == S.REJECTED
    assert plot.rejection_reason == "Sertifikat tanah tidak ada"
    last = plot.registration_steps.latest("at", "id")
    assert (last.action, last.from_status, last.by) == ("reject", stop_at, world.qc)


def test_rejected_plot_can_be_reopened_but_not_approved(world):
    plot = new_plot(world)
    registration.reject_plot(plot=plot, by=world.sinder, reason="KK belum ada")
    with pytest.raises(ValidationError):
        registration.validate_plot(plot=plot, by=world.sinder)
    registration.reopen_plot(plot=plot, by=world.sinder, note="KK sudah diserahkan")
    plot.refresh_from_db()
    assert plot.registration_status == S.SUBMITTED
    assert plot.rejection_reason == ""


def test_contracted_plot_cannot_be_rejected(world):
    plot = new_plot(world, geometry=square(113.45, -8.2))
    registration.check_overlaps(plot=plot, by=world.qc)
    registration.validate_plot(plot=plot, by=world.sinder)
    walk_plot_chain(plot)
    registration.mark_contracted(plot=plot, by=world.sinder)
    with pytest.raises(ValidationError):
        registration.reject_plot(plot=plot, by=world.qc, reason="late")


def test_new_drawing_after_the_overlap_check_needs_a_new_check(world):
    plot = new_plot(world, geometry=square(113.45, -8.2))
    registration.check_overlaps(plot=plot, by=world.qc)
    registration.validate_plot(plot=plot, by=world.sinder)
    registration.record_survey(plot=plot, geometry=square(113.46, -8.2), by=world.qc)
    assert plot.registration_status == S.SURVEYED


@pytest.mark.parametrize("role", [Role.WEIGHBRIDGE_CLERK, Role.ANALYST, Role.CREDIT_OFFICER])
def test_roles_outside_registration_cannot_move_plots(world, role):
    plot = new_plot(world, geometry=square(113.45, -8.2))
    user = UserFactory(role=role, mills=[world.mill])
    with pytest.raises(PermissionDenied):
        registration.check_overlaps(plot=plot, by=user)


def test_qc_cannot_validate_that_is_the_kkw_step(world):
    plot = new_plot(world, geometry=square(113.45, -8.2))
    registration.check_overlaps(plot=plot, by=world.qc)
    with pytest.raises(PermissionDenied):
        registration.validate_plot(plot=plot, by=world.qc)


def test_field_staff_cannot_move_another_regions_plot(world):
    from tests.factories import PlotFactory

    plot = PlotFactory(farmer=world.south_farmer)
    with pytest.raises(PermissionDenied):
        registration.reject_plot(plot=plot, by=world.sinder, reason="x")
