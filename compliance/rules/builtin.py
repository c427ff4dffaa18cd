"""The rules of issue 8 point 2, each raising one event per subject (domain.md 9 and 10).

Summaries describe what the data shows, never a verdict: the low-delivery rule in particular lists
a plot "for review" (a harvest can fail, a plot can be mismeasured), and staff decide.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery, Sum
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from compliance.models import ComplianceEvent, EventStatus
from compliance.rules import Rule, RuleContext, register, unraised
from compliance.services import Finding
from harvest.models import (
    DeliveryOrder,
    DoPayment,
    DoStatus,
    RendemenAnalysis,
    RendemenMethod,
    Spta,
    SptaStatus,
    Weighing,
)
from partners.models import Plot, Season
from tebu_site.formatting import format_number, format_rupiah

HUNDRED = Decimal(100)


def _day(value) -> str:
    return formats.date_format(value, "j M Y")


def _start_of(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


# --- a DO unpaid beyond the mill's threshold (mill) ---------------------------------------------


def unpaid_dos(ctx: RuleContext):
    """One query: the mill's DOs unpaid past the threshold that the rule has not raised yet,
    with what the texts need (the paid amount as a correlated subquery), never the whole rows."""
    days = ctx.settings.do_unpaid_days
    # Unpaid "beyond" N days: issued on a WIB date more than N days before today.
    cutoff = _start_of(ctx.today - timedelta(days=days))
    orders = DeliveryOrder.objects.filter(
        mill=ctx.mill,
        status__in=[DoStatus.ISSUED, DoStatus.PARTLY_PAID],
        issued_at__lt=cutoff,
    )
    orders = unraised(ctx.narrow(orders, DeliveryOrder), "do_unpaid", "do:")
    paid = (
        DoPayment.objects.filter(delivery_order=OuterRef("pk"))
        .order_by()
        .values("delivery_order")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    rows = (
        orders.annotate(paid=Subquery(paid))
        .order_by("pk")
        .values_list(
            "pk",
            "number",
            "issued_at",
            "payable",
            "paid",
            "season_id",
            "farmer_id",
            "farmer__region_id",
        )
    )
    for pk, number, issued_at, payable, paid, season_id, farmer_id, region_id in rows:
        paid = paid or Decimal(0)
        issued = timezone.localdate(issued_at)
        yield Finding(
            subject_key=f"do:{pk}",
            season=season_id,
            farmer=farmer_id,
            region=region_id,
            delivery_order=pk,
            occurred_on=issued + timedelta(days=days + 1),
            summary=_("DO %(number)s not fully paid within %(days)s days of its issue")
            % {"number": number, "days": days},
            evidence=_(
                "Issued %(issued)s; payable %(payable)s, paid %(paid)s, outstanding "
                "%(outstanding)s. The mill's threshold is %(days)s days from issue."
            )
            % {
                "issued": _day(issued),
                "payable": format_rupiah(payable),
                "paid": format_rupiah(paid),
                "outstanding": format_rupiah(payable - paid),
                "days": days,
            },
        )


def do_still_unpaid(event) -> bool:
    order = event.delivery_order
    return order is not None and order.status != DoStatus.PAID


def unpaid_events_resolved(ctx: RuleContext):
    """One query: the rule's open events whose DO is now paid in full (or gone)."""
    return (
        ComplianceEvent.objects.filter(mill=ctx.mill, rule_key="do_unpaid")
        .exclude(status=EventStatus.CLOSED)
        .filter(Q(delivery_order__isnull=True) | Q(delivery_order__status=DoStatus.PAID))
        .values_list("pk", flat=True)
    )


DO_UNPAID = register(
    Rule(
        key="do_unpaid",
        event_type="do_paid_late",
        label=_("DO unpaid beyond the mill's threshold"),
        closed_note=_("The DO is paid in full."),
        find=unpaid_dos,
        still_applies=do_still_unpaid,
        resolved=unpaid_events_resolved,
        triggers=(DeliveryOrder,),
    )
)


# --- a rendemen entered without the laboratory readings (mill) ----------------------------------


def _first_weighings(analysis_ids) -> dict[int, Weighing]:
    """Each analysis's first weighing (in the order ``analysis.weighings.first()`` reads them),
    with its SPTA, season and plot, in one query."""
    first: dict[int, Weighing] = {}
    if not analysis_ids:
        return first
    weighings = (
        Weighing.objects.filter(rendemen_analysis_id__in=analysis_ids)
        .select_related("spta__season", "spta__plot")
        .order_by(*(Weighing._meta.ordering or ["pk"]))
    )
    for weighing in weighings:
        first.setdefault(weighing.rendemen_analysis_id, weighing)
    return first


