"""A farmer's delivery record, season by season, as the mill measured it: what credit rules that
lend on the farmer's cane read (PG Pakis Baru sizes loans by the first harvest's quality and the
delivery record, domain.md 5b). No user scoping here: the callers are services and selectors
that were handed a farmer the user may see.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q, Sum

from harvest.models import DeliveryOrder, DoStatus, Spta, SptaStatus, Weighing
from partners.models import Farmer, Mill, Season

ZERO = Decimal(0)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class SeasonDeliveries:
    """One season of one farmer at one mill.

    ``cane_kw`` and ``rendemen_percent`` (weighted by cane) come from the issued DOs, the settled
    figures; ``area_ha`` is the area of the distinct plots whose accepted loads those DOs settled
    (a plot settled over several DOs counts once). ``loads`` and ``rejected_loads`` count every
    weighing of the season's SPTAs (QC's MBS verdict); ``trash_percent`` is the trash deducted
    from the accepted loads' cane (gross − tare). ``sptas_used`` / ``sptas_expired`` are the
    season's cutting orders used at the weighbridge or left to expire unused."""

    season: Season
    delivery_orders: int
    cane_kw: Decimal
    rendemen_percent: Decimal | None
    area_ha: Decimal
    loads: int
    rejected_loads: int
    trash_percent: Decimal | None
    sptas_used: int
    sptas_expired: int


def seasons_delivered(farmer: Farmer, mill: Mill, *, before: Season) -> list[Season]:
    """Seasons of ``mill`` before ``before`` (season names sort as text) in which the farmer had
    an issued DO, oldest first."""
    ids = (
        DeliveryOrder.objects.filter(farmer=farmer, mill=mill, season__name__lt=before.name)
        .exclude(status=DoStatus.DRAFT)
        .values("season")
    )
    return list(Season.objects.filter(pk__in=ids).order_by("name"))


def season_deliveries(farmer: Farmer, season: Season) -> SeasonDeliveries:
    """The farmer's record in ``season`` (zeros when nothing was delivered)."""
    orders = DeliveryOrder.objects.filter(farmer=farmer, season=season).exclude(
        status=DoStatus.DRAFT
    )
    settled = orders.aggregate(
        n_orders=Count("id"),
        cane=Sum("cane_kw"),
        cane_x_rendemen=Sum(F("cane_kw") * F("rendemen_percent")),
    )
    cane = settled["cane"] or ZERO
    weighted = settled["cane_x_rendemen"]
    rendemen = Decimal(weighted) / cane if cane and weighted is not None else None
    plots = (
        Weighing.objects.filter(delivery_order__in=orders, rejected=False)
        .order_by()  # distinct plots: no ordering column may widen the rows
        .values("spta__plot", "spta__plot__area_ha")
        .distinct()
    )
    area = sum((row["spta__plot__area_ha"] or ZERO for row in plots), ZERO)
    weighings = Weighing.objects.filter(spta__farmer=farmer, spta__season=season)
    loads = weighings.aggregate(
        n_loads=Count("id"),
        n_rejected=Count("id", filter=Q(rejected=True)),
        cane_kg=Sum(F("gross_kg") - F("tare_kg"), filter=Q(rejected=False)),
        net_kg_total=Sum("net_kg", filter=Q(rejected=False)),
    )
    gross_cane = loads["cane_kg"]
    trash = (
        (Decimal(gross_cane) - Decimal(loads["net_kg_total"] or 0)) / Decimal(gross_cane) * HUNDRED
        if gross_cane
        else None
    )
    sptas = Spta.objects.filter(farmer=farmer, season=season).aggregate(
        n_used=Count("id", filter=Q(status=SptaStatus.USED)),
        n_expired=Count("id", filter=Q(status=SptaStatus.EXPIRED)),
    )
    return SeasonDeliveries(
        season=season,
        delivery_orders=settled["n_orders"],
        cane_kw=cane,
        rendemen_percent=rendemen,
        area_ha=area,
        loads=loads["n_loads"],
        rejected_loads=loads["n_rejected"],
        trash_percent=trash,
        sptas_used=sptas["n_used"],
        sptas_expired=sptas["n_expired"],
    )
