"""The document upload page preselects the plot named in its URL (from the plot's page); a bad
plot id there reads as no plot (issue 13), never a 500."""

import pytest
from django.urls import reverse

from tests.factories import PlotFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("plot", ["abc", "NaN", "1e999999", "²", "99999999999999999999999", "\x00"])
def test_a_bad_plot_id_opens_the_upload_with_no_plot_chosen(world, client, plot):
    client.force_login(world.sinder)
    url = reverse("document-upload", args=[world.farmer.pk])
    response = client.get(url, {"plot": plot})
    assert response.status_code == 200
    assert response.context["form"].initial.get("plot") is None


def test_the_farmers_own_plot_is_preselected_and_another_farmers_is_not(world, client):
    own = PlotFactory(farmer=world.farmer)
    other = PlotFactory(farmer=world.south_farmer)
    client.force_login(world.sinder)
    url = reverse("document-upload", args=[world.farmer.pk])
    assert client.get(url, {"plot": own.pk}).context["form"].initial["plot"] == own
    assert client.get(url, {"plot": other.pk}).context["form"].initial["plot"] is None
