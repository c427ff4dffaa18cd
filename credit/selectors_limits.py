"""Inputs of PG Pakis Baru's credit rules, gathered for credit.calculations_limits (domain.md 5b):
the first harvest delivered without credit, the delivery record of the last seasons, and the
subsidised fertiliser quota with what was drawn against it.

Harvest figures come from harvest.selectors_records. Side-selling events are recorded on the
compliance ledger, an app above credit: compliance registers a counter here
(``register_side_selling_counter``) so that credit never imports it. Without a counter the
factor is "not known" and does not count.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum

from credit import calculations as calc
from credit import calculations_limits as rules
from credit import limit_text
from credit.models import (
    OPEN_LOAN_STATUSES,
    ApplicationStatus,
    CreditApplication,
    CreditProduct,
    Disbursement,
    FertiliserDraw,
    Guarantee,
    GuarantorRule,
    LimitRule,
    RepaymentAllocation,
)
from harvest.models import DeliveryOrder, DoStatus
from harvest.selectors_records import SeasonDeliveries, season_deliveries, seasons_delivered
from partners.models import ContractStatus, Farmer, Season, SeasonContract

ZERO = Decimal(0)
# Loans: approved (money paid or to be paid) or repaid; a rejected or pending application is not.
LOAN_STATUSES = (*OPEN_LOAN_STATUSES, ApplicationStatus.REPAID)
# The guarantor is settled while the documents are still being gathered and checked.
GUARANTEE_OPEN_STATUSES = (
    ApplicationStatus.DRAFT,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.DOCUMENTS_COMPLETE,
)

SideSellingCounter = Callable[[Farmer, Sequence[Season]], int]
_side_selling_counters: list[SideSellingCounter] = []


def register_side_selling_counter(counter: SideSellingCounter) -> SideSellingCounter:
    """An app that records side-selling (compliance) tells credit how many confirmed events a
    farmer has in some seasons."""
    if counter not in _side_selling_counters:
        _side_selling_counters.append(counter)
    return counter


def side_selling_events(farmer: Farmer, seasons: Sequence[Season]) -> int | None:
    if not _side_selling_counters:
        return None
    return sum(counter(farmer, seasons) for counter in _side_selling_counters)


# --- the first loan ---------------------------------------------------------------------------


def _loans(farmer: Farmer, product: CreditProduct):
    return CreditApplication.objects.filter(
        farmer=farmer, product__mill=product.mill, status__in=LOAN_STATUSES
    )


def has_earlier_loan(farmer: Farmer, product: CreditProduct) -> bool:
    """A loan of the mill in a season before the product's: the next one is a later loan."""
    return _loans(farmer, product).filter(season__name__lt=product.season.name).exists()


def first_uncredited_harvest(farmer: Farmer, product: CreditProduct) -> SeasonDeliveries | None:
    """The farmer's first season before the product's with cane settled in an issued DO and no
    loan of the mill (the study: a harvest delivered without credit decides the first loan)."""
    credited = set(_loans(farmer, product).values_list("season_id", flat=True))
    for season in seasons_delivered(farmer, product.mill, before=product.season):
        if season.pk in credited:
            continue
        deliveries = season_deliveries(farmer, season)
        if deliveries.cane_kw > 0:
            return deliveries
    return None


def harvest_quality(deliveries: SeasonDeliveries) -> rules.HarvestQuality:
    return rules.HarvestQuality(
        season=deliveries.season.name,
        cane_kw=deliveries.cane_kw,
        area_ha=deliveries.area_ha,
        rendemen_percent=deliveries.rendemen_percent,
        loads=deliveries.loads,
        rejected_loads=deliveries.rejected_loads,
        trash_percent=deliveries.trash_percent,
    )


def quality_bands(product: CreditProduct) -> list[rules.QualityBand]:
    return [
        rules.QualityBand(
            key=band.pk,
            limit_per_ha=band.limit_per_ha,
            min_rendemen_percent=band.min_rendemen_percent,
            min_yield_kw_per_ha=band.min_yield_kw_per_ha,
            max_rejected_percent=band.max_rejected_percent,
            max_trash_percent=band.max_trash_percent,
        )
        for band in product.first_harvest_bands.all()
    ]


# --- later loans ------------------------------------------------------------------------------


