"""A step after the mill's time limit, or a skipped step, flags the sample and raises exactly one
compliance event per sample (idempotent), also when several steps are late and the schedule runs
again; an open sample past the limit is found by the schedule."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext

from compliance.models import ComplianceEvent
from compliance.rules import run_rules
from samples.services import record_handover, record_lab_reading
from tests.samples.helpers import READINGS, labelled, through_the_lab

pytestmark = pytest.mark.django_db

RULE = "sample_custody_breach"


def events():
    return ComplianceEvent.objects.filter(rule_key=RULE)


def test_on_time_chain_raises_nothing(hw, limits, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sample = through_the_lab(hw, labelled(hw, hours_ago=1))
    run_rules(mill=hw.mill, keys=[RULE])
    assert not sample.is_flagged and not events().exists()


def test_late_steps_raise_one_event_for_the_sample(hw, limits, django_capture_on_commit_callbacks):
    # Taken 6 hours ago: at the lab after 3 hours (limit 2), analysed now (limit 4): two late steps.
    with django_capture_on_commit_callbacks(execute=True):
        sample = labelled(hw, hours_ago=6)
        sample = through_the_lab(hw, sample, sealed_ago=5, received_ago=3)
    run_rules(mill=hw.mill, keys=[RULE])
    run_rules(mill=hw.mill)

    sample.refresh_from_db()
    assert sample.late and not sample.chain_broken
    late_steps = sample.handovers.filter(late=True).values_list("step", flat=True)
    assert sorted(late_steps) == ["analysed", "received_at_lab"]
    event = events().get()
    assert event.subject_key == f"sample:{sample.pk}"
    assert event.event_type.code == RULE and event.party == "mill"
    assert event.farmer == hw.farmer and event.rendemen_analysis == sample.analysis
    assert "limit 2 hours" in event.evidence


def test_a_skipped_step_breaks_the_chain_and_raises_one_event(
    hw, limits, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sample = labelled(hw)
        sample = record_lab_reading(by=hw.qc, scanned=sample.code, readings=READINGS)
    sample.refresh_from_db()
    assert sample.chain_broken and "Received at the lab" in sample.flag_note
    assert events().count() == 1


def test_the_schedule_finds_an_open_sample_past_its_limit_once(hw, limits):
    sample = labelled(hw, hours_ago=3)
    record_handover(
        by=hw.clerk, scanned=sample.code, step="sealed", at=timezone.now() - timedelta(hours=2)
    )

    run_rules(mill=hw.mill, keys=[RULE])
    run_rules(mill=hw.mill, keys=[RULE])

    event = events().get()
    # The rules write the ledger in the mill's language, whatever the test's.
    with translation.override(settings.LANGUAGE_CODE):
        expected = gettext("Not received at the lab within %(limit)s hours of being taken.") % {
            "limit": 2
        }
    assert expected in event.evidence
