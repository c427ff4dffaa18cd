"""Demo data from harvest to payment for `make run`: a settlement scheme per mill, SPTAs, weighings,
rendemen, DOs issued and (partly) paid, run after ``load_demo``.

Everything goes through the services (harvest.services), as the demo
staff (``sinder``, ``timbang``, ``qc``, ``manajer``; ``admin`` for PG Djatiroto, which has no demo
staff). The services stamp their rows with the current time, so the loader runs them under a
demo clock set to fixed moments of the 2025/2026 milling season (June to October 2026): nothing
depends on today's date. DOs are issued so that, as of 2026-11-25, the unpaid ones have waited
20 to 90 days (some past the mill's payment threshold).

Deterministic (seeded per farmer) and idempotent: a scheme in force is not created again, and a
farmer who already has SPTAs in the season is left alone, so running it twice creates nothing.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from unittest import mock
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone as django_timezone

from harvest.calculations.rendemen import READING_FIELDS, compute_rendemen
from harvest.models import (
    AuctionPrice,
    DeliveryOrder,
    HarvestPolicy,
    PaymentMethod,
    RendemenAnalysis,
    Spta,
    Weighing,
)
from harvest.services import late_payment
from harvest.services.delivery_orders import issue_do, paid_total, record_payment
from harvest.services.market import record_auction_price
from harvest.services.rendemen import correct_rendemen, record_rendemen
from harvest.services.schemes import create_scheme, scheme_for
from harvest.services.settlement import settle_do
from harvest.services.spta import expire_overdue_sptas, issue_spta
from harvest.services.weighbridge import record_weighing
from partners.models import ContractStatus, Farmer, Mill, Plot, Season, SeasonContract

WIB = ZoneInfo("Asia/Jakarta")
AS_OF = date(2026, 11, 25)  # the demo's "today": unpaid DOs have waited 20-90 days by then
FARMERS_PER_MILL = 12

TIERS = [
    {"rendemen_from": "0", "rendemen_to": "6", "farmer_share": "0.66", "factor": "1"},
    {"rendemen_from": "6", "rendemen_to": None, "farmer_share": "0.70", "factor": "1.003"},
]
# PG Djatiroto: the KOA scheme of the reference (Valentine 2017, season 2016 prices).
DJATIROTO_SCHEME = {
    "kind": "rendemen_tier",
    "sharing_tiers": TIERS,
    "auction_fraction": "0.90",
    "natura_fraction": "0.10",
    "bridging_price_per_kw": "910000",
    "profit_sharing_per_kw_auctioned": "138000",
    "natura_price_per_kw": "1105000",
    "molasses_kg_per_kw_cane": "3",
    "molasses_price_per_kg": "1200",
    "sack_fee_per_kw_auctioned": "7500",
}
# PG Semboro: the same tiers at 2025 prices, with the mill's cutting and haulage fees, and profit
# sharing computed from the auction price recorded for each month: the farmer's 60 % of the gain
# above the bridging price (domain.md 5b, the Semboro study's "at least 60 % to the farmer").
SEMBORO_SCHEME = {
    **{k: v for k, v in DJATIROTO_SCHEME.items() if k != "profit_sharing_per_kw_auctioned"},
    "bridging_price_per_kw": "1450000",
    "profit_sharing_farmer_share": "0.60",
    "natura_price_per_kw": "1500000",
    "molasses_price_per_kg": "1500",
    "cutting_fee_per_kw_cane": "5500",
    "haulage_fee_per_kw_cane": "3000",
}
# Illustrative auction prices per month of the 2026 milling season (Rp/kw): at 60 % of the gain
# above Rp 1,450,000 they share Rp 114,000 to 126,000 per kw of auctioned sugar.
SEMBORO_AUCTIONS = [
    (date(2026, 5, 1), date(2026, 6, 30), "1640000"),
    (date(2026, 7, 1), date(2026, 7, 31), "1650000"),
    (date(2026, 8, 1), date(2026, 8, 31), "1660000"),
    (date(2026, 9, 1), date(2026, 9, 30), "1655000"),
    (date(2026, 10, 1), date(2026, 12, 31), "1645000"),
]
SCHEMES = {
    "semboro": ("Bagi hasil rendemen PG Semboro 2025/2026", SEMBORO_SCHEME),
    "djatiroto": ("Bagi hasil KOA PG Djatiroto 2025/2026", DJATIROTO_SCHEME),
}
DRIVERS = ["Sukardi", "Mulyadi", "Supri", "Rahmat", "Joko", "Samsul", "Wahyudi", "Dul Kadir"]


# --- the demo clock -----------------------------------------------------------------------------

_real_datetime = datetime


class _ClockMeta(type):
    def __instancecheck__(cls, obj) -> bool:
        return isinstance(obj, _real_datetime)


class _ClockDatetime(_real_datetime, metaclass=_ClockMeta):
    moment: datetime = _real_datetime(2026, 6, 1, tzinfo=UTC)

    @classmethod
    def now(cls, tz=None):
        return cls.moment.astimezone(tz) if tz else cls.moment.astimezone(WIB).replace(tzinfo=None)


@contextmanager
def demo_clock() -> Iterator[type[_ClockDatetime]]:
    """django.utils.timezone.now() (also as the models' field default) answers the demo moment
    set with ``at()`` while loading, so the services date their rows in the season."""
    with mock.patch.object(django_timezone, "datetime", _ClockDatetime):
        yield _ClockDatetime


def at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    """A WIB moment; also sets the demo clock to it."""
    moment = _real_datetime.combine(day, time(hour, minute), tzinfo=WIB)
    _ClockDatetime.moment = moment
    return moment


# --- the plan -----------------------------------------------------------------------------------


@dataclass
class DoPlan:
    load_days: list[date]
    issue_on: date | None  # None: left as a draft
    payments: list[tuple[date, Decimal]] = field(default_factory=list)  # (day, fraction of payable)
    credit: list[tuple[str, Decimal]] = field(default_factory=list)


@dataclass
class FarmerPlan:
    farmer: Farmer
    plot: Plot
    tma_by_mill: bool
    dos: list[DoPlan]
    upcoming: list[date] = field(default_factory=list)  # SPTAs issued, not yet cut
    expired: list[date] = field(default_factory=list)  # SPTAs never used
    direct_rendemen_day: date | None = None  # this load's rendemen entered directly
    correct_after_issue: bool = False  # the last DO's rendemen corrected after issue


def _d(month: int, day: int) -> date:
    return date(2026, month, day)


def _buriyanto_plan(farmer: Farmer, plot: Plot) -> FarmerPlan:
    return FarmerPlan(
        farmer=farmer,
        plot=plot,
        tma_by_mill=True,
        dos=[
            DoPlan(
                [_d(7, 14), _d(7, 16)],
                _d(7, 27),
                payments=[(_d(8, 20), Decimal("0.6")), (_d(9, 3), Decimal(1))],
                credit=[("Angsuran KUR musim 2025/2026 ke-1", Decimal("2500000"))],
            ),
            DoPlan([_d(8, 18), _d(8, 20)], _d(8, 31), payments=[(_d(10, 5), Decimal("0.5"))]),
            DoPlan([_d(9, 29)], _d(10, 11)),  # waiting 45 days on 2026-11-25
        ],
        upcoming=[_d(11, 27)],
        correct_after_issue=True,
    )


def _generic_plan(farmer: Farmer, plot: Plot, index: int, rng: random.Random) -> FarmerPlan:
    """Index 1.. picks the story: paid, unpaid and overdue, unpaid and recent, two DOs."""
    kind = index % 5
    tma = index % 3 == 0
    if kind == 0:  # paid in one transfer
        start = _d(6, 8) + timedelta(days=rng.randrange(0, 60))
        days = [start + timedelta(days=2 * n) for n in range(rng.randrange(2, 4))]
        issue = days[-1] + timedelta(days=rng.randrange(8, 14))
        paid = issue + timedelta(days=rng.randrange(20, 40))
        dos = [DoPlan(days, issue, payments=[(paid, Decimal(1))])]
    elif kind == 1:  # unpaid, past the mill's payment threshold
        start = _d(8, 20) + timedelta(days=rng.randrange(0, 35))
        days = [start + timedelta(days=3 * n) for n in range(rng.randrange(2, 4))]
        dos = [DoPlan(days, days[-1] + timedelta(days=rng.randrange(8, 14)))]
    elif kind == 2:  # unpaid, issued recently
        start = _d(10, 12) + timedelta(days=rng.randrange(0, 6))
        days = [start + timedelta(days=2 * n) for n in range(rng.randrange(2, 4))]
        dos = [DoPlan(days, _d(11, 1) + timedelta(days=rng.randrange(0, 5)))]
    elif kind == 3:  # two DOs: the first paid in two instalments, the second partly paid
        first = _d(7, 1) + timedelta(days=rng.randrange(0, 15))
        second = first + timedelta(days=rng.randrange(50, 58))
        issue1, issue2 = first + timedelta(days=12), second + timedelta(days=12)
        dos = [
            DoPlan(
                [first, first + timedelta(days=2)],
                issue1,
                payments=[
                    (issue1 + timedelta(days=21), Decimal("0.5")),
                    (issue1 + timedelta(days=35), Decimal(1)),
                ],
            ),
            DoPlan(
                [second, second + timedelta(days=2)],
                issue2,
                payments=[(issue2 + timedelta(days=30), Decimal("0.4"))],
            ),
        ]
    else:  # one DO paid, the last deliveries still a draft DO
        start = _d(9, 1) + timedelta(days=rng.randrange(0, 20))
        issue = start + timedelta(days=10)
        dos = [
            DoPlan([start], issue, payments=[(issue + timedelta(days=28), Decimal(1))]),
            DoPlan([_d(10, 26), _d(10, 28)], None),
        ]
    return FarmerPlan(farmer=farmer, plot=plot, tma_by_mill=tma, dos=dos)


def _plans(mill: Mill, season: Season) -> list[FarmerPlan]:
    contracts = (
        SeasonContract.objects.filter(mill=mill, season=season, status=ContractStatus.SIGNED)
        .select_related("farmer")
        .order_by("farmer__nik")
    )
    plans: list[FarmerPlan] = []
    for contract in contracts[:FARMERS_PER_MILL]:
        plot = contract.plots.filter(is_active=True).order_by("code").first()
        if plot is None:
            continue
        farmer = contract.farmer
        rng = random.Random(f"harvest-{mill.code}-{farmer.nik}")  # noqa: S311 - demo data
        index = len(plans)
        if farmer.user_id is not None and farmer.user.username == "petani":
            plan = _buriyanto_plan(farmer, plot)
        else:
            plan = _generic_plan(farmer, plot, index, rng)
        # Only PG Semboro's scheme has the crews' cutting and haulage fees.
        plan.tma_by_mill = plan.tma_by_mill and "cutting_fee_per_kw_cane" in SCHEMES[mill.code][1]
        plans.append(plan)
    # A few extras that make the lists show every state.
    if len(plans) > 3:
        plans[1].direct_rendemen_day = plans[1].dos[0].load_days[0]
        plans[2].expired.append(_d(10, 24))
        plans[3].upcoming.append(_d(11, 26))
    return [
        plan
        for plan in plans
        if not Spta.objects.filter(farmer=plan.farmer, season=season).exists()
    ]


# --- loading ------------------------------------------------------------------------------------


@dataclass
class Staff:
    issuer_utara: object
    issuer: object
    clerk: object
    qc: object
    manager: object

    def issuer_for(self, farmer: Farmer):
        regions = getattr(self.issuer_utara, "regions", None)
        if regions is not None and regions.filter(pk=farmer.region_id).exists():
            return self.issuer_utara
        return self.issuer


def _staff(mill: Mill) -> Staff:
    users = {u.username: u for u in get_user_model().objects.all()}
    if mill.code == "semboro":
        return Staff(
            users["sinder"], users["manajer"], users["timbang"], users["qc"], users["manajer"]
        )
    admin = users["admin"]
    return Staff(admin, admin, admin, admin, admin)


def _readings(rng: random.Random) -> dict[str, Decimal]:
    """NPP readings: brix 18-20, % pol 14-16, extraction factor 0.50-0.55, rendemen 6-8 %."""
    while True:
        brix = Decimal(rng.randrange(1800, 2000)) / 100
        correction = Decimal(rng.randrange(10, 30)) / 100
        percent_pol = min(max(brix - Decimal(rng.randrange(320, 440)) / 100, Decimal(14)), 16)
        gravity = (1 + brix * Decimal("0.004")).quantize(Decimal("0.0001"))
        dilution = Decimal("1.1")
        pol = (percent_pol * gravity / (Decimal("0.26") * dilution)).quantize(Decimal("0.01"))
        readings = {
            "brix_reading": brix,
            "temperature_correction": correction,
            "pol_reading": pol,
            "specific_gravity": gravity,
            "dilution_factor": dilution,
            "extraction_factor": Decimal(rng.randrange(500, 551)) / 1000,
        }
        if Decimal(6) <= compute_rendemen(**readings).rendemen <= Decimal(8):
            return readings


def _money(value: Decimal) -> Decimal:
    return value.quantize(Decimal("1"), rounding=ROUND_HALF_UP)


@dataclass
class Loaded:
    schemes: int = 0
    sptas: int = 0
    delivery_orders: int = 0
    payments: int = 0


def load_demo_harvest() -> Loaded:
    """Schemes, SPTAs, weighings, rendemen, DOs and payments for both mills' current season."""
    loaded = Loaded()
    with demo_clock(), transaction.atomic():
        for mill in Mill.objects.order_by("pk"):
            season = Season.objects.filter(mill=mill, is_current=True).first()
            if season is None or mill.code not in SCHEMES:
                continue
            _load_mill(mill, season, loaded)
    return loaded


def _load_mill(mill: Mill, season: Season, loaded: Loaded) -> None:
    staff = _staff(mill)
    # The contract's late-payment term (issue 16), before any DO is issued: 12 % a year on what
    # is still owed after the payment date, the rate a farmer's KUR costs him.
    policy = HarvestPolicy.for_mill(mill)
    if policy.pk is None:
        policy.late_payment_rate_percent = Decimal("12")
        policy.save()
    name, parameters = SCHEMES[mill.code]
    if scheme_for(mill=mill, season=season, on=season.milling_start) is None:
        at(season.milling_start - timedelta(days=21))
        create_scheme(
            by=staff.manager,
            mill=mill,
            season=season,
            name=name,
            parameters=parameters,
            effective_from=season.milling_start - timedelta(days=7),
            # PG Semboro pays each period on its provisional rendemen and closes the season on
            # the mill's final average (issue 16: the staff's "Close the season" page).
            final_rendemen_basis="mill_average" if mill.code == "semboro" else "",
        )
        loaded.schemes += 1
    if (
        mill.code == "semboro"
        and not AuctionPrice.objects.filter(mill=mill, season=season).exists()
    ):
        for start, end, price in SEMBORO_AUCTIONS:
            at(min(end, AS_OF))
            record_auction_price(
                by=staff.manager,
                mill=mill,
                season=season,
                period_start=start,
                period_end=end,
                price_per_kw=Decimal(price),
                note="Lelang gula petani (harga contoh demo)",
            )
    plans = _plans(mill, season)
    if not plans:
        return
    rng = random.Random(f"harvest-{mill.code}")  # noqa: S311 - demo data

    # 1. SPTAs, in the order the field office issued them (so their numbers follow the dates).
    orders = []
    for plan in plans:
        for do_index, do in enumerate(plan.dos):
            orders += [(day, plan, do_index) for day in do.load_days]
        orders += [(day, plan, None) for day in plan.upcoming + plan.expired]
    sptas: dict[tuple[int, date], Spta] = {}
    for day, plan, _do_index in sorted(orders, key=lambda o: (o[0], o[1].farmer.nik)):
        at(day - timedelta(days=2), 8, rng.randrange(0, 59))
        sptas[(plan.farmer.pk, day)] = issue_spta(
            by=staff.issuer_for(plan.farmer),
            plot=plan.plot,
            cutting_date=day,
            quota_kw=Decimal("90"),
            truck_plate=f"P {rng.randrange(8000, 9999)} {rng.choice(['AB', 'UK', 'VS', 'XY'])}",
            driver_name=rng.choice(DRIVERS),
            tma_by_mill=plan.tma_by_mill,
        )
        loaded.sptas += 1

    # 2. The weighbridge (net 50-80 kw a truck) and the laboratory, delivery by delivery.
    weighings: dict[tuple[int, date], Weighing] = {}
    for day, plan, do_index in sorted(orders, key=lambda o: (o[0], o[1].farmer.nik)):
        if do_index is None:
            continue
        tare = Decimal(rng.randrange(6500, 8000))
        trash = Decimal(rng.randrange(200, 500)) / 100
        net = Decimal(rng.randrange(5000, 8000))
        gross = (tare + net * 100 / (100 - trash)).quantize(Decimal("10"))
        cut_at = at(day, 5, rng.randrange(0, 59))
        arrived_at = at(day, 10 + rng.randrange(0, 5), rng.randrange(0, 59))
        weighed_at = arrived_at + timedelta(minutes=rng.randrange(15, 50))
        _ClockDatetime.moment = weighed_at
        weighing = record_weighing(
            spta=sptas[(plan.farmer.pk, day)],
            gross_kg=gross,
            tare_kg=tare,
            trash_percent=trash,
            cut_at=cut_at,
            arrived_at=arrived_at,
            weighed_at=weighed_at,
            by=staff.clerk,
        )
        measured_at = at(day + timedelta(days=1), 9, rng.randrange(0, 59))
        sample = f"NPP/{mill.code.upper()}/{day:%m%d}/{plan.farmer.nik[-4:]}"
        if day == plan.direct_rendemen_day:
            record_rendemen(
                by=staff.qc,
                weighings=[weighing],
                rendemen_percent=Decimal("6.85"),
                direct_reason=(
                    "Polarimeter sedang dikalibrasi; rendemen dari contoh gabungan truk hari itu "
                    "menurut buku laboratorium."
                ),
                measured_at=measured_at,
                sample_code=sample,
            )
        else:
            record_rendemen(
                by=staff.qc,
                weighings=[weighing],
                readings=_readings(rng),
                measured_at=measured_at,
                sample_code=sample,
            )
        weighings[(plan.farmer.pk, day)] = weighing

    # 3. One SPTA nobody used expires the morning after its date (the loads are weighed).
    for plan in plans:
        for day in plan.expired:
            expire_overdue_sptas(now=at(day + timedelta(days=1), 6))

    # 4. DOs settled for their period and issued, in issue order; drafts last.
    settled: list[tuple[date, FarmerPlan, DoPlan]] = []
    for plan in plans:
        settled += [(do.issue_on or AS_OF, plan, do) for do in plan.dos]
    delivery_orders: dict[int, DeliveryOrder] = {}
    for issue_on, plan, do_plan in sorted(settled, key=lambda s: (s[0], s[1].farmer.nik)):
        at(issue_on - timedelta(days=1) if do_plan.issue_on else AS_OF, 10)
        do = settle_do(
            by=staff.manager,
            farmer=plan.farmer,
            season=season,
            weighings=[weighings[(plan.farmer.pk, day)] for day in do_plan.load_days],
            credit_deductions=do_plan.credit,
        )
        if do_plan.issue_on:
            at(issue_on, 9, 30)
            do = issue_do(do=do, by=staff.manager)
        delivery_orders[id(do_plan)] = do
        loaded.delivery_orders += 1

    # 5. The rendemen correction after issue (the farmer sees who, when and why).
    for plan in plans:
        if not plan.correct_after_issue:
            continue
        do = delivery_orders[id(plan.dos[-1])]
        analysis = RendemenAnalysis.objects.filter(weighings__delivery_order=do).first()
        readings = {name: getattr(analysis, name) for name in READING_FIELDS}
        readings["pol_reading"] += Decimal("1.20")
        at(do.issued_at.astimezone(WIB).date() + timedelta(days=3), 11, 15)
        correct_rendemen(
            analysis=analysis,
            by=staff.qc,
            reason=(
                "Contoh nira diperiksa ulang atas permintaan petani: pembacaan pol semula salah "
                "catat."
            ),
            readings=readings,
        )

    # 6. Payments, in date order.
    payments = []
    for plan in plans:
        for do_plan in plan.dos:
            payments += [(day, share, do_plan) for day, share in do_plan.payments]
    for day, share, do_plan in sorted(payments, key=lambda p: p[0]):
        do = DeliveryOrder.objects.get(pk=delivery_orders[id(do_plan)].pk)
        owed = do.payable - paid_total(do)
        amount = owed if share >= 1 else min(_money(do.payable * share), owed)
        if amount <= 0:
            continue
        at(day, 13, 0)
        record_payment(
            do=do,
            by=staff.manager,
            paid_on=day,
            amount=amount,
            method=PaymentMethod.TRANSFER,
            reference=f"BRI-{day:%Y%m%d}-{do.number[-5:]}",
        )
        loaded.payments += 1
    # The unpaid DOs past their date, counted to the real today as the nightly task does.
    late_payment.refresh_unpaid(mill_id=mill.pk, today=_real_datetime.now(WIB).date())
