"""The chain of custody through its services: the label, the steps in order (a step out of order is
a clear error), the lab reading through harvest's rendemen for every load of a grouped sample,
reject and re-sample, and the append-only record."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from harvest.models import Weighing
from samples import chain
from samples.models import Sample, SampleHandover, Step
from samples.services import record_handover, resample
from tests.samples.helpers import READINGS, labelled, load, through_the_lab

pytestmark = pytest.mark.django_db


def test_a_label_gives_a_code_per_mill_and_the_taken_step(hw, limits):
    first, second = labelled(hw), labelled(hw)

    assert first.code.startswith(f"SMP/{hw.mill.code.upper()}/") and first.code != second.code
    assert [h.step for h in first.handovers.all()] == [Step.TAKEN]
    assert first.handovers.get().by == hw.clerk and first.farmer == hw.farmer
    assert first.qr_payload.startswith(f"SAMPLE|{first.code}|SPTA")


def test_a_grouped_sample_keeps_its_loads_and_one_analysis_covers_them(hw, limits):
    loads = [load(hw), load(hw)]
    sample = labelled(hw, loads)

    sample = through_the_lab(hw, sample)

    assert set(sample.loads.all()) == set(loads)
    assert sample.status == Step.ANALYSED and not sample.is_flagged
    analysis = sample.analysis
    assert analysis.sample_code == sample.code
    assert analysis.rendemen_percent > 0 and analysis.percent_brix is not None
    assert set(Weighing.objects.filter(rendemen_analysis=analysis)) == set(loads)
    assert [h.step for h in sample.handovers.all()] == [
        Step.TAKEN,
        Step.SEALED,
        Step.RECEIVED_AT_LAB,
        Step.ANALYSED,
    ]


def test_a_step_out_of_order_is_a_clear_error(hw, limits):
    sample = labelled(hw)
    record_handover(by=hw.qc, scanned=sample.code, step="received_at_lab")

    with pytest.raises(ValidationError) as error:
        record_handover(by=hw.clerk, scanned=sample.code, step="sealed")

    assert "Out of order" in " ".join(error.value.message_dict["step"])
    assert sample.handovers.count() == 2


def test_loads_of_two_farmers_cannot_share_a_sample(hw, limits):
    with pytest.raises(ValidationError) as error:
        labelled(hw, [load(hw), load(hw, hw.south_plot)])
    assert "one farmer" in str(error.value)


def test_a_load_with_a_live_sample_gets_no_second_one(hw, limits):
    sample = labelled(hw)
    with pytest.raises(ValidationError) as error:
        labelled(hw, list(sample.loads.all()))
    assert sample.code in str(error.value)


def test_an_unknown_code_is_a_clear_error(hw, limits):
    with pytest.raises(ValidationError) as error:
        record_handover(by=hw.clerk, scanned="SAMPLE|SMP/NOPE/1|", step="sealed")
    assert "SMP/NOPE/1" in str(error.value)


def test_rejected_sample_is_resampled_for_the_same_loads(hw, limits):
    sample = labelled(hw)
    with pytest.raises(ValidationError):
        record_handover(by=hw.clerk, scanned=sample.code, step="rejected")  # no reason
    record_handover(by=hw.clerk, scanned=sample.code, step="rejected", note="Bag torn")
    with pytest.raises(ValidationError):
        record_handover(by=hw.clerk, scanned=sample.code, step="sealed")

    new = resample(by=hw.clerk, scanned=sample.code)

    sample.refresh_from_db()
    assert sample.status == Step.RESAMPLED and new.replaces == sample
    assert set(new.loads.all()) == set(sample.loads.all())
    assert new.code in sample.handovers.get(step=Step.RESAMPLED).note
    through_the_lab(hw, new)
    assert Sample.objects.get(pk=new.pk).analysis is not None


def test_a_hand_over_is_append_only_and_audited(hw, limits):
    sample = labelled(hw)
    handover = sample.handovers.get()
    handover.place = "elsewhere"
    with pytest.raises(ValueError):
        handover.save()
    assert SampleHandover.history.filter(id=handover.pk).count() == 1
    assert sample.history.exists()


def test_the_lab_reading_uses_the_rendemen_formula(hw, limits):
    sample = through_the_lab(hw, labelled(hw))
    # domain.md 5: the same readings the harvest tests use give rendemen 6.31 % there.
    from harvest.calculations.rendemen import compute_rendemen

    expected = compute_rendemen(**READINGS).rendemen.quantize(Decimal("0.01"))
    assert sample.analysis.rendemen_percent == expected


@pytest.mark.parametrize(
    ("done", "step", "skipped"),
    [
        (["taken"], "analysed", ("sealed", "received_at_lab")),
        (["taken", "sealed"], "received_at_lab", ()),
        (["taken"], "rejected", ()),
    ],
)
def test_chain_order_names_the_skipped_steps(done, step, skipped):
    assert chain.check_step(done, step).skipped == skipped


@pytest.mark.parametrize(
    ("done", "step", "code"),
    [
        ([], "sealed", "not_taken"),
        (["taken", "sealed"], "sealed", "backwards"),
        (["taken", "analysed"], "rejected", "closed"),
        (["taken", "rejected"], "sealed", "rejected"),
        (["taken"], "resampled", "not_rejected"),
    ],
)
def test_chain_refuses_steps_out_of_order(done, step, code):
    with pytest.raises(chain.StepRefused) as error:
        chain.check_step(done, step)
    assert error.value.code == code
