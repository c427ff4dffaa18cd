"""Deliveries made the way the mill makes them: SPTA issued, load weighed, rendemen recorded, each
through its service."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from harvest.models import Weighing
from harvest.services.rendemen import record_rendemen
from harvest.services.settlement import settle_do
from harvest.services.spta import issue_spta
from harvest.services.weighbridge import record_weighing

TARE_KG = Decimal("7000")


def deliver(
    hw,
    *,
    net_kg: Decimal,
    rendemen: Decimal,
    plot=None,
    tma_by_mill: bool = False,
    weighed_at=None,
    hours_since_cut: int = 10,
) -> Weighing:
    """One truckload from ``plot`` (the north farmer's by default) with no trash, so the net is
    exactly ``net_kg``; rendemen entered directly with a reason."""
    plot = plot or hw.plot
    spta = issue_spta(
        by=hw.manager,
        plot=plot,
        cutting_date=timezone.localdate(),
        quota_kw=max(Decimal("80"), net_kg / 100),  # the load fits its SPTA
        truck_plate="p 1234 ab",
        driver_name="Sukardi",
        tma_by_mill=tma_by_mill,
    )
    weighed_at = weighed_at or timezone.now()
    weighing = record_weighing(
        spta=spta,
        gross_kg=net_kg + TARE_KG,
        tare_kg=TARE_KG,
        trash_percent=Decimal("0"),
        cut_at=weighed_at - timedelta(hours=hours_since_cut),
        arrived_at=weighed_at - timedelta(hours=1),
        weighed_at=weighed_at,
        by=hw.manager,
    )
    record_rendemen(
        by=hw.qc,
        weighings=[weighing],
        rendemen_percent=rendemen,
        direct_reason="Figure from the mill's laboratory book",
    )
    weighing.refresh_from_db()
    return weighing


def settled(hw, weighings, *, farmer=None, **inputs):
    return settle_do(
        by=hw.manager,
        farmer=farmer or hw.farmer,
        season=hw.season,
        weighings=weighings,
        **inputs,
    )


def weigh(hw, spta, *, hours: int = 8, **changes) -> Weighing:
    """Weigh ``spta`` by the clerk: 15,000 − 7,000 kg, no trash, cut ``hours`` ago."""
    now = timezone.now()
    values = {
        "gross_kg": Decimal("15000"),
        "tare_kg": TARE_KG,
        "trash_percent": Decimal("0"),
        "cut_at": now - timedelta(hours=hours),
        "arrived_at": now - timedelta(minutes=30),
        "weighed_at": now,
        **changes,
    }
    return record_weighing(spta=spta, by=hw.clerk, **values)


def html(response) -> str:
    """A page's HTML without the <wbr> break hints in long numbers."""
    return response.content.decode().replace("<wbr>", "")


def spta_today(hw, plot=None):
    """An SPTA issued by the manager for today's cutting of ``plot`` (the north farmer's)."""
    return issue_spta(
        by=hw.manager,
        plot=plot or hw.plot,
        cutting_date=timezone.localdate(),
        quota_kw=Decimal("80"),
        truck_plate="p 1234 ab",
        driver_name="Sukardi",
    )


def local(moment) -> str:
    """A moment as a datetime-local input sends it (WIB)."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")
