"""Within one request a user's mills and regions are read once; outside a request never cached."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext

from partners.models import Farmer
from tebu_site.access import RequestScopeCacheMiddleware, scope_for
from tebu_site.models import Role
from tests.factories import FarmerFactory, MillFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db


def _membership_queries(captured) -> int:
    user_model = get_user_model()
    tables = {user_model.mills.through._meta.db_table, user_model.regions.through._meta.db_table}
    return sum(1 for q in captured.captured_queries if any(t in q["sql"] for t in tables))


def test_one_request_reads_the_users_memberships_once_however_many_lists_it_scopes(rf):
    region = RegionFactory()
    sinder = UserFactory(role=Role.FIELD_STAFF, mills=[region.mill], regions=[region])
    FarmerFactory(region=region)
    counts = {}

    def view(request):
        with CaptureQueriesContext(connection) as captured:
            for _ in range(3):
                counts.setdefault("farmers", []).append(
                    scope_for(sinder, Farmer.objects.all()).count()
                )
        counts["memberships"] = _membership_queries(captured)
        return HttpResponse()

    RequestScopeCacheMiddleware(view)(rf.get("/"))

    assert counts["farmers"] == [1, 1, 1]
    assert counts["memberships"] == 2  # mills once, regions once


def test_outside_a_request_a_new_mill_shows_at_once():
    region = RegionFactory()
    other = RegionFactory()
    manager = UserFactory(role=Role.MANAGER, mills=[region.mill])
    FarmerFactory(region=other)
    assert scope_for(manager, Farmer.objects.all()).count() == 0

    manager.mills.add(other.mill)

    assert scope_for(manager, Farmer.objects.all()).count() == 1


def test_the_cache_ends_with_the_request(rf):
    mill = MillFactory()
    manager = UserFactory(role=Role.MANAGER, mills=[mill])
    FarmerFactory(region=RegionFactory(mill=mill))
    seen = []

    def view(request):
        seen.append(scope_for(manager, Farmer.objects.all()).count())
        return HttpResponse()

    RequestScopeCacheMiddleware(view)(rf.get("/"))
    manager.mills.clear()
    RequestScopeCacheMiddleware(view)(rf.get("/"))

    assert seen == [1, 0]
