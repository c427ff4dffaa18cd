"""Reads from harvest to payment, each already narrowed to what the user may see
(tebu_site.access.scope_for). Pages, the API and exports all read through these."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Count, DecimalField, Min, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from harvest.models import (
    UNPAID_STATUSES,
    AuctionPrice,
    DeliveryOrder,
    DoAdjustment,
    DoLine,
    DoPayment,
    DoStatus,
    DoSummary,
    HarvestPolicy,
    QualityCheck,
    RendemenAnalysis,
    SettlementPeriod,
    SettlementRun,
    SettlementScheme,
    Spta,
    SptaEvent,
    SptaStatus,
    StreamSale,
    Weighing,
)
from harvest.models.spta import number_from_scan, spta_number
from partners import selectors
from partners.models import ContractStatus, Mill, Plot, RegistrationStatus, Season, SeasonContract
from tebu_site.access import scope_for
from tebu_site.history import Version, changes, versions
from tebu_site.models import Role, User

ZERO_MONEY = Value(Decimal(0), output_field=DecimalField(max_digits=16, decimal_places=2))


# --- SPTAs and weighings ----------------------------------------------------------------------


def sptas_visible_to(user) -> QuerySet[Spta]:
    return scope_for(
        user,
        Spta.objects.select_related(
            "farmer__region", "plot", "mill", "season", "issued_by", "closed_by"
        ),
    )


# What a clerk types for a short SPTA number: its serial, with or without the leading zeros.
SHORT_SPTA_NUMBER = re.compile(r"^\d{1,6}$")


def spta_at_weighbridge(user, typed: str) -> tuple[Spta | None, str]:
    """The SPTA a weighbridge clerk scanned or typed: the slip's whole QR payload, its full
    number, or its short number within the current season of the clerk's mill(s). Returns the
    SPTA, or None with the reason to show."""
    typed = number_from_scan(typed)
    sptas = sptas_visible_to(user)
    found = sptas.filter(number=typed).first()
    if found is not None:
        return found, ""
    if not SHORT_SPTA_NUMBER.match(typed):
        return None, _("No SPTA with this number at your mill.")
    seasons = selectors.seasons_visible_to(user).filter(is_current=True).select_related("mill")
    numbers = [spta_number(s.mill.code, s.name, int(typed)) for s in seasons]
    matches = list(sptas.filter(number__in=numbers)[:2])
    if len(matches) == 1:
        return matches[0], ""
    if matches:
        return None, _("Several mills have an SPTA with this short number: type the full number.")
    return None, _("No SPTA with this number in this season at your mill.")


def spta_events(user, spta: Spta) -> QuerySet[SptaEvent]:
    return scope_for(user, SptaEvent.objects.filter(spta=spta).select_related("by")).order_by(
        "at", "id"
    )


def weighings_visible_to(user) -> QuerySet[Weighing]:
    return scope_for(
        user,
        Weighing.objects.select_related(
            "spta__farmer__region",
            "spta__plot",
            "spta__mill",
            "rendemen_analysis",
            "delivery_order",
            "recorded_by",
        ),
    )


def weighings_waiting_for_rendemen(user) -> QuerySet[Weighing]:
    return weighings_visible_to(user).filter(rejected=False, rendemen_analysis__isnull=True)


def recent_weighings(user, limit: int = 20) -> list[Weighing]:
    return list(weighings_visible_to(user).order_by("-weighed_at", "-id")[:limit])


def analyses_visible_to(user) -> QuerySet[RendemenAnalysis]:
    return scope_for(
        user, RendemenAnalysis.objects.select_related("farmer__region", "mill", "measured_by")
    )


def schemes_visible_to(user) -> QuerySet[SettlementScheme]:
    return scope_for(user, SettlementScheme.objects.select_related("mill", "season", "created_by"))


def auction_prices_visible_to(user) -> QuerySet[AuctionPrice]:
    return scope_for(user, AuctionPrice.objects.select_related("mill", "season", "recorded_by"))


def stream_sales_visible_to(user) -> QuerySet[StreamSale]:
    return scope_for(user, StreamSale.objects.select_related("mill", "season", "recorded_by"))


def quality_checks_visible_to(user) -> QuerySet[QualityCheck]:
    return scope_for(
        user, QualityCheck.objects.select_related("weighing__spta__farmer", "checked_by")
    )


# --- DOs --------------------------------------------------------------------------------------


def paid_amount():
    """What has been paid on each DO, as a correlated subquery: evaluated only for the rows a
    page shows, where a join and GROUP BY summed every DO of the mill first (issue 18)."""
    paid = (
        DoPayment.objects.filter(delivery_order=OuterRef("pk"))
        .order_by()
        .values("delivery_order")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(Subquery(paid, output_field=ZERO_MONEY.output_field), ZERO_MONEY)


# The settlement's unrounded computation and inputs (1-2 KB a row) are read by the DO page only.
# The warnings (a few bytes) stay: the API's lists show them, and a deferred field that a list
# reads costs one query per row (bench/SCALE.md: 53 queries for a page of the farmer's API).
LIST_DEFERRED = ("computation", "inputs", "lines_packed")


def delivery_orders_visible_to(user) -> QuerySet[DeliveryOrder]:
    """DOs with ``paid_amount``; a farmer sees only issued ones (a draft is not final)."""
    orders = scope_for(
        user,
        DeliveryOrder.objects.select_related("farmer__region", "season", "mill", "scheme"),
    ).annotate(paid_amount=paid_amount())
    if getattr(user, "is_farmer", False):
        orders = orders.exclude(status=DoStatus.DRAFT)
    return orders


def do_totals(user) -> dict:
    """The user's DO totals from the maintained summaries (harvest.services.summaries): unpaid,
    overdue, still owed, issued; scoped like every other read."""
    return scope_for(user, DoSummary.objects.all()).aggregate(
        count=Coalesce(Sum("unpaid_count"), 0),
        overdue=Coalesce(Sum("overdue_count"), 0),
        owed=Coalesce(Sum("owed"), ZERO_MONEY),
        issued=Coalesce(Sum("issued_count"), 0),
        refreshed_at=Min("refreshed_at"),
    )


def farmer_do_list(user) -> QuerySet[DeliveryOrder]:
    """The farmer's DOs, newest first: one query whatever their number."""
    return (
        delivery_orders_visible_to(user)
        .defer(*LIST_DEFERRED, "scheme__parameters")
        .order_by("-issued_at", "-id")
    )


