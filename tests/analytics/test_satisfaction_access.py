"""Only managers, analysts and administrators open the satisfaction dashboard; farmers and field
staff get 403; a manager of another mill reaches neither the round nor its results (404)."""

import pytest
from django.urls import reverse

from analytics.models import AnalysisRun
from tebu_site.models import Role
from tests.factories import FarmerFactory, MillFactory, UserFactory, farmer_user
from tests.surveys.reference import closed_reference_round

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def reference(django_capture_on_commit_callbacks):
    manager = UserFactory(role=Role.MANAGER)
    survey_round = closed_reference_round(manager, django_capture_on_commit_callbacks)
    run = AnalysisRun.objects.get(parameters__round_id=survey_round.pk)
    return {"round": survey_round, "run": run, "manager": manager}


def urls(reference):
    return [
        reverse("satisfaction:index"),
        reverse("satisfaction:round", args=[reference["round"].pk]),
        reverse("satisfaction:report", args=[reference["run"].pk]),
        reverse("satisfaction:export", args=[reference["run"].pk]),
    ]


@pytest.mark.parametrize(
    "role", [Role.FIELD_STAFF, Role.QC, Role.WEIGHBRIDGE_CLERK, Role.CREDIT_OFFICER]
)
def test_staff_without_the_analysis_role_get_403(client, reference, role):
    mill = reference["round"].mill
    client.force_login(UserFactory(role=role, mills=[mill], regions=list(mill.regions.all())))
    for url in urls(reference):
        assert client.get(url).status_code == 403, url
    compute = reverse("satisfaction:compute", args=[reference["round"].pk])
    assert client.post(compute).status_code == 403


def test_farmer_gets_403(client, reference):
    farmer = FarmerFactory(region__mill=reference["round"].mill)
    client.force_login(farmer_user(farmer))
    for url in urls(reference):
        assert client.get(url).status_code == 403, url


def test_manager_and_analyst_of_the_mill_and_administrator_see_it(client, reference):
    mill = reference["round"].mill
    for user in (
        reference["manager"],
        UserFactory(role=Role.ANALYST, mills=[mill]),
        UserFactory(role=Role.ADMINISTRATOR),
    ):
        client.force_login(user)
        for url in urls(reference):
            assert client.get(url).status_code == 200, (user.role, url)


def test_another_mills_manager_gets_404_and_an_empty_list(client, reference):
    client.force_login(UserFactory(role=Role.MANAGER, mills=[MillFactory()]))
    index = client.get(reverse("satisfaction:index"))
    assert index.status_code == 200
    assert reference["round"].name not in index.content.decode()
    for url in urls(reference)[1:]:
        assert client.get(url).status_code == 404, url
    compute = reverse("satisfaction:compute", args=[reference["round"].pk])
    assert client.post(compute).status_code == 404
    assert AnalysisRun.objects.count() == 1
