"""A weighing must be plausible for its SPTA (issue 13): within the mill's truck limit, within the
SPTA's quota and the mill's tolerance (warned near it), on or after the SPTA's cutting date and
not in the future. A refused load saves nothing, leaves the SPTA usable and never reaches a DO."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from harvest.models import DeliveryOrder, HarvestPolicy, SptaStatus, Weighing
from harvest.services.spta import issue_spta, policy_for
from harvest.services.weighbridge import quota_warning
from harvest.services.weighing_import import import_weighings_csv
from tests.factories import SptaFactory
from tests.harvest.helpers import weigh

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def default_policy(hw):
    # The harvest world lets its trucks carry 100 t; these tests use the mill defaults (40 t).
    HarvestPolicy.objects.filter(mill=hw.mill).delete()
    return policy_for(hw.mill)


def refused(hw, spta, **values) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        weigh(hw, spta, **values)
    assert not Weighing.objects.exists()
    spta.refresh_from_db()
    assert spta.status == SptaStatus.ISSUED  # still usable once the numbers are right
    return caught.value.message_dict


def test_the_defaults_are_a_40_tonne_truck_and_a_10_percent_tolerance(default_policy):
    assert default_policy.max_gross_kg == D("40000")
    assert default_policy.quota_tolerance_percent == 10
    assert default_policy.quota_warning_percent == 90


def test_a_load_above_the_truck_limit_is_refused_naming_the_limit(hw, default_policy):
    spta = SptaFactory(plot=hw.plot, quota_kw=D("500"))
    errors = refused(hw, spta, gross_kg=D("45000"))
    assert "40.000" in " ".join(errors["gross_kg"])
    assert weigh(hw, spta, gross_kg=D("40000")).net_kg == D("33000")  # at the limit: accepted


def test_the_truck_limit_is_the_mills_own_setting(hw, default_policy):
    HarvestPolicy.objects.update_or_create(mill=hw.mill, defaults={"max_gross_kg": D("30000")})
    spta = SptaFactory(plot=hw.plot, quota_kw=D("500"))
    assert "30.000" in " ".join(refused(hw, spta, gross_kg=D("35000"))["gross_kg"])


def test_a_load_over_its_quota_beyond_the_tolerance_is_refused(hw, default_policy):
    spta = SptaFactory(plot=hw.plot, quota_kw=D("80"))  # 8,000 kg, plus 10 %: 8,800 kg
    errors = refused(hw, spta, gross_kg=D("15801"))  # net 8,801 kg
    message = " ".join(errors["gross_kg"])
    assert "8.800" in message and "80,00" in message
    assert weigh(hw, spta, gross_kg=D("15800")).net_kg == D("8800")  # at the limit: accepted


def test_a_mill_without_tolerance_refuses_a_kilogram_over(hw, default_policy):
    HarvestPolicy.objects.update_or_create(mill=hw.mill, defaults={"quota_tolerance_percent": 0})
    spta = SptaFactory(plot=hw.plot, quota_kw=D("80"))
    assert "gross_kg" in refused(hw, spta, gross_kg=D("15001"))


def test_a_load_near_its_quota_is_accepted_with_a_warning(hw, default_policy, client):
    spta = SptaFactory(plot=hw.plot, quota_kw=D("80"))
    client.force_login(hw.clerk)
    now = timezone.localtime()
    response = client.post(
        reverse("weighing-entry"),
        {
            "spta_number": spta.number,
            "gross_kg": "14500",  # net 7,500 kg: 94 % of the 8,000 kg quota
            "tare_kg": "7000",
            "trash_percent": "0",
            "cut_at": (now - timedelta(hours=5)).strftime("%Y-%m-%dT%H:%M"),
            "arrived_at": (now - timedelta(minutes=20)).strftime("%Y-%m-%dT%H:%M"),
        },
        follow=True,
    )
    weighing = Weighing.objects.get()
    assert weighing.net_kg == D("7500")
    page = response.content.decode().replace("<wbr>", "")
    assert "94 %" in page and "8.000 kg" in page
    assert quota_warning(weighing, default_policy) is not None
    light = weigh(hw, SptaFactory(plot=hw.plot, quota_kw=D("80")), gross_kg=D("12000"))
    assert quota_warning(light, default_policy) is None  # 5,000 kg: 63 %


def test_a_weighing_in_the_future_is_refused(hw, default_policy):
    spta = SptaFactory(plot=hw.plot)
    tomorrow = timezone.now() + timedelta(days=1)
    errors = refused(hw, spta, weighed_at=tomorrow, arrived_at=tomorrow, cut_at=tomorrow)
    assert "weighed_at" in errors


def test_a_load_weighed_before_its_spta_cutting_date_is_refused(hw, default_policy):
    spta = issue_spta(
        by=hw.manager,
        plot=hw.plot,
        cutting_date=timezone.localdate() + timedelta(days=2),
        quota_kw=D("80"),
        truck_plate="P 1 AB",
        driver_name="Sukardi",
    )
    assert "weighed_at" in refused(hw, spta)


def test_the_reproduced_absurd_weighing_is_a_400_and_no_do(hw, default_policy):
    # Issue 13, point 2: 999,999,999.9 kg on a 50 kw SPTA, tare 0, weighed tomorrow.
    spta = SptaFactory(plot=hw.plot, quota_kw=D("50"))
    client = APIClient()
    client.force_authenticate(hw.clerk)
    tomorrow = timezone.now() + timedelta(days=1)
    response = client.post(
        "/api/weighings/",
        {
            "spta": spta.pk,
            "gross_kg": "999999999.9",
            "tare_kg": "0",
            "cut_at": (tomorrow - timedelta(hours=3)).isoformat(),
            "arrived_at": (tomorrow - timedelta(hours=1)).isoformat(),
            "weighed_at": tomorrow.isoformat(),
        },
        format="json",
    )
    assert response.status_code == 400, response.content
    assert "gross_kg" in response.json()["errors"]
    assert not Weighing.objects.exists()
    assert not DeliveryOrder.objects.exists()


@pytest.mark.parametrize("gross", ["1e20", "NaN", "Infinity", "45000"])
def test_an_absurd_weight_in_the_weighbridge_csv_saves_nothing(hw, default_policy, gross):
    spta = SptaFactory(plot=hw.plot, quota_kw=D("500"))
    now = timezone.localtime()
    text = (
        "spta_number,gross_kg,tare_kg,trash_percent,cut_at,arrived_at,weighed_at\n"
        f"{spta.number},{gross},7000,0,{(now - timedelta(hours=5)):%Y-%m-%d %H:%M},"
        f"{(now - timedelta(hours=1)):%Y-%m-%d %H:%M},{now:%Y-%m-%d %H:%M}\n"
    )
    result = import_weighings_csv(by=hw.clerk, mill=hw.mill, text=text)
    assert not result.ok
    assert result.rows[0].outcome == "error" and result.rows[0].messages
    assert not Weighing.objects.exists()