# What a card of the farmer's DO list shows, and all the list reads of a DO.
DO_CARD_FIELDS = (
    "number",
    "status",
    "payable",
    "cane_kw",
    "rendemen_percent",
    "issued_at",
    "paid_at",
    "expected_payment_on",
)


def farmer_do_cards(user) -> QuerySet[DeliveryOrder]:
    """The farmer's DO list: the card's columns and the sum paid, without the relations a
    statement needs (issue 18: the list page cost more in building rows than in reading them)."""
    return farmer_do_list(user).select_related(None).only(*DO_CARD_FIELDS)


DO_ROW_FIELDS = (
    *DO_CARD_FIELDS,
    "period_start",
    "period_end",
    "farmer__name",
    "farmer__region__name",
)


def register_rows(orders: QuerySet[DeliveryOrder]) -> QuerySet[DeliveryOrder]:
    """A register page's rows (the register, the overdue list): what a row shows, with the
    farmer and his region, not the settlement JSON, season, mill or scheme of every DO."""
    return orders.select_related(None).select_related("farmer__region").only(*DO_ROW_FIELDS)


def who_to_ask(order: DeliveryOrder) -> list:
    """Whom the farmer calls about a late DO: the field officers of his region, else the
    managers of his mill; active logins only, those with a phone first."""
    people = User.objects.filter(is_active=True, role=Role.FIELD_STAFF)
    region_id = order.farmer.region_id
    found = list(people.filter(regions=region_id)) if region_id else []
    if not found:
        found = list(User.objects.filter(is_active=True, role=Role.MANAGER, mills=order.mill_id))
    return sorted(found, key=lambda person: (not person.phone, person.get_full_name()))[:3]


