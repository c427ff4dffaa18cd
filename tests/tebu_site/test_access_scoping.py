"""scope_for: one function decides what each role sees (domain.md section 2)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from partners.models import Farmer, Mill, Plot, Region
from tebu_site.access import ScopingNotDeclared, can_see, scope_for
from tebu_site.models import Role
from tests.factories import FarmerFactory, PlotFactory, RegionFactory, UserFactory, farmer_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """Two mills; mill A has regions north and south; one farmer with a plot in each region."""
    north = RegionFactory(name="Utara")
    south = RegionFactory(mill=north.mill, name="Selatan")
    other_mill_region = RegionFactory()
    farmers = {
        "north": FarmerFactory(region=north),
        "south": FarmerFactory(region=south),
        "other": FarmerFactory(region=other_mill_region),
    }
    plots = {key: PlotFactory(farmer=farmer) for key, farmer in farmers.items()}
    return {
        "north": north,
        "south": south,
        "other": other_mill_region,
        "farmers": farmers,
        "plots": plots,
        "mill": north.mill,
        "other_mill": other_mill_region.mill,
    }


def visible_farmers(user):
    return set(scope_for(user, Farmer.objects.all()))


def test_farmer_sees_only_own_records(world):
    me = world["farmers"]["north"]
    user = farmer_user(me)
    assert visible_farmers(user) == {me}
    assert set(scope_for(user, Plot.objects.all())) == {world["plots"]["north"]}


def test_farmer_without_farmer_record_sees_nothing(world):
    user = UserFactory(role=Role.FARMER)
    assert visible_farmers(user) == set()


def test_farmer_sees_no_mill_wide_reference_rows(world):
    user = farmer_user(world["farmers"]["north"])
    # Mill declares no farmer path: a farmer is not shown the mill registry through scope_for.
    assert not scope_for(user, Mill.objects.all()).exists()


def test_field_staff_see_only_their_regions_in_their_mill(world):
    sinder = UserFactory(role=Role.FIELD_STAFF, mills=[world["mill"]], regions=[world["north"]])
    assert visible_farmers(sinder) == {world["farmers"]["north"]}
    assert set(scope_for(sinder, Plot.objects.all())) == {world["plots"]["north"]}
    assert set(scope_for(sinder, Region.objects.all())) == {world["north"]}


def test_field_staff_region_of_another_mill_gives_nothing_there(world):
    # Assigned a region of another mill without belonging to that mill: mill membership wins.
    sinder = UserFactory(role=Role.FIELD_STAFF, mills=[world["mill"]], regions=[world["other"]])
    assert visible_farmers(sinder) == set()


@pytest.mark.parametrize(
    "role",
    [Role.MANAGER, Role.QC, Role.WEIGHBRIDGE_CLERK, Role.CREDIT_OFFICER, Role.ANALYST],
)
def test_mill_wide_roles_see_their_mill_only(world, role):
    user = UserFactory(role=role, mills=[world["mill"]])
    assert visible_farmers(user) == {world["farmers"]["north"], world["farmers"]["south"]}
    assert set(scope_for(user, Mill.objects.all())) == {world["mill"]}


def test_user_of_two_mills_sees_both(world):
    user = UserFactory(role=Role.MANAGER, mills=[world["mill"], world["other_mill"]])
    assert visible_farmers(user) == set(world["farmers"].values())


def test_administrator_and_superuser_see_everything(world):
    assert visible_farmers(UserFactory(role=Role.ADMINISTRATOR)) == set(world["farmers"].values())
    root = UserFactory(role=Role.FARMER, is_superuser=True)
    assert visible_farmers(root) == set(world["farmers"].values())


def test_anonymous_and_inactive_users_see_nothing(world):
    assert visible_farmers(AnonymousUser()) == set()
    inactive = UserFactory(role=Role.MANAGER, mills=[world["mill"]], is_active=False)
    assert visible_farmers(inactive) == set()


def test_can_see_checks_one_object(world):
    user = farmer_user(world["farmers"]["north"])
    assert can_see(user, world["plots"]["north"])
    assert not can_see(user, world["plots"]["south"])


def test_model_without_scoping_is_refused_not_shown():
    from django.contrib.auth.models import Group

    with pytest.raises(ScopingNotDeclared):
        scope_for(UserFactory(role=Role.MANAGER), Group.objects.all())