def direct_rendemen(ctx: RuleContext):
    analyses = RendemenAnalysis.objects.filter(
        mill=ctx.mill, method=RendemenMethod.DIRECT
    ).select_related("farmer", "measured_by")
    analyses = unraised(
        ctx.narrow(analyses, RendemenAnalysis), "rendemen_without_readings", "rendemen:"
    )
    analyses = list(analyses)
    current = Season.objects.filter(mill=ctx.mill, is_current=True).first()
    weighings = _first_weighings([analysis.pk for analysis in analyses])
    for analysis in analyses:
        weighing = weighings.get(analysis.pk)
        season = weighing.spta.season if weighing is not None else current
        if season is None:
            continue
        yield Finding(
            subject_key=f"rendemen:{analysis.pk}",
            season=season,
            farmer=analysis.farmer,
            rendemen_analysis=analysis,
            weighing=weighing,
            spta=weighing.spta if weighing else None,
            plot=weighing.spta.plot if weighing else None,
            occurred_on=timezone.localdate(analysis.measured_at),
            summary=_(
                "Rendemen %(value)s %% of sample %(sample)s entered without laboratory readings"
            )
            % {
                "value": format_number(analysis.rendemen_percent, 2),
                "sample": analysis.sample_code or analysis.pk,
            },
            evidence=_(
                "Entered directly on %(when)s by %(who)s. Reason given: %(reason)s. The farmer "
                "cannot check this figure against the juice readings."
            )
            % {
                "when": _day(timezone.localdate(analysis.measured_at)),
                "who": analysis.measured_by.get_full_name() or analysis.measured_by.username,
                "reason": analysis.direct_reason,
            },
        )


register(
    Rule(
        key="rendemen_without_readings",
        event_type="rendemen_not_shown",
        label=_("Rendemen entered without laboratory readings"),
        find=direct_rendemen,
        triggers=(RendemenAnalysis,),
    )
)


# --- cane paid below the contract price (mill) --------------------------------------------------


def below_contract(ctx: RuleContext):
    orders = (
        DeliveryOrder.objects.filter(mill=ctx.mill, price_shortfall__gt=0)
        .exclude(status=DoStatus.DRAFT)
        .select_related("farmer", "scheme")
        .only(
            "number",
            "issued_at",
            "price_shortfall",
            "cane_kw",
            "season_id",
            "farmer__region",
            "scheme__parameters",
            "scheme__price_note",
        )
    )
    orders = unraised(ctx.narrow(orders, DeliveryOrder), "price_below_contract", "do:")
    for order in orders.order_by("pk"):
        parameters = order.scheme.parameters or {}
        yield Finding(
            subject_key=f"do:{order.pk}",
            season=order.season_id,
            farmer=order.farmer,
            delivery_order=order.pk,
            occurred_on=timezone.localdate(order.issued_at),
            summary=_("DO %(number)s pays the cane %(shortfall)s below the contract price")
            % {"number": order.number, "shortfall": format_rupiah(order.price_shortfall)},
            evidence=_(
                "Contract price %(contract)s per kg, paid %(paid)s per kg, on %(cane)s kw of "
                "cane. Reason recorded on the scheme: %(note)s"
            )
            % {
                "contract": format_rupiah(parameters.get("contract_price_per_kg"), 2),
                "paid": format_rupiah(parameters.get("paid_price_per_kg"), 2),
                "cane": format_number(order.cane_kw, 2),
                "note": order.scheme.price_note or "–",
            },
        )


register(
    Rule(
        key="price_below_contract",
        event_type="price_below_contract",
        label=_("Cane paid below the contract price"),
        find=below_contract,
        triggers=(DeliveryOrder,),
    )
)


# --- a registered plot delivering far less than expected (farmer, for review) -------------------


def _expected_yield(season: Season, settings) -> Decimal:
    benchmark = getattr(season, "compliance_benchmark", None)
    if benchmark is not None and benchmark.expected_yield_kw_per_ha:
        return benchmark.expected_yield_kw_per_ha
    return settings.expected_yield_kw_per_ha


