"""Settlement scheme parameters go through one schema, the pure calculation's own parser, on the
API and on the page alike (issue 13, point 3): malformed parameters are a 400 or a form error,
never a 500, and no price beyond any real one is saved."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from harvest.models import SettlementScheme

pytestmark = pytest.mark.django_db

PRICE_PER_KG = {"kind": "price_per_kg", "contract_price_per_kg": "380"}
BAD = [
    "abc",
    5,
    [1, 2],
    {"sharing_tiers": 5},
    {"sharing_tiers": [5]},
    {**PRICE_PER_KG, "contract_price_per_kg": "1e400"},
    {**PRICE_PER_KG, "contract_price_per_kg": "99999999999"},
    {"kind": 5},
]


@pytest.mark.parametrize("parameters", BAD, ids=[json.dumps(b) for b in BAD])
def test_the_api_refuses_malformed_parameters(hw, parameters):
    before = SettlementScheme.objects.count()
    client = APIClient()
    client.force_authenticate(hw.manager)
    response = client.post(
        "/api/settlement-schemes/",
        {
            "season": hw.season.pk,
            "name": "Coba",
            "parameters": parameters,
            "effective_from": (timezone.localdate().replace(year=2030)).isoformat(),
        },
        format="json",
    )
    assert response.status_code == 400, response.content
    assert "parameters" in response.json()["errors"]
    assert SettlementScheme.objects.count() == before


@pytest.mark.parametrize("parameters", BAD[3:], ids=[json.dumps(b) for b in BAD[3:]])
def test_the_page_refuses_them_beside_the_field(hw, client, parameters):
    before = SettlementScheme.objects.count()
    client.force_login(hw.manager)
    response = client.post(
        reverse("scheme-create"),
        {
            "season": hw.season.pk,
            "name": "Coba",
            "parameters": json.dumps(parameters),
            "effective_from": "2030-01-01",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors.get("parameters")
    assert SettlementScheme.objects.count() == before


def test_a_real_price_per_kg_scheme_is_accepted(hw):
    SettlementScheme.objects.filter(mill=hw.mill).update(effective_to="2029-12-31")
    client = APIClient()
    client.force_authenticate(hw.manager)
    response = client.post(
        "/api/settlement-schemes/",
        {
            "season": hw.season.pk,
            "name": "PT SMS",
            "parameters": PRICE_PER_KG,
            "effective_from": "2030-01-01",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