def record_seasons(farmer: Farmer, product: CreditProduct) -> list[Season]:
    """The last ``product.record_seasons`` seasons before the product's in which the farmer had a
    signed contract, an issued DO or a loan of the mill, oldest first. A season contracted and
    not delivered counts: it is the worst record, not a blank."""
    before = Q(mill=product.mill, name__lt=product.season.name)
    contracted = SeasonContract.objects.filter(farmer=farmer, status=ContractStatus.SIGNED)
    delivered = DeliveryOrder.objects.filter(farmer=farmer).exclude(status=DoStatus.DRAFT)
    seasons = (
        Season.objects.filter(before)
        .filter(
            Q(pk__in=contracted.values("season"))
            | Q(pk__in=delivered.values("season"))
            | Q(pk__in=_loans(farmer, product).values("season"))
        )
        .order_by("-name")[: product.record_seasons]
    )
    return sorted(seasons, key=lambda season: season.name)


def contracted_area(farmer: Farmer, season: Season) -> Decimal:
    """Area of the plots in the farmer's signed contracts of the season."""
    return (
        SeasonContract.objects.filter(
            farmer=farmer, season=season, status=ContractStatus.SIGNED
        ).aggregate(total=Sum("plots__area_ha"))["total"]
        or ZERO
    )


def season_record(farmer: Farmer, season: Season) -> rules.SeasonRecord:
    deliveries = season_deliveries(farmer, season)
    loans = CreditApplication.objects.filter(farmer=farmer, season=season, status__in=LOAN_STATUSES)
    principal = (
        Disbursement.objects.filter(application__in=loans, paid_on__isnull=False).aggregate(
            total=Sum("amount")
        )["total"]
        or ZERO
    )
    repaid = (
        RepaymentAllocation.objects.filter(application__in=loans).aggregate(total=Sum("principal"))[
            "total"
        ]
        or ZERO
    )
    return rules.SeasonRecord(
        season=season.name,
        contracted_area_ha=contracted_area(farmer, season),
        delivered_kw=deliveries.cane_kw,
        sptas_used=deliveries.sptas_used,
        sptas_missed=deliveries.sptas_expired,
        side_selling_events=side_selling_events(farmer, [season]),
        loan_principal=principal,
        loan_repaid=repaid,
        in_default=loans.filter(status=ApplicationStatus.IN_DEFAULT).exists(),
    )


def membership_years(farmer: Farmer, season: Season) -> int:
    """Years from the farmer's first partnership year to the season's planting year."""
    if not farmer.partner_since:
        return 0
    planting_year = int(season.name[:4]) if season.name[:4].isdigit() else farmer.partner_since
    return max(planting_year - farmer.partner_since, 0)


def weights(product: CreditProduct) -> rules.Weights:
    return rules.Weights(
        delivery=Decimal(product.record_weight_delivery),
        on_time=Decimal(product.record_weight_on_time),
        no_side_selling=Decimal(product.record_weight_no_side_selling),
        repayment=Decimal(product.record_weight_repayment),
    )


def limit_decision(
    *, farmer: Farmer, product: CreditProduct, area_ha: Decimal
) -> rules.LimitDecision | None:
    """The credit limit of a "harvest record" product for ``area_ha`` financed (None for a
    product with another rule): a first loan from the first harvest delivered without credit,
    a later one from the delivery record."""
    if product.limit_rule != LimitRule.HARVEST_RECORD:
        return None
    if has_earlier_loan(farmer, product):
        return rules.later_loan_limit(
            [season_record(farmer, season) for season in record_seasons(farmer, product)],
            weights(product),
            expected_yield_kw_per_ha=product.record_expected_yield_kw_per_ha or ZERO,
            full_limit_per_ha=product.record_full_limit_per_ha or ZERO,
            min_score_percent=product.record_min_score_percent,
            area_ha=area_ha,
            max_ha=product.max_financed_ha,
            step_per_membership_year=product.limit_step_per_membership_year,
            membership_years=membership_years(farmer, product.season),
        )
    harvest = first_uncredited_harvest(farmer, product)
    return rules.first_loan_limit(
        harvest_quality(harvest) if harvest else None,
        quality_bands(product),
        area_ha=area_ha,
        max_ha=product.max_financed_ha,
    )


# --- subsidised fertiliser --------------------------------------------------------------------


def _financed_area(application: CreditApplication) -> Decimal:
    """The application's financed area: its plots, at most the product's hectares."""
    area = sum((line.area_ha for line in application.plot_lines.all()), ZERO)
    return rules.financed_area(area, application.product.max_financed_ha)


def drawn(farmer: Farmer, season: Season) -> tuple[Decimal, Decimal]:
    totals = FertiliserDraw.objects.filter(farmer=farmer, season=season).aggregate(
        phonska=Sum("phonska_kg"), za=Sum("za_kg")
    )
    return totals["phonska"] or ZERO, totals["za"] or ZERO