def low_deliveries(ctx: RuleContext):
    """Plots harvested this season (at least one accepted load) whose loads come to less than
    the mill's share (e.g. 50 %) of area × expected yield. Checked only once the plot's harvest is
    over (no open SPTA, and the milling season ended or the last load is ``quiet days`` old), so
    a harvest in progress is never listed. A plot with no load at all is left to the cutting
    schedule: plant cane may not be ripe this season, and nothing says its harvest has begun."""
    settings = ctx.settings
    seasons = Season.objects.filter(mill=ctx.mill).select_related("compliance_benchmark")
    quiet_before = ctx.today - timedelta(days=settings.low_delivery_quiet_days)
    for season in seasons:
        season_over = season.milling_end is not None and season.milling_end < ctx.today
        plots = Plot.objects.filter(sptas__season=season, mill=ctx.mill)
        raised = ComplianceEvent.objects.filter(
            rule_key="low_delivery", plot=OuterRef("pk"), season=season
        )
        plots = ctx.narrow(plots, Plot).filter(~Exists(raised)).distinct().select_related("farmer")
        loads = {
            row["spta__plot"]: row
            for row in Weighing.objects.filter(
                spta__season=season, spta__mill=ctx.mill, rejected=False
            )
            .values("spta__plot")
            .annotate(net_kg=Sum("net_kg"), last=Max("weighed_at"), n=Count("id"))
        }
        waiting = set(
            Spta.objects.filter(season=season, status=SptaStatus.ISSUED).values_list(
                "plot_id", flat=True
            )
        )
        yield_kw = _expected_yield(season, settings)
        for plot in plots:
            row = loads.get(plot.pk)
            if plot.pk in waiting or row is None:
                continue
            if not season_over and timezone.localdate(row["last"]) > quiet_before:
                continue
            delivered_kw = row["net_kg"] / HUNDRED
            expected_kw = plot.area_ha * yield_kw
            if delivered_kw * HUNDRED >= expected_kw * settings.low_delivery_percent:
                continue
            yield Finding(
                subject_key=f"plot:{plot.pk}:season:{season.pk}",
                season=season,
                farmer=plot.farmer,
                plot=plot,
                occurred_on=timezone.localdate(row["last"]),
                summary=_(
                    "For review: plot %(plot)s delivered %(delivered)s of about %(expected)s "
                    "expected"
                )
                % {
                    "plot": plot.code,
                    "delivered": f"{format_number(delivered_kw, 2)} kw",
                    "expected": f"{format_number(expected_kw, 0)} kw",
                },
                evidence=_(
                    "%(loads)s accepted loads, %(delivered)s kw, from %(area)s ha; at the "
                    "season's %(yield)s kw/ha about %(expected)s kw were expected (the mill "
                    "reviews plots below %(percent)s %%). This is a question to review with the "
                    "farmer, not a finding: a poor harvest, fire, drought or a mismeasured plot "
                    "give the same figures as cane sold elsewhere."
                )
                % {
                    "loads": row["n"],
                    "delivered": format_number(delivered_kw, 2),
                    "area": format_number(plot.area_ha, 4),
                    "yield": format_number(yield_kw, 0),
                    "expected": format_number(expected_kw, 0),
                    "percent": settings.low_delivery_percent,
                },
            )


register(
    Rule(
        key="low_delivery",
        event_type="low_delivery_review",
        label=_("Plot delivering far less than expected (for review)"),
        find=low_deliveries,
        triggers=(Plot,),
    )
)


# --- SPTAs of one plot expiring unused again and again (farmer) ---------------------------------


def repeated_expiries(ctx: RuleContext):
    expired = Spta.objects.filter(mill=ctx.mill, status=SptaStatus.EXPIRED)
    if isinstance(ctx.only, Spta):
        expired = expired.filter(plot_id=ctx.only.plot_id, season_id=ctx.only.season_id)
    groups: dict[tuple[int, int], list[Spta]] = defaultdict(list)
    for spta in expired.select_related("plot", "farmer__region", "season").order_by(
        "cutting_date", "pk"
    ):
        groups[(spta.plot_id, spta.season_id)].append(spta)
    for (plot_id, season_id), sptas in groups.items():
        if len(sptas) < ctx.settings.spta_expiries:
            continue
        last = sptas[-1]
        yield Finding(
            subject_key=f"plot:{plot_id}:season:{season_id}",
            season=last.season,
            farmer=last.farmer,
            plot=last.plot,
            spta=last,
            occurred_on=last.cutting_date,
            summary=_("%(count)s SPTAs of plot %(plot)s expired unused this season")
            % {"count": len(sptas), "plot": last.plot.code},
            evidence=_("Expired unused: %(list)s.")
            % {"list": "; ".join(f"{spta.number} ({_day(spta.cutting_date)})" for spta in sptas)},
        )


register(
    Rule(
        key="spta_expired_repeatedly",
        event_type="spta_expired_repeatedly",
        label=_("SPTAs expiring unused repeatedly"),
        find=repeated_expiries,
        triggers=(Spta,),
    )
)
