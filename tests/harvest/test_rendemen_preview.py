"""The lab sees the rendemen its readings give while typing, step by step, with the same
calculation that records it, and starts each sample with the factors of its last one
(issue 14: the factor fields started empty each time, with no preview)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from harvest.models import RendemenAnalysis
from tests.factories import SptaFactory
from tests.harvest.helpers import weigh

pytestmark = pytest.mark.django_db

D = Decimal
READINGS = {
    "brix_reading": "20",
    "temperature_correction": "0.2",
    "pol_reading": "65",
    "specific_gravity": "1.08",
    "dilution_factor": "1",
    "extraction_factor": "0.5",
}


def preview(client, data) -> str:
    response = client.post(reverse("rendemen-preview"), data)
    assert response.status_code == 200
    return response.content.decode()


def test_the_preview_gives_the_rendemen_that_is_then_recorded(hw, client):
    client.force_login(hw.qc)
    page = preview(client, READINGS)
    # % pol = 0.26 × 65 × 1 / 1.08 = 15.648...; NN = 15.648 − 0.4 × (20.2 − 15.648) = 13.827;
    # rendemen = 13.827 × 0.5 = 6.91 %
    assert 'data-testid="preview-rendemen">6,91 %<' in page
    weighing = weigh(hw, SptaFactory(plot=hw.plot))
    client.post(reverse("rendemen-page"), {**READINGS, "weighings": [weighing.pk]})
    assert RendemenAnalysis.objects.get().rendemen_percent == D("6.91")


def test_incomplete_or_impossible_readings_say_so_and_save_nothing(hw, client):
    client.force_login(hw.qc)
    assert "preview-rendemen" not in preview(client, {**READINGS, "pol_reading": ""})
    impossible = preview(client, {**READINGS, "pol_reading": "95"})  # pol above brix
    assert 'data-testid="preview-problem"' in impossible
    assert "abc" not in preview(client, {**READINGS, "brix_reading": "abc"})
    assert not RendemenAnalysis.objects.exists()


def test_only_the_lab_may_ask_and_only_by_post(hw, client):
    client.force_login(hw.qc)
    assert client.get(reverse("rendemen-preview")).status_code == 405
    client.force_login(hw.clerk)
    assert client.post(reverse("rendemen-preview"), READINGS).status_code == 403


def test_the_next_sample_starts_with_the_last_ones_factors(hw, client):
    client.force_login(hw.qc)
    weighing = weigh(hw, SptaFactory(plot=hw.plot))
    client.post(
        reverse("rendemen-page"),
        {**READINGS, "dilution_factor": "1.25", "weighings": [weighing.pk]},
    )
    form = client.get(reverse("rendemen-page")).context["form"]
    assert form.initial["dilution_factor"] == D("1.25")
    assert form.initial["extraction_factor"] == D("0.5")
    assert "brix_reading" not in form.initial
