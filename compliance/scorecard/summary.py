"""The stored scorecard summary (issue 18): what compliance.scorecard.build reads instead of
walking a season's DOs, weighings and events on every request.

Per mill and season, one ScorecardSummary row holds, for each region (the key "none" for
records without one), the counts, the sums and two histograms: days from issue to full payment of
the paid DOs, and the issue dates of the DOs not paid yet (so "days waited" is counted at read time,
from today). Percentiles from a histogram are exact, so the page shows the same figures as a
computation over the rows.

Kept current by ``schedule_refresh`` (a receiver calls it after a change; the refresh task runs
``DEBOUNCE_SECONDS`` later, once per mill however many changes came in between) and by the beat
(compliance.refresh_scorecard_summaries), so a summary is never more than a minute stale.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from compliance.models import ComplianceEvent, ScorecardSummary
from harvest.models import DeliveryOrder, DoStatus, RendemenMethod, Weighing
from partners.models import Mill, Season

DEBOUNCE_SECONDS = 20
NONE = "none"


def _bucket(region_id) -> str:
    return NONE if region_id is None else str(region_id)


def _empty() -> dict:
    return {
        "paid_days": Counter(),
        "unpaid_issued": Counter(),
        "shown": 0,
        "lab": 0,
        "proceeds": Decimal(0),
        "net": Decimal(0),
        "cane": Decimal(0),
        # Late-payment compensation (issue 16): owed over the season, not yet paid, DOs late.
        "late_owed": Decimal(0),
        "late_unpaid": Decimal(0),
        "late_count": 0,
        "events": [],
    }


def compute(season: Season) -> dict:
    """The season's figures per region, in four grouped queries."""
    buckets: dict[str, dict] = defaultdict(_empty)
    orders = DeliveryOrder.objects.filter(mill_id=season.mill_id, season=season).exclude(
        status=DoStatus.DRAFT
    )
    dated = (
        orders.order_by()
        .values("farmer__region", "status")
        .annotate(
            issued=TruncDate("issued_at"),
            paid=TruncDate("paid_at"),
            n=Count("id"),
            proceeds=Sum("total_revenue"),
            net=Sum("net"),
            cane=Sum("cane_kw"),
            late_owed=Sum("late_compensation"),
            late_unpaid=Sum("late_compensation", filter=Q(late_compensation_paid_on__isnull=True)),
            late_count=Count("id", filter=Q(late_compensation__gt=0)),
        )
    )
    for row in dated:
        bucket = buckets[_bucket(row["farmer__region"])]
        if row["status"] == DoStatus.PAID and row["paid"] is not None:
            days = max((row["paid"] - row["issued"]).days, 0)
            bucket["paid_days"][str(days)] += row["n"]
        else:
            bucket["unpaid_issued"][row["issued"].isoformat()] += row["n"]
        bucket["proceeds"] += row["proceeds"] or 0
        bucket["net"] += row["net"] or 0
        bucket["cane"] += row["cane"] or 0
        bucket["late_owed"] += row["late_owed"] or 0
        bucket["late_unpaid"] += row["late_unpaid"] or 0
        bucket["late_count"] += row["late_count"]

    shown = (
        Weighing.objects.filter(
            spta__mill_id=season.mill_id,
            spta__season=season,
            rejected=False,
            rendemen_analysis__isnull=False,
            delivery_order__isnull=False,
        )
        .exclude(delivery_order__status=DoStatus.DRAFT)
        .order_by()
        .values("spta__farmer__region")
        .annotate(
            shown=Count("id"),
            lab=Count("id", filter=Q(rendemen_analysis__method=RendemenMethod.READINGS)),
        )
    )
    for row in shown:
        bucket = buckets[_bucket(row["spta__farmer__region"])]
        bucket["shown"] += row["shown"]
        bucket["lab"] += row["lab"]

    events = (
        ComplianceEvent.objects.filter(mill_id=season.mill_id, season=season)
        .order_by()
        .values("region", "party", "event_type", "event_type__name", "status")
        .annotate(n=Count("id"))
    )
    for row in events:
        buckets[_bucket(row["region"])]["events"].append(
            [row["party"], row["event_type"], row["event_type__name"], row["status"], row["n"]]
        )
    return {
        key: {
            **bucket,
            "paid_days": dict(bucket["paid_days"]),
            "unpaid_issued": dict(bucket["unpaid_issued"]),
            "proceeds": str(bucket["proceeds"]),
            "net": str(bucket["net"]),
            "cane": str(bucket["cane"]),
            "late_owed": str(bucket["late_owed"]),
            "late_unpaid": str(bucket["late_unpaid"]),
        }
        for key, bucket in buckets.items()
    }


def refresh(season: Season) -> ScorecardSummary:
    """Compute and store the season's summary."""
    data = compute(season)
    summary, _created = ScorecardSummary.objects.update_or_create(
        season=season,
        defaults={"mill_id": season.mill_id, "data": data, "computed_at": timezone.now()},
    )
    return summary


def refresh_mill(mill_id: int) -> int:
    """Refresh every season of the mill; returns how many."""
    seasons = list(Season.objects.filter(mill_id=mill_id))
    for season in seasons:
        refresh(season)
    return len(seasons)


def refresh_all() -> int:
    return sum(refresh_mill(pk) for pk in Mill.objects.values_list("pk", flat=True))


def _key(mill_id: int) -> str:
    return f"compliance:scorecard-refresh:{mill_id}"


def schedule_refresh(mill_id: int | None) -> None:
    """After the current transaction commits, refresh the mill's summaries in
    ``DEBOUNCE_SECONDS``: once for a burst of changes (a batch settlement saves hundreds of DOs),
    the task clearing the mark when it starts so that a later change schedules it again."""
    if mill_id is None or not cache.add(_key(mill_id), 1, timeout=DEBOUNCE_SECONDS * 2):
        return
    from compliance.tasks import refresh_scorecard_summaries

    def send():
        refresh_scorecard_summaries.apply_async(
            kwargs={"mill_id": mill_id}, countdown=DEBOUNCE_SECONDS
        )

    transaction.on_commit(send, robust=True)


def clear_mark(mill_id: int) -> None:
    cache.delete(_key(mill_id))


def stored(seasons) -> dict[int, ScorecardSummary]:
    """The summaries of ``seasons`` by season id, computing any missing (a season never read)."""
    seasons = list(seasons)
    found = {s.season_id: s for s in ScorecardSummary.objects.filter(season__in=seasons)}
    for season in seasons:
        if season.pk not in found:
            found[season.pk] = refresh(season)
    return found


def last_refreshed(mill) -> str:
    """When the mill's summaries last changed: part of the key under which a page keeps what it
    built from them, so a refreshed summary shows at once."""
    latest = ScorecardSummary.objects.filter(mill=mill).aggregate(latest=Max("computed_at"))
    return latest["latest"].isoformat() if latest["latest"] else ""
