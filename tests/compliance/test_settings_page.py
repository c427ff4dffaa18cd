"""Managers keep the catalogue, the thresholds and the season figures; nobody else may."""

from decimal import Decimal

import pytest
from django.urls import reverse

from compliance.models import ComplianceSettings, EventType, SeasonBenchmark
from tests.factories import farmer_user

pytestmark = pytest.mark.django_db


def test_manager_sets_thresholds_types_and_season_figures(hw, client):
    client.force_login(hw.manager)
    url = reverse("compliance:settings")
    page = client.get(url)
    assert page.status_code == 200
    assert EventType.objects.filter(mill=hw.mill, code="do_paid_late").exists()  # seeded

    client.post(
        url,
        {
            "form": "settings",
            "mill": hw.mill.pk,
            "do_unpaid_days": 21,
            "tranche_late_days": 30,
            "expected_yield_kw_per_ha": "750",
            "low_delivery_percent": 40,
            "low_delivery_quiet_days": 14,
            "spta_expiries": 3,
            "on_time_target_percent": 85,
        },
    )
    saved = ComplianceSettings.for_mill(hw.mill)
    assert (saved.do_unpaid_days, saved.tranche_late_days) == (21, 30)
    assert saved.on_time_target_percent == 85

    forum = EventType.objects.get(mill=hw.mill, code="forum_not_held")
    client.post(
        url,
        {
            "form": "type",
            "mill": hw.mill.pk,
            "type": forum.pk,
            "name": "FTK tidak diadakan",
            "party": "mill",
        },
    )
    forum.refresh_from_db()
    assert forum.name == "FTK tidak diadakan" and not forum.is_active

    client.post(
        url,
        {
            "form": "type",
            "mill": hw.mill.pk,
            "name": "Bibit tidak murni",
            "party": "farmer",
            "is_active": "on",
        },
    )
    assert EventType.objects.filter(mill=hw.mill, name="Bibit tidak murni").exists()

    response = client.post(
        url,
        {
            "form": "benchmark",
            "mill": hw.mill.pk,
            "season": hw.season.pk,
            "non_partner_price_per_kw": "52000",
        },
    )
    assert response.status_code == 200  # the source is missing: shown beside the field
    client.post(
        url,
        {
            "form": "benchmark",
            "mill": hw.mill.pk,
            "season": hw.season.pk,
            "non_partner_price_per_kw": "52000",
            "source": "Survei pedagang",
        },
    )
    assert SeasonBenchmark.objects.get(season=hw.season).non_partner_price_per_kw == Decimal(
        "52000.00"
    )


def test_others_may_not_configure(hw, client):
    for user in (hw.sinder, hw.qc, farmer_user(hw.farmer)):
        client.force_login(user)
        assert client.get(reverse("compliance:settings")).status_code == 403
