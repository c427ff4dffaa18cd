"""Complaints reach the right desk by category, with fallbacks where a mill named nobody."""

import pytest

from complaints import services
from complaints.models import ComplaintDesk, Duty, Level, RegionKkw, Status
from tebu_site.models import Role
from tests.complaints.factories import mill_world
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _file(world, category, farmer=None):
    farmer = farmer or world.farmer
    return services.file_complaint(
        by=farmer.user or world.kkw_north, farmer=farmer, category=category, text="Keluhan"
    )


@pytest.mark.parametrize(
    "category, holder, duty",
    [
        ("rendemen", "qc", Duty.QC),
        ("weighing", "qc", Duty.QC),
        ("cutting_crew", "foreman", Duty.CUTTING_FOREMAN),
        ("payment", "kkw_north", Duty.KKW),
        ("credit", "kkw_north", Duty.KKW),
        ("other", "kkw_north", Duty.KKW),
    ],
)
def test_each_category_goes_to_its_desk(world, category, holder, duty):
    complaint = _file(world, category)
    assert complaint.handler == getattr(world, holder)
    assert complaint.duty == duty
    assert complaint.level == Level.FIRST_LINE
    assert complaint.status == Status.NEW


def test_the_kkw_is_the_field_staff_of_the_farmers_region(world):
    from tests.factories import FarmerFactory, farmer_user

    south_farmer = FarmerFactory(region=world.south)
    farmer_user(south_farmer)
    assert _file(world, "payment", south_farmer).handler == world.kkw_south


def test_a_named_region_kkw_comes_before_the_other_field_staff(world):
    second = UserFactory(role=Role.FIELD_STAFF, mills=[world.mill], regions=[world.north])
    RegionKkw.objects.create(region=world.north, user=second)
    assert _file(world, "other").handler == second


def test_without_a_desk_the_first_qc_user_and_the_region_staff_answer():
    world = mill_world("Djatiroto", desk=False)
    assert not ComplaintDesk.objects.filter(mill=world.mill).exists()
    assert _file(world, "rendemen").handler == world.qc
    # No foreman named: the region's KKW, who schedules the cutting, takes it.
    assert _file(world, "cutting_crew").handler == world.kkw_north


def test_a_desk_user_who_left_the_mill_is_skipped(world):
    world.qc.mills.clear()
    other_qc = UserFactory(role=Role.QC, mills=[world.mill])
    assert _file(world, "rendemen").handler == other_qc


def test_with_nobody_on_the_first_line_the_assistant_manager_takes_it(world):
    world.north.field_staff.clear()
    complaint = _file(world, "payment")
    assert complaint.handler == world.assistant
    assert complaint.level == Level.ASSISTANT_MANAGER