def payments_visible_to(user) -> QuerySet[DoPayment]:
    payments = scope_for(
        user, DoPayment.objects.select_related("delivery_order__farmer", "recorded_by")
    )
    if getattr(user, "is_farmer", False):
        payments = payments.exclude(delivery_order__status=DoStatus.DRAFT)
    return payments


def overdue_filter(*, today: date, days: int | None = None) -> Q:
    """Unpaid DOs past their expected payment date, or issued more than ``days`` ago."""
    if days is None:
        return Q(status__in=UNPAID_STATUSES, expected_payment_on__lt=today)
    since = timezone.make_aware(datetime.combine(today - timedelta(days=days), datetime.min.time()))
    return Q(status__in=UNPAID_STATUSES, issued_at__lt=since)


def overdue_count(user, overdue: Q) -> int:
    """How many DOs the overdue page lists, counted without its joins and payment sums: the
    count reads the unpaid DOs' indexes only (issue 18)."""
    return scope_for(user, DeliveryOrder.objects.filter(overdue)).count()


@dataclass
class Correction:
    """One change to a rendemen analysis or a weighing, from the history."""

    at: datetime
    who: str
    reason: str
    changes: list[tuple[str, object, object]]  # (field label, before, after)


@dataclass
class Delivery:
    weighing: Weighing
    analysis: RendemenAnalysis | None
    weighing_corrections: list[Correction] = field(default_factory=list)
    rendemen_corrections: list[Correction] = field(default_factory=list)


@dataclass
class DoDetail:
    order: DeliveryOrder
    lines: list[DoLine]
    deliveries: list[Delivery]
    adjustments: list[DoAdjustment]
    payments: list[DoPayment]

    @property
    def paid(self) -> Decimal:
        return sum((payment.amount for payment in self.payments), Decimal(0))

    @property
    def outstanding(self) -> Decimal:
        return max(self.order.payable - self.paid, Decimal(0))

    @property
    def overpaid(self) -> Decimal:
        return max(self.paid - self.order.payable, Decimal(0))

    @property
    def corrected_after_issue(self) -> bool:
        return bool(self.adjustments) or any(
            d.rendemen_corrections or d.weighing_corrections for d in self.deliveries
        )


RENDEMEN_TRACKED = (
    "method",
    "brix_reading",
    "temperature_correction",
    "pol_reading",
    "specific_gravity",
    "dilution_factor",
    "extraction_factor",
    "rendemen_percent",
    "direct_reason",
)
WEIGHING_TRACKED = ("gross_kg", "tare_kg", "trash_percent", "net_kg", "rejected")


def _user_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _shown(model, name: str, value):
    model_field = model._meta.get_field(name)
    if model_field.choices and value is not None:
        return str(dict(model_field.flatchoices).get(value, value))
    return value


def _corrections(
    history_rows, live: dict[int, object], tracked: tuple[str, ...], model
) -> dict[int, list[Correction]]:
    """Each object's changes to ``tracked`` fields, oldest first: its history rows hold the values
    before each change, the live row the values after the last (tebu_site.history)."""
    by_object: dict[int, list] = defaultdict(list)
    for row in history_rows:
        by_object[row.id].append(row)
    result: dict[int, list[Correction]] = {}
    for pk, rows in by_object.items():
        if pk not in live:
            continue
        corrections = []
        for change in changes(live[pk], rows):
            changed = [
                (
                    str(model._meta.get_field(name).verbose_name),
                    _shown(model, name, getattr(change.before, name)),
                    _shown(model, name, getattr(change.after, name)),
                )
                for name in tracked
                if getattr(change.before, name) != getattr(change.after, name)
            ]
            if changed:
                corrections.append(
                    Correction(
                        at=change.at,
                        who=_user_name(change.by),
                        reason=change.reason,
                        changes=changed,
                    )
                )
        result[pk] = corrections
    return result


