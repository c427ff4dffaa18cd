"""Loads weighed and samples labelled the way the mill does it, through the services."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from samples.services import label_sample, record_handover, record_lab_reading
from tests.factories import SptaFactory
from tests.harvest.helpers import weigh

READINGS = {
    "brix_reading": Decimal("20"),
    "temperature_correction": Decimal("0.2"),
    "pol_reading": Decimal("65"),
    "specific_gravity": Decimal("1.08"),
    "dilution_factor": Decimal("1"),
    "extraction_factor": Decimal("0.5"),
}


def load(hw, plot=None):
    return weigh(hw, SptaFactory(plot=plot or hw.plot))


def labelled(hw, loads=None, *, hours_ago: float = 0):
    loads = loads or [load(hw)]
    return label_sample(
        by=hw.clerk,
        weighings=loads,
        place="Weighbridge 1",
        taken_at=timezone.now() - timedelta(hours=hours_ago),
    )


def through_the_lab(hw, sample, *, sealed_ago=None, received_ago=None):
    """Sealed and received at the lab (at the given hours ago, else now), then analysed now."""
    now = timezone.now()
    record_handover(
        by=hw.clerk,
        scanned=sample.code,
        step="sealed",
        at=now - timedelta(hours=sealed_ago) if sealed_ago is not None else None,
    )
    record_handover(
        by=hw.qc,
        scanned=sample.code,
        step="received_at_lab",
        place="Lab",
        at=now - timedelta(hours=received_ago) if received_ago is not None else None,
    )
    return record_lab_reading(by=hw.qc, scanned=sample.qr_payload, readings=READINGS)
