"""Rejecting a load returns to the page the clerk came from, never to another site named in
``next`` (an open redirect would lend the mill's address to a phishing page)."""

import pytest
from django.urls import reverse

from tests.factories import SptaFactory
from tests.harvest.helpers import weigh

pytestmark = pytest.mark.django_db


@pytest.fixture
def weighing(hw):
    return weigh(hw, SptaFactory(plot=hw.plot))


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/path", "https:evil.example", "javascript:alert(1)"],
)
def test_reject_ignores_a_next_on_another_site(hw, client, weighing, next_url):
    client.force_login(hw.qc)

    response = client.post(
        reverse("weighing-reject", args=[weighing.pk]),
        {"reason": "Not MBS: 40 % trash", "next": next_url},
    )

    assert response.status_code == 302
    assert response.url == reverse("weighing-entry")
    weighing.refresh_from_db()
    assert weighing.rejected


def test_reject_follows_a_next_on_this_site(hw, client, weighing):
    client.force_login(hw.qc)
    back = reverse("spta-detail", args=[weighing.spta_id])

    response = client.post(
        reverse("weighing-reject", args=[weighing.pk]), {"reason": "Too wet", "next": back}
    )

    assert response.url == back