def rendemen_versions(analysis: RendemenAnalysis) -> list[Version]:
    """The analysis as recorded, then as each correction left it, oldest first."""
    rows = analysis.history.select_related("history_user").order_by("history_date", "history_id")
    return versions(
        analysis, list(rows), created_by=analysis.measured_by, created_at=analysis.created_at
    )


def do_detail(user, pk: int) -> DoDetail | None:
    """The DO with its lines, deliveries (weights, rendemen inputs and their correction history),
    adjustments and payments, in a fixed number of queries."""
    order = delivery_orders_visible_to(user).filter(pk=pk).first()
    if order is None:
        return None
    weighings = list(
        Weighing.objects.filter(delivery_order=order)
        .select_related("spta__plot", "rendemen_analysis__measured_by", "recorded_by")
        .order_by("weighed_at", "id")
    )
    analyses = {
        w.rendemen_analysis_id: w.rendemen_analysis for w in weighings if w.rendemen_analysis_id
    }
    rendemen_history = _corrections(
        RendemenAnalysis.history.filter(id__in=list(analyses))
        .select_related("history_user")
        .order_by("id", "history_date", "history_id"),
        analyses,
        RENDEMEN_TRACKED,
        RendemenAnalysis,
    )
    weighing_history = _corrections(
        Weighing.history.filter(id__in=[w.pk for w in weighings])
        .select_related("history_user")
        .order_by("id", "history_date", "history_id"),
        {w.pk: w for w in weighings},
        WEIGHING_TRACKED,
        Weighing,
    )
    deliveries = [
        Delivery(
            weighing=w,
            analysis=w.rendemen_analysis,
            weighing_corrections=weighing_history.get(w.pk, []),
            rendemen_corrections=rendemen_history.get(w.rendemen_analysis_id, []),
        )
        for w in weighings
    ]
    return DoDetail(
        order=order,
        lines=list(order.lines),
        deliveries=deliveries,
        adjustments=list(order.adjustments.select_related("by").order_by("at", "id")),
        payments=list(order.payments.select_related("recorded_by").order_by("paid_on", "id")),
    )


def default_settlement_period(user, *, season: Season | None) -> tuple[date, date]:
    """The period the batch settlement page proposes, by the mill's policy: last full week
    (Monday to Sunday), or for batch settlement from the oldest unsettled delivery to today."""
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    week = (monday - timedelta(days=7), monday - timedelta(days=1))
    if season is None:
        return week
    if HarvestPolicy.for_mill(season.mill).settlement_period == SettlementPeriod.WEEK:
        return week
    oldest = (
        weighings_visible_to(user)
        .filter(spta__season=season, rejected=False, delivery_order__isnull=True)
        .order_by("weighed_at")
        .values_list("weighed_at", flat=True)
        .first()
    )
    return (timezone.localdate(oldest) if oldest else today, today)


def do_register(user) -> QuerySet[DeliveryOrder]:
    return (
        delivery_orders_visible_to(user)
        .defer(*LIST_DEFERRED, "scheme__parameters")
        .order_by("-period_end", "-id")
    )


# The factors a lab keeps from one sample to the next (its dilution and its mill's extraction
# factor); the readings themselves change with every sample.
LAB_CONSTANT_FACTORS = ("dilution_factor", "extraction_factor")


def lab_factors(user) -> dict:
    """The constant factors of the lab's last analysis from readings, to start the next with."""
    last = (
        scope_for(user, RendemenAnalysis.objects.filter(extraction_factor__isnull=False))
        .order_by("-measured_at", "-id")
        .values(*LAB_CONSTANT_FACTORS)
        .first()
    )
    return dict(last) if last else {}


