"""The partnership scorecard for one mill, season and (optionally) region, read from the stored
summary of the season (compliance.scorecard.summary, kept current by a task) and narrowed to the
regions the user may see, as scope_for would; the arithmetic is compliance.scorecard.calc. Also the
trend across the mill's seasons and the XLSX export."""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from compliance.models import (
    ComplianceSettings,
    EventStatus,
    Party,
    SeasonBenchmark,
)
from compliance.scorecard import calc, metrics, summary
from partners.models import Season
from tebu_site.access import mill_ids_of, region_ids_of, scope_for
from tebu_site.exports import escape_workbook
from tebu_site.models import MILL_WIDE_ROLES, Role

ZERO = Decimal(0)


def percentile_method() -> str:
    """calc.PERCENTILE_METHOD for people, translated (calc stays free of Django)."""
    return _(
        "linear interpolation between ranks (Hyndman–Fan type 7): h = (n − 1) × p / 100, "
        "P = x[⌊h⌋] + (h − ⌊h⌋) × (x[⌊h⌋+1] − x[⌊h⌋])"
    )


@dataclass(frozen=True)
class EventCount:
    party: str
    party_label: str
    type_name: str
    total: int
    by_status: dict[str, int]


@dataclass(frozen=True)
class LatePaymentTotals:
    """Compensation the mill owes for DOs paid late in the season (issue 16)."""

    owed: Decimal
    unpaid: Decimal
    late_dos: int


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
    late_payment: LatePaymentTotals | None = None

    @property
    def events_total(self) -> int:
        return sum(self.events_by_party.values())


def _visible_buckets(user, mill, region) -> set[str] | None:
    """The summary's regions ``user`` may count for ``mill`` (None: all of them), as scope_for
    would narrow the rows: mill-wide roles the whole mill, field staff their regions, anyone
    else nothing; narrowed to ``region`` when one is chosen."""
    if user is None or not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser or user.role == Role.ADMINISTRATOR:
        allowed = None
    elif mill.pk not in mill_ids_of(user):
        return set()
    elif user.role in MILL_WIDE_ROLES:
        allowed = None
    elif user.role == Role.FIELD_STAFF:
        allowed = {str(pk) for pk in region_ids_of(user)}
    else:
        return set()
    if region is None:
        return allowed
    chosen = str(region.pk)
    return {chosen} if allowed is None or chosen in allowed else set()


def _card(
    user, *, mill, season, region, data: dict, threshold: int, benchmark, names, today
) -> Scorecard:
    visible = _visible_buckets(user, mill, region)
    buckets = [b for key, b in data.items() if visible is None or key in visible]
    paid: Counter[int] = Counter()
    unpaid: Counter[int] = Counter()
    events: Counter[tuple[str, int, str, str]] = Counter()
    shown = lab = late_dos = 0
    proceeds = net = cane = late_owed = late_unpaid = ZERO
    for bucket in buckets:
        for days, n in bucket["paid_days"].items():
            paid[int(days)] += n
        for issued, n in bucket["unpaid_issued"].items():
            unpaid[max((today - date.fromisoformat(issued)).days, 0)] += n
        shown += bucket["shown"]
        lab += bucket["lab"]
        proceeds += Decimal(bucket["proceeds"])
        net += Decimal(bucket["net"])
        cane += Decimal(bucket["cane"])
        # Summaries stored before issue 16 have no late-payment figures: they count as none.
        late_owed += Decimal(bucket.get("late_owed", "0"))
        late_unpaid += Decimal(bucket.get("late_unpaid", "0"))
        late_dos += bucket.get("late_count", 0)
        for party, type_id, name, status, n in bucket["events"]:
            events[(party, type_id, name, status)] += n
    rows: dict[tuple[str, int], dict] = {}
    by_party: Counter[str] = Counter()
    parties = dict(Party.choices)
    for (party, type_id, name, status), n in events.items():
        entry = rows.setdefault(
            (party, type_id), {"party": party, "name": name, "by_status": Counter()}
        )
        entry["by_status"][status] += n
        by_party[party] += n
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
    value = calc.farmer_value(
        proceeds=proceeds,
        net=net,
        cane_kw=cane,
        non_partner_per_kw=benchmark.non_partner_price_per_kw if benchmark else None,
    )
    return Scorecard(
        mill=mill,
        season=season,
        region=region,
        payment=calc.payment_delay_of_counts(dict(paid), dict(unpaid), threshold),
        lab_rendemen_shown=lab,
        deliveries_shown=shown,
        lab_rendemen_percent=calc.share_percent(lab, shown),
        value=value,
        events=counts,
        events_by_party={party: by_party.get(party, 0) for party in Party.values},
        plugged=metrics.evaluate(
            metrics.ScorecardScope(user=user, mill=mill, season=season, region=region)
        ),
        late_payment=LatePaymentTotals(owed=late_owed, unpaid=late_unpaid, late_dos=late_dos),
    )


def _cards(user, *, mill, seasons, region=None, today=None) -> list[Scorecard]:
    """The scorecards of ``seasons`` from their stored summaries (compliance.scorecard.summary),
    in a fixed number of queries whatever the number of DOs."""
    from compliance.models import EventType

    today = today or timezone.localdate()
    seasons = list(seasons)
    stored = summary.stored(seasons)
    threshold = ComplianceSettings.for_mill(mill).do_unpaid_days
    benchmarks = {b.season_id: b for b in SeasonBenchmark.objects.filter(season__in=seasons)}
    type_ids = {
        row[1]
        for each in stored.values()
        for bucket in each.data.values()
        for row in bucket["events"]
    }
    names = {t.pk: t.display_name for t in EventType.objects.filter(pk__in=type_ids)}
    return [
        _card(
            user,
            mill=mill,
            season=season,
            region=region,
            data=stored[season.pk].data,
            threshold=threshold,
            benchmark=benchmarks.get(season.pk),
            names=names,
            today=today,
        )
        for season in seasons
    ]


def build_scorecard(user, *, mill, season, region=None, today=None) -> Scorecard:
    """The scorecard of one season, read from its stored summary and narrowed to what ``user``
    may see (the regions of their scope)."""
    return _cards(user, mill=mill, seasons=[season], region=region, today=today)[0]


def trend(user, *, mill, region=None, today=None) -> list[Scorecard]:
    """The scorecard of each of the mill's seasons, oldest first."""
    seasons = scope_for(user, Season.objects.filter(mill=mill)).order_by("name")
    return _cards(user, mill=mill, seasons=seasons, region=region, today=today)


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
    sheet.append([_("Percentiles"), percentile_method()])
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
