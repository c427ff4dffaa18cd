"""The apps' cards on the home pages count only what the user may see."""

import pytest
from django.urls import reverse

from complaints import services as complaint_services
from compliance.models import EventStatus, Party
from tebu_site.models import Role
from tests.complaints.factories import mill_world
from tests.compliance.factories import ComplianceEventFactory
from tests.factories import FarmerFactory, SeasonFactory, UserFactory, farmer_user

pytestmark = pytest.mark.django_db


def _card(body: str, testid: str) -> str:
    return body.split(f'data-testid="{testid}"')[1].split("</article>")[0]


def test_the_farmer_home_counts_own_open_complaints_and_events(client):
    world = mill_world()
    other = FarmerFactory(region=world.north)
    farmer_user(other)
    for farmer in (world.farmer, world.farmer, other):
        complaint_services.file_complaint(
            by=farmer.user, farmer=farmer, category="other", text="Timbangan kurang"
        )
    ComplianceEventFactory(mill=world.mill, farmer=world.farmer, party=Party.MILL)
    ComplianceEventFactory(mill=world.mill, farmer=other, party=Party.FARMER)
    client.force_login(world.farmer.user)

    body = client.get(reverse("home")).content.decode()

    assert '<span class="big">2</span>' in _card(body, "home-complaints-card")
    assert '<span class="big">1</span>' in _card(body, "home-compliance-card")


def test_staff_see_what_waits_on_them_and_the_mills_open_events(client):
    world = mill_world()
    complaint_services.file_complaint(
        by=world.farmer.user, farmer=world.farmer, category="rendemen", text="Rendemen rendah"
    )
    ComplianceEventFactory(mill=world.mill, farmer=world.farmer, party=Party.MILL)
    ComplianceEventFactory(
        mill=world.mill, farmer=world.farmer, party=Party.FARMER, status=EventStatus.CLOSED
    )
    elsewhere = FarmerFactory()  # another mill
    SeasonFactory(mill=elsewhere.mill)
    ComplianceEventFactory(farmer=elsewhere, party=Party.MILL)
    manager = UserFactory(role=Role.MANAGER, mills=[world.mill])

    client.force_login(world.qc)
    qc_home = client.get(reverse("home")).content.decode()
    client.force_login(manager)
    manager_home = client.get(reverse("home")).content.decode()

    assert '<span class="big">1</span>' in _card(qc_home, "home-complaints-card")
    assert 'data-testid="home-compliance-card"' not in qc_home
    assert '<span class="big">1</span>' in _card(manager_home, "home-compliance-card")
    assert 'data-testid="home-complaints-card"' not in manager_home  # nothing assigned to them
