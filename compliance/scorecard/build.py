"""The partnership scorecard for one mill, season and (optionally) region, from the data already
held, read through scope_for; the arithmetic is compliance.scorecard.calc. Also the trend across
the mill's seasons and the XLSX export."""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from compliance.models import (
    ComplianceEvent,
    ComplianceSettings,
    EventStatus,
    Party,
    SeasonBenchmark,
)
from compliance.scorecard import calc, metrics
from harvest.models import DeliveryOrder, DoStatus, RendemenMethod, Weighing
from partners.models import Season
from tebu_site.access import scope_for
from tebu_site.exports import escape_workbook

ZERO = Decimal(0)


@dataclass(frozen=True)
class EventCount:
    party: str
    party_label: str
    type_name: str
    total: int
    by_status: dict[str, int]


@dataclass
class Scorecard:
    mill: object
    season: object
    region: object
    payment: calc.PaymentDelay
    lab_rendemen_shown: int
    deliveries_shown: int
    lab_rendemen_percent: Decimal | None
    value: calc.FarmerValue
    events: list[EventCount] = field(default_factory=list)
    events_by_party: dict[str, int] = field(default_factory=dict)
    plugged: list[metrics.PluggedMetric] = field(default_factory=list)

    @property
    def events_total(self) -> int:
        return sum(self.events_by_party.values())


def _region(queryset, region, path: str):
    return queryset.filter(**{path: region}) if region is not None else queryset


def payment_days(user, *, mill, season, region=None, today=None) -> tuple[list[int], list[int]]:
    """(days from issue to full payment of each paid DO, days waited so far by each unpaid one),
    in WIB calendar days, as DeliveryOrder.days_waited counts them."""
    today = today or timezone.localdate()
    orders = scope_for(user, DeliveryOrder.objects.filter(mill=mill, season=season))
    orders = _region(orders, region, "farmer__region").exclude(status=DoStatus.DRAFT)
    paid, unpaid = [], []
    for status, issued_at, paid_at in orders.values_list("status", "issued_at", "paid_at"):
        issued = timezone.localdate(issued_at)
        if status == DoStatus.PAID and paid_at is not None:
            paid.append(max((timezone.localdate(paid_at) - issued).days, 0))
        else:
            unpaid.append(max((today - issued).days, 0))
    return paid, unpaid


def build_scorecard(user, *, mill, season, region=None, today=None) -> Scorecard:
    threshold = ComplianceSettings.for_mill(mill).do_unpaid_days
    paid, unpaid = payment_days(user, mill=mill, season=season, region=region, today=today)
    payment = calc.payment_delay(paid, unpaid, threshold)

    # Deliveries on issued DOs are the ones the farmer reads; "lab" = rendemen from the readings.
    shown = scope_for(
        user,
        Weighing.objects.filter(
            spta__mill=mill,
            spta__season=season,
            rejected=False,
            rendemen_analysis__isnull=False,
            delivery_order__isnull=False,
        ).exclude(delivery_order__status=DoStatus.DRAFT),
    )
    shown = _region(shown, region, "spta__farmer__region")
    deliveries_shown = shown.count()
    lab = shown.filter(rendemen_analysis__method=RendemenMethod.READINGS).count()

    issued = _region(
        scope_for(user, DeliveryOrder.objects.filter(mill=mill, season=season)),
        region,
        "farmer__region",
    ).exclude(status=DoStatus.DRAFT)
    totals = issued.aggregate(proceeds=Sum("total_revenue"), net=Sum("net"), cane=Sum("cane_kw"))
    benchmark = SeasonBenchmark.objects.filter(season=season).first()
    value = calc.farmer_value(
        proceeds=totals["proceeds"] or ZERO,
        net=totals["net"] or ZERO,
        cane_kw=totals["cane"] or ZERO,
        non_partner_per_kw=benchmark.non_partner_price_per_kw if benchmark else None,
    )

    events = _region(
        scope_for(user, ComplianceEvent.objects.filter(mill=mill, season=season)),
        region,
        "region",
    )
    rows: dict[tuple[str, int], dict] = {}
    by_party: Counter[str] = Counter()
    parties = dict(Party.choices)
    for row in events.values("party", "event_type", "event_type__name", "status").annotate(
        n=Count("id")
    ):
        entry = rows.setdefault(
            (row["party"], row["event_type"]),
            {"party": row["party"], "name": row["event_type__name"], "by_status": Counter()},
        )
        entry["by_status"][row["status"]] += row["n"]
        by_party[row["party"]] += row["n"]
    from compliance.models import EventType

    names = {t.pk: t.display_name for t in EventType.objects.filter(pk__in=[k[1] for k in rows])}
    counts = [
        EventCount(
            party=entry["party"],
            party_label=str(parties.get(entry["party"], entry["party"])),
            type_name=names.get(key[1], entry["name"]),
            total=sum(entry["by_status"].values()),
            by_status=dict(entry["by_status"]),
        )
        for key, entry in sorted(rows.items(), key=lambda item: (item[0][0], item[1]["name"]))
    ]
    return Scorecard(
        mill=mill,
        season=season,
        region=region,
        payment=payment,
        lab_rendemen_shown=lab,
        deliveries_shown=deliveries_shown,
        lab_rendemen_percent=calc.share_percent(lab, deliveries_shown),
        value=value,
        events=counts,
        events_by_party={party: by_party.get(party, 0) for party in Party.values},
        plugged=metrics.evaluate(
            metrics.ScorecardScope(user=user, mill=mill, season=season, region=region)
        ),
    )


