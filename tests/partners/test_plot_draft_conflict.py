"""A plot draft made from an older plot is never saved over a newer one (issue 15): the edit form
carries the version it was made from; if the plot changed since, the answer is 409 with both
versions side by side, and only the officer's explicit choice saves his draft."""

import re
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from partners.services.plots import update_plot
from tebu_site.draft_versions import version_of
from tebu_site.models import ClientSubmission
from tests.factories import PlotFactory

pytestmark = pytest.mark.django_db


def draft(**changes) -> dict:
    return {
        "area_ha": "1.5",
        "own_area_ha": "1.5",
        "rented_area_ha": "0",
        "land_type": "sawah",
        "crop_class": "rc",
        "ratoon_number": "1",
        "variety": "PS 881",
        "planted_or_cut_on": "",
        "is_active": "on",
        **changes,
    }


@pytest.fixture
def plot(world):
    return PlotFactory(farmer=world.farmer, code="U-010", variety="BL")


def test_the_edit_form_carries_the_version_it_was_made_from(world, plot, client):
    client.force_login(world.sinder)
    page = client.get(reverse("plot-edit", args=[plot.pk])).content.decode()
    seen = re.search(r'name="seen_version" value="([^"]+)"', page).group(1)
    assert seen == version_of(plot)
    assert "data-offline-queue" in page and 'name="client_id"' in page


def test_a_draft_of_an_older_plot_shows_both_versions_and_saves_nothing(world, plot, client):
    client.force_login(world.sinder)
    seen = version_of(plot)
    update_plot(plot=plot, by=world.manager, changes={"variety": "PSJT 941"})
    client_id = str(uuid.uuid4())
    answer = client.post(
        reverse("plot-edit", args=[plot.pk]),
        draft(seen_version=seen, client_id=client_id),
    )
    assert answer.status_code == 409
    rows = answer.context["rows"]
    assert [(row.mine, row.on_server) for row in rows] == [("PS 881", "PSJT 941")]
    html = answer.content.decode()
    assert 'data-testid="conflict-mine">PS 881<' in html
    assert 'data-testid="conflict-server">PSJT 941<' in html
    plot.refresh_from_db()
    assert plot.variety == "PSJT 941"
    assert not ClientSubmission.objects.filter(client_id=client_id).exists()

    # "Keep my draft" sends it again with the version now on the server: that is a choice.
    current = answer.context["current_version"]
    kept = client.post(
        reverse("plot-edit", args=[plot.pk]),
        draft(seen_version=current, client_id=client_id),
    )
    assert kept.status_code == 302
    plot.refresh_from_db()
    assert plot.variety == "PS 881" and plot.area_ha == Decimal("1.5")


def test_a_draft_of_the_current_plot_is_saved_at_once(world, plot, client):
    client.force_login(world.sinder)
    answer = client.post(reverse("plot-edit", args=[plot.pk]), draft(seen_version=version_of(plot)))
    assert answer.status_code == 302
    plot.refresh_from_db()
    assert plot.variety == "PS 881"
