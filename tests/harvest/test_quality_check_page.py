"""QC records a load's quality check on a page (issue 12.7): errors beside the field, a second
check only with a reason, and only QC or a manager may record."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from harvest.models import QualityCheck
from harvest.services.spta import issue_spta
from tests.harvest.helpers import weigh

pytestmark = pytest.mark.django_db


@pytest.fixture
def load(hw):
    spta = issue_spta(
        by=hw.manager,
        plot=hw.plot,
        cutting_date=timezone.localdate(),
        quota_kw=Decimal("80"),
        truck_plate="EA 1 B",
        driver_name="Jamal",
    )
    return weigh(hw, spta)


def post(client, load, **changes):
    data = {
        "weighing": load.pk,
        "age_months": "13",
        "stalk_height_cm": "240",
        "stalk_quality_ok": "on",
        "variety_purity_percent": "98",
        "pest_free": "on",
        **changes,
    }
    return client.post(reverse("quality-checks"), {k: v for k, v in data.items() if v is not None})


def test_qc_records_a_check_and_corrects_it_only_with_a_reason(hw, client, load):
    client.force_login(hw.qc)
    assert post(client, load, pest_free=None).status_code == 302
    check = QualityCheck.objects.get(weighing=load)
    assert (check.pest_free, check.stalk_quality_ok, check.checked_by) == (False, True, hw.qc)

    again = post(client, load)
    assert again.status_code == 200
    assert again.context["form"].errors["reason"]
    assert post(client, load, reason="Diperiksa ulang: bebas hama").status_code == 302
    check.refresh_from_db()
    assert check.pest_free is True
    assert check.history.first().history_change_reason == "Diperiksa ulang: bebas hama"


@pytest.mark.parametrize(
    ("field", "value"),
    [("variety_purity_percent", "101"), ("stalk_height_cm", "-1"), ("age_months", "x")],
)
def test_an_impossible_value_is_refused_beside_the_field(hw, client, load, field, value):
    client.force_login(hw.qc)
    response = post(client, load, **{field: value})
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not QualityCheck.objects.exists()


def test_field_staff_may_not_record_a_check(hw, client, load):
    client.force_login(hw.sinder)
    assert post(client, load).status_code == 403
    assert not QualityCheck.objects.exists()


def test_a_load_of_another_mill_cannot_be_chosen(hw, client, load):
    client.force_login(hw.qc)
    response = post(client, load, weighing=999999)
    assert response.status_code == 200
    assert response.context["form"].errors["weighing"]