def trend(user, *, mill, region=None, today=None) -> list[Scorecard]:
    """The scorecard of each of the mill's seasons, oldest first."""
    seasons = scope_for(user, Season.objects.filter(mill=mill)).order_by("name")
    return [
        build_scorecard(user, mill=mill, season=season, region=region, today=today)
        for season in seasons
    ]


# --- the XLSX export --------------------------------------------------------------------------


def _number(value):
    return float(value) if isinstance(value, Decimal) else value


def summary_rows(card: Scorecard) -> list[tuple[str, object, str]]:
    """(label, value, unit) for the export and the trend table; values unrounded."""
    p = card.payment
    v = card.value
    rows = [
        (_("DOs paid in full"), p.paid_count, ""),
        (_("Days from DO issue to full payment, median"), p.median_days, _("days")),
        (_("Days from DO issue to full payment, 90th percentile"), p.p90_days, _("days")),
        (
            _("DOs paid within %(days)s days of issue") % {"days": p.threshold_days},
            p.share_within_percent,
            "%",
        ),
        (_("DOs not yet paid in full"), p.unpaid_count, ""),
        (_("DOs unpaid past the threshold"), p.unpaid_over_threshold, ""),
        (_("Deliveries with lab rendemen shown to the farmer"), card.lab_rendemen_percent, "%"),
        (_("Farmer's proceeds per kw of cane"), v.proceeds_per_kw, "Rp"),
        (_("Farmer's net per kw of cane"), v.net_per_kw, "Rp"),
        (_("Non-partner cane price per kw"), v.non_partner_per_kw, "Rp"),
        (_("Proceeds per kw against the non-partner price"), v.ratio_percent, "%"),
    ]
    for plugged in card.plugged:
        value = plugged.value.value if plugged.value else None
        unit = plugged.value.unit if plugged.value else ""
        rows.append(
            (str(plugged.slot.label), value if plugged.available else _("not available"), unit)
        )
    for party, label in Party.choices:
        rows.append(
            (_("Compliance events, %(party)s") % {"party": label}, card.events_by_party[party], "")
        )
    return rows


def export_xlsx(card: Scorecard, seasons: list[Scorecard]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Scorecard"
    sheet.append([_("Partnership scorecard"), str(card.mill), card.season.name])
    sheet.append([_("Region"), card.region.name if card.region else _("All regions")])
    sheet.append([_("Percentiles"), calc.PERCENTILE_METHOD])
    sheet.append([])
    sheet.append([_("Figure"), _("Value"), _("Unit")])
    for label, value, unit in summary_rows(card):
        sheet.append([str(label), _number(value), str(unit)])

    events = book.create_sheet("Events")
    statuses = list(EventStatus)
    events.append([_("Party"), _("Type"), _("Total"), *[str(s.label) for s in statuses]])
    for row in card.events:
        events.append(
            [
                row.party_label,
                row.type_name,
                row.total,
                *[row.by_status.get(s, 0) for s in statuses],
            ]
        )

    history = book.create_sheet("Trend")
    history.append([_("Figure"), *[each.season.name for each in seasons]])
    columns = [summary_rows(each) for each in seasons]
    for index, (label, _value, unit) in enumerate(summary_rows(card)):
        history.append(
            [f"{label} ({unit})" if unit else str(label)]
            + [_number(column[index][1]) for column in columns]
        )
    escape_workbook(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
