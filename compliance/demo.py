"""Demo data of the compliance ledger for `make run`, after load_demo_harvest and
load_demo_credit: each mill's catalogue, the season figures the scorecard compares with (expected
yield, non-partner cane price), the rules run over the demo harvest and the demo loans (every
registered rule, the credit tranche rule included: the PKBL approved 75 days ago with its first
tranches unpaid shows as a late tranche), and a few events recorded by hand, so the lists, the
farmer's record and the scorecard all show something.

Idempotent: the catalogue and the figures are set, not added; the rules never raise twice; a
manual event is recorded only when the mill has none with the same summary.

The demo harvest holds only a few truckloads per plot (a sample of the season), so the demo mills
list plots for review below 10 % of the expected cane instead of the default 50 %.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from compliance import services
from compliance.models import ComplianceEvent, EventType
from compliance.rules import run_rules
from partners.models import Farmer, Mill, Season

# Rp per kw of cane paid by traders to farmers outside the partnership (demo figures).
NON_PARTNER_PRICE = {"semboro": Decimal("52000"), "djatiroto": Decimal("48000")}
DEMO_REVIEW_PERCENT = 10


@dataclass
class Loaded:
    raised: int = 0
    closed: int = 0
    manual: int = 0


def _users():
    return {u.username: u for u in get_user_model().objects.all()}


def load_demo_compliance() -> Loaded:
    loaded = Loaded()
    users = _users()
    admin = users.get("admin")
    if admin is None:
        return loaded  # load_demo has not run
    with transaction.atomic():
        for mill in Mill.objects.order_by("pk"):
            services.ensure_default_types(mill)
            services.update_settings(mill=mill, by=admin, low_delivery_percent=DEMO_REVIEW_PERCENT)
            price = NON_PARTNER_PRICE.get(mill.code)
            for season in Season.objects.filter(mill=mill):
                if price is not None:
                    services.record_benchmark(
                        by=admin,
                        season=season,
                        expected_yield_kw_per_ha=None,
                        non_partner_price_per_kw=price,
                        source="Survei harga tebu petani non-mitra oleh KKW (demo)",
                    )
    # Every registered rule, credit_tranche_late included (registered by ComplianceConfig.ready).
    result = run_rules()
    loaded.raised, loaded.closed = len(result.raised), len(result.closed)
    semboro = Mill.objects.filter(code="semboro").first()
    if semboro is not None and {"manajer", "sinder", "petani"} <= users.keys():
        loaded.manual = _manual_events(semboro, users)
    return loaded


def _type(mill, code):
    return EventType.objects.get(mill=mill, code=code)


def _once(mill, summary, make) -> int:
    if ComplianceEvent.objects.filter(mill=mill, summary=summary).exists():
        return 0
    with transaction.atomic():
        make(summary)
    return 1


def _manual_events(mill: Mill, users) -> int:
    manager, sinder, petani = users["manajer"], users["sinder"], users["petani"]
    season = Season.objects.filter(mill=mill, is_current=True).first()
    buriyanto = Farmer.objects.filter(user=petani).first()
    if season is None or buriyanto is None:
        return 0
    north = buriyanto.region
    neighbour = (
        Farmer.objects.filter(mill=mill, region=north)
        .exclude(pk=buriyanto.pk)
        .order_by("nik")
        .first()
    )
    today = timezone.localdate()
    created = 0

    def crew(summary):
        event = services.create_event(
            by=sinder,
            mill=mill,
            event_type=_type(mill, "extra_payment_demanded"),
            season=season,
            summary=summary,
            evidence=(
                "Petani melapor ke sinder saat kunjungan lapangan; mandor tebang kelompok 4 "
                "meminta Rp 150.000 per truk di luar ongkos tebang resmi."
            ),
            occurred_on=today - timedelta(days=40),
            farmer=buriyanto,
        )
        services.answer_event(
            event=event,
            by=petani,
            text="Betul, saya bayar dua kali untuk dua truk supaya tebangan tidak ditunda.",
        )
        services.change_status(
            event=event, by=manager, step="confirm", note="Mandor mengakui; dipanggil ke kantor."
        )

    created += _once(mill, "Mandor tebang meminta uang tambahan per truk", crew)

    if neighbour is not None:

        def trash(summary):
            event = services.create_event(
                by=sinder,
                mill=mill,
                event_type=_type(mill, "non_mbs_cane"),
                season=season,
                summary=summary,
                evidence="Daduk 12 % menurut QC, batas kontrak 5 %; foto muatan ada di QC.",
                occurred_on=today - timedelta(days=35),
                farmer=neighbour,
            )
            services.change_status(event=event, by=manager, step="confirm")
            services.change_status(
                event=event,
                by=manager,
                step="sanction",
                sanction_type="warning",
                sanction_on=today - timedelta(days=30),
                note="Teguran tertulis pertama sesuai kontrak.",
            )

        created += _once(mill, "Tebu kotor (daduk 12 %) dikirim tanpa dibersihkan", trash)

    def forum(summary):
        services.create_event(
            by=manager,
            mill=mill,
            event_type=_type(mill, "forum_not_held"),
            season=season,
            summary=summary,
            evidence="Jadwal FTK September tertunda karena giling; belum dijadwalkan ulang.",
            occurred_on=today - timedelta(days=60),
        )

    created += _once(mill, "FTK kedua musim giling belum diadakan", forum)
    return created
