"""Rendemen: computed from the juice readings by the formula of domain.md 5 with every step kept;
entered directly only with a reason; a rendemen of 25 % is refused with a clear message and
nothing saved; the database holds 0..20."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from harvest.models import RendemenAnalysis, RendemenMethod, Weighing
from harvest.services.rendemen import record_rendemen
from tests.factories import RendemenAnalysisFactory, SptaFactory
from tests.harvest.helpers import weigh

pytestmark = pytest.mark.django_db

D = Decimal

# brix 20.0 + 0.2 = 20.2 % brix; % pol = 0.26 × 65 × 1 / 1.08 = 15.648148...;
# NN = 15.648148 − 0.4 × (20.2 − 15.648148) = 13.827407...; × 0.5 = 6.913703... -> 6.91 %.
READINGS = {
    "brix_reading": D("20.0"),
    "temperature_correction": D("0.2"),
    "pol_reading": D("65"),
    "specific_gravity": D("1.08"),
    "dilution_factor": D("1"),
    "extraction_factor": D("0.5"),
}


@pytest.fixture
def weighing(hw):
    return weigh(hw, SptaFactory(plot=hw.plot))


def test_rendemen_from_the_readings_keeps_every_step(hw, weighing):
    analysis = record_rendemen(
        by=hw.qc, weighings=[weighing], readings=READINGS, sample_code="NPP-001"
    )

    assert analysis.method == RendemenMethod.READINGS
    assert analysis.percent_brix == D("20.2000")
    assert analysis.percent_pol == D("15.6481")
    assert analysis.juice_value == D("13.8274")
    assert analysis.rendemen_percent == D("6.91")
    assert analysis.measured_by == hw.qc
    weighing.refresh_from_db()
    assert weighing.rendemen_analysis == analysis


def test_a_rendemen_of_25_percent_is_refused_and_nothing_is_saved(hw, weighing):
    with pytest.raises(ValidationError) as caught:
        record_rendemen(
            by=hw.qc,
            weighings=[weighing],
            rendemen_percent=D("25"),
            direct_reason="Typed from the lab book",
        )

    message = " ".join(caught.value.message_dict["rendemen_percent"])
    assert "25" in message and "antara 0 dan 20" in message
    assert not RendemenAnalysis.objects.exists()
    weighing.refresh_from_db()
    assert weighing.rendemen_analysis is None


def test_readings_that_give_more_than_20_percent_are_refused(hw, weighing):
    with pytest.raises(ValidationError) as caught:
        record_rendemen(
            by=hw.qc, weighings=[weighing], readings={**READINGS, "extraction_factor": D("2")}
        )

    assert "antara 0 dan 20" in " ".join(caught.value.messages)
    assert not RendemenAnalysis.objects.exists()


def test_pol_above_brix_is_refused_beside_the_pol_reading(hw, weighing):
    with pytest.raises(ValidationError) as caught:
        record_rendemen(
            by=hw.qc, weighings=[weighing], readings={**READINGS, "pol_reading": D("95")}
        )
    assert "pol_reading" in caught.value.message_dict


def test_direct_rendemen_needs_a_reason_and_is_flagged(hw, weighing):
    with pytest.raises(ValidationError) as caught:
        record_rendemen(by=hw.qc, weighings=[weighing], rendemen_percent=D("7.1"))
    assert "direct_reason" in caught.value.message_dict

    analysis = record_rendemen(
        by=hw.qc,
        weighings=[weighing],
        rendemen_percent=D("7.1"),
        direct_reason="Refractometer broken; core-sampler figure",
    )
    assert analysis.is_direct
    assert analysis.brix_reading is None


def test_incomplete_readings_name_the_missing_ones(hw, weighing):
    with pytest.raises(ValidationError) as caught:
        record_rendemen(
            by=hw.qc, weighings=[weighing], readings={"brix_reading": D("20"), "pol_reading": None}
        )
    assert set(caught.value.message_dict) >= {"pol_reading", "extraction_factor"}


def test_one_analysis_covers_a_batch_of_one_farmers_deliveries(hw):
    loads = [weigh(hw, SptaFactory(plot=hw.plot)) for _ in range(3)]
    analysis = record_rendemen(by=hw.qc, weighings=loads, readings=READINGS)

    assert Weighing.objects.filter(rendemen_analysis=analysis).count() == 3
    other = weigh(hw, SptaFactory(plot=hw.south_plot))
    with pytest.raises(ValidationError):
        record_rendemen(by=hw.qc, weighings=[other, loads[0]], readings=READINGS)


@pytest.mark.parametrize(
    "changes",
    [
        {"rendemen_percent": D("25")},
        {"rendemen_percent": D("-1")},
        {"direct_reason": ""},
        {"method": RendemenMethod.READINGS},
    ],
)
def test_database_constraints_hold_without_the_service(hw, changes):
    # bulk_create skips the model's own checks (save validates the numbers first, below): the
    # database itself refuses the row.
    analysis = RendemenAnalysisFactory.build(farmer=hw.farmer, measured_by=hw.qc, **changes)
    with pytest.raises(IntegrityError), transaction.atomic():
        RendemenAnalysis.objects.bulk_create([analysis])


@pytest.mark.parametrize("rendemen", [D("25"), D("-1"), D("1e20")])
def test_saving_a_rendemen_out_of_range_names_the_field(hw, rendemen):
    with pytest.raises(ValidationError) as caught:
        RendemenAnalysisFactory(farmer=hw.farmer, measured_by=hw.qc, rendemen_percent=rendemen)
    assert list(caught.value.message_dict) == ["rendemen_percent"]
    assert not RendemenAnalysis.objects.exists()
