import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory

from partners.demo import DEMO_ACCOUNTS, load_demo
from partners.models import Farmer, Mill, Plot, Season
from tebu_site.models import Role

pytestmark = pytest.mark.django_db


def test_demo_data_has_the_promised_shape_and_loads_twice():
    load_demo()
    counts = (Mill.objects.count(), Farmer.objects.count(), Plot.objects.count())
    load_demo()  # a second `make run` must be safe and change nothing
    assert (Mill.objects.count(), Farmer.objects.count(), Plot.objects.count()) == counts
    assert counts[0] == 2
    assert 35 <= counts[1] <= 45
    assert counts[2] >= counts[1]
    assert Season.objects.filter(is_current=True).count() == 2
    for plot in Plot.objects.all():
        assert plot.own_area_ha + plot.rented_area_ha == plot.area_ha


def test_every_role_has_a_demo_account_that_logs_in():
    load_demo()
    assert {account.role for account in DEMO_ACCOUNTS} == set(Role.values)
    request = RequestFactory().post("/accounts/login/")
    for account in DEMO_ACCOUNTS:
        user = authenticate(request, username=account.username, password=account.password)
        assert user is not None, account.username
        assert user.role == account.role


def test_demo_farmer_login_is_linked_and_field_staff_have_a_region():
    load_demo()
    farmer = Farmer.objects.get(user__username="petani")
    assert farmer.mill.code == "semboro"
    sinder = Farmer.objects.model._meta.apps.get_model("tebu_site", "User").objects.get(
        username="sinder"
    )
    assert sinder.regions.count() == 1