@dataclass
class SeasonQuota:
    """A farmer's subsidised fertiliser in one season: the sum of the quotas of the season's
    loans whose product sets one, and the draws against it."""

    season: Season
    phonska_kg: Decimal = ZERO
    za_kg: Decimal = ZERO
    area_ha: Decimal = ZERO
    drawn_phonska_kg: Decimal = ZERO
    drawn_za_kg: Decimal = ZERO
    loans: list[tuple[CreditApplication, rules.FertiliserQuota]] = field(default_factory=list)
    draws: list[FertiliserDraw] = field(default_factory=list)

    @property
    def left_phonska_kg(self) -> Decimal:
        return self.phonska_kg - self.drawn_phonska_kg

    @property
    def left_za_kg(self) -> Decimal:
        return self.za_kg - self.drawn_za_kg


def application_quota(application: CreditApplication) -> rules.FertiliserQuota | None:
    """What this application's financed area gives (None when its product sets no quota)."""
    product = application.product
    if product.fertiliser_kg_per_ha is None:
        return None
    return rules.fertiliser_quota(
        area_ha=_financed_area(application),
        kg_per_ha=product.fertiliser_kg_per_ha,
        phonska_percent=product.fertiliser_phonska_percent,
    )


def season_quota(farmer: Farmer, season: Season) -> SeasonQuota | None:
    """The farmer's quota in ``season`` from the season's loans (None: no loan sets one)."""
    loans = (
        CreditApplication.objects.filter(
            farmer=farmer,
            season=season,
            status__in=LOAN_STATUSES,
            product__fertiliser_kg_per_ha__isnull=False,
        )
        .select_related("product")
        .prefetch_related("plot_lines")
        .order_by("approved_on", "id")
    )
    quota = SeasonQuota(season=season)
    for loan in loans:
        one = application_quota(loan)
        quota.loans.append((loan, one))
        quota.phonska_kg += one.phonska_kg
        quota.za_kg += one.za_kg
        quota.area_ha += one.area_ha
    if not quota.loans:
        return None
    quota.drawn_phonska_kg, quota.drawn_za_kg = drawn(farmer, season)
    quota.draws = list(
        FertiliserDraw.objects.filter(farmer=farmer, season=season)
        .select_related("advance", "recorded_by")
        .order_by("drawn_on", "id")
    )
    return quota


def quotas_of(farmer: Farmer) -> list[SeasonQuota]:
    """Every season in which the farmer's loans give a subsidised fertiliser quota, newest
    first (the ledger shows them)."""
    seasons = Season.objects.filter(
        pk__in=CreditApplication.objects.filter(
            farmer=farmer, status__in=LOAN_STATUSES, product__fertiliser_kg_per_ha__isnull=False
        ).values("season")
    ).order_by("-name")
    return [quota for season in seasons if (quota := season_quota(farmer, season))]


# --- what the application page and the ledger show ---------------------------------------------


@dataclass
class LimitPanel:
    """An application's PG Pakis Baru terms as staff and the farmer read them: the limit
    decision with its reasons, the guarantor, and the fertiliser quota (with the season's draws
    once it is a loan)."""

    application: CreditApplication
    decision: rules.LimitDecision | None
    headline: str
    rows: list
    guarantor_rule: str
    guarantee: Guarantee | None
    quota: rules.FertiliserQuota | None
    season: SeasonQuota | None

    @property
    def guarantee_open(self) -> bool:
        return self.application.status in GUARANTEE_OPEN_STATUSES


def application_decision(application: CreditApplication) -> rules.LimitDecision | None:
    """The limit decision for the application's plots (None for a product with another rule):
    what the ceiling of the application uses."""
    product = application.product
    if product.limit_rule != LimitRule.HARVEST_RECORD:
        return None
    area = calc.ceiling(
        [calc.AreaLine(line.crop_class, line.area_ha) for line in application.plot_lines.all()],
        {"pc": product.ceiling_per_ha_plant_cane, "rc": product.ceiling_per_ha_ratoon},
        max_financed_ha=product.max_financed_ha,
    ).financed_area_ha
    return limit_decision(farmer=application.farmer, product=product, area_ha=area)


def limit_panel(application: CreditApplication) -> LimitPanel | None:
    """None when the product uses none of these terms."""
    product = application.product
    decision = application_decision(application)
    quota = application_quota(application)
    if decision is None and quota is None and product.guarantor_rule == GuarantorRule.NONE:
        return None
    return LimitPanel(
        application=application,
        decision=decision,
        headline=limit_text.headline(decision) if decision else "",
        rows=limit_text.rows(decision) if decision else [],
        guarantor_rule=product.guarantor_rule,
        guarantee=Guarantee.objects.filter(application=application)
        .select_related("mill", "group", "document", "recorded_by")
        .first(),
        quota=quota,
        season=season_quota(application.farmer, application.season)
        if quota is not None and application.is_loan
        else None,
    )
