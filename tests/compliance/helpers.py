"""Deliveries with laboratory readings (the clean case): SPTA issued, load weighed, rendemen from
the juice readings (brix 20 + 0.2, pol 65, BJ 1.08, dilution 1, factor 0.5 -> 6.91 %)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from harvest.services.rendemen import record_rendemen
from harvest.services.spta import issue_spta
from harvest.services.weighbridge import record_weighing
from tests.harvest.helpers import TARE_KG

D = Decimal

READINGS = {
    "brix_reading": D("20"),
    "temperature_correction": D("0.2"),
    "pol_reading": D("65"),
    "specific_gravity": D("1.08"),
    "dilution_factor": D("1"),
    "extraction_factor": D("0.5"),
}


def deliver_with_readings(hw, *, net_kg: Decimal, plot=None):
    plot = plot or hw.plot
    spta = issue_spta(
        by=hw.manager,
        plot=plot,
        cutting_date=timezone.localdate(),
        quota_kw=max(D("80"), net_kg / 100),  # the load fits its SPTA
        truck_plate="P 1 AB",
        driver_name="Sukardi",
    )
    now = timezone.now()
    weighing = record_weighing(
        spta=spta,
        gross_kg=net_kg + TARE_KG,
        tare_kg=TARE_KG,
        trash_percent=D("0"),
        cut_at=now - timedelta(hours=8),
        arrived_at=now - timedelta(hours=1),
        weighed_at=now,
        by=hw.manager,
    )
    record_rendemen(by=hw.qc, weighings=[weighing], readings=READINGS)
    weighing.refresh_from_db()
    return weighing