# --- batch settlements -----------------------------------------------------------------------


def settlement_runs(user) -> QuerySet[SettlementRun]:
    return scope_for(user, SettlementRun.objects.select_related("mill", "season", "requested_by"))


def run_drafts(user, run: SettlementRun) -> QuerySet[DeliveryOrder]:
    """The DOs a run drafted that the reader may see, as the register shows them."""
    return register_rows(do_register(user).filter(pk__in=run.created_ids)).order_by("number")


# --- cutting schedule -------------------------------------------------------------------------


@dataclass
class ScheduleDay:
    day: date
    spta_count: int
    quota_kw: Decimal
    capacity_tonnes: Decimal | None

    @property
    def quota_tonnes(self) -> Decimal:
        return self.quota_kw / 10

    @property
    def load_percent(self) -> Decimal | None:
        if not self.capacity_tonnes:
            return None
        return self.quota_tonnes / self.capacity_tonnes * 100


@dataclass
class ReadyPlot:
    plot: Plot
    ready_on: date | None
    sptas_this_season: int
    delivered_kw: Decimal


@dataclass
class CuttingSchedule:
    mill: Mill
    season: Season | None
    start: date
    days: list[ScheduleDay]
    plots: list[ReadyPlot]


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, 28))


def cutting_schedule(user, *, mill: Mill, start: date, days: int = 7) -> CuttingSchedule:
    """Plots ready to cut by date (planting or last cut + the mill's ripening months), and per
    day the SPTAs issued against the mill's daily crushing capacity."""
    season = Season.objects.filter(mill=mill, is_current=True).first()
    policy = HarvestPolicy.for_mill(mill)
    end = start + timedelta(days=days - 1)
    per_day = {
        row["cutting_date"]: row
        for row in sptas_visible_to(user)
        .filter(mill=mill, cutting_date__range=(start, end))
        .exclude(status=SptaStatus.CANCELLED)
        .values("cutting_date")
        .annotate(count=Count("id"), quota=Sum("quota_kw"))
    }
    schedule_days = [
        ScheduleDay(
            day=day,
            spta_count=per_day.get(day, {}).get("count", 0),
            quota_kw=per_day.get(day, {}).get("quota") or Decimal(0),
            capacity_tonnes=mill.daily_capacity_tonnes,
        )
        for day in (start + timedelta(days=offset) for offset in range(days))
    ]
    ready: list[ReadyPlot] = []
    if season is not None:
        signed = SeasonContract.objects.filter(season=season, status=ContractStatus.SIGNED)
        plots = (
            selectors.plots_visible_to(user)
            .filter(mill=mill, is_active=True)
            .filter(
                Q(registration_status=RegistrationStatus.CONTRACTED)
                | Q(contracts__in=signed.values("pk"))
            )
            .distinct()
            .annotate(
                season_sptas=Count(
                    "sptas",
                    filter=Q(sptas__season=season) & ~Q(sptas__status=SptaStatus.CANCELLED),
                    distinct=True,
                ),
                delivered_kg=Coalesce(
                    Sum(
                        "sptas__weighing__net_kg",
                        filter=Q(sptas__season=season, sptas__weighing__rejected=False),
                    ),
                    Value(Decimal(0), output_field=DecimalField(max_digits=14, decimal_places=2)),
                ),
            )
        )
        for plot in plots:
            ready_on = (
                _add_months(plot.planted_or_cut_on, policy.ripening_months)
                if plot.planted_or_cut_on
                else None
            )
            if ready_on is None or ready_on <= end:
                ready.append(
                    ReadyPlot(
                        plot=plot,
                        ready_on=ready_on,
                        sptas_this_season=plot.season_sptas,
                        delivered_kw=plot.delivered_kg / 100,
                    )
                )
        ready.sort(key=lambda r: (r.ready_on or date.max, r.plot.code))
    return CuttingSchedule(mill=mill, season=season, start=start, days=schedule_days, plots=ready)
