"""Demo of PG Pakis Baru's credit terms (domain.md 5b) on the demo mill PG Semboro, whose current
season is the only one with a harvest: for the next season (2026/2027, made here if missing) a
"BRI credit guaranteed by the mill" product at 6 %, at most 2 ha, land certificate as collateral,
limits by the harvest record, subsidised fertiliser 500 kg/ha (60 % Phonska, 40 % ZA). A credit
partner who delivered the 2025/2026 harvest without credit has his contract renewed and signed
for 2026/2027 and applies: the first loan is sized by the quality of that harvest, and the mill is
recorded as guarantor (avalis).

The ceilings per ha, the bands and the full-record limit are the demo's assumptions (the study
gives none). The demo harvest is a few truckloads per plot, far below a real plot's 80–100 t/ha,
so only the top band asks for a yield; the lower one lends on rendemen and MBS quality alone.

Idempotent: the season, product, contract and application are found before they are made.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import timezone

from credit.models import (
    CollateralRule,
    CreditApplication,
    CreditProduct,
    GuarantorKind,
    GuarantorRule,
    LimitRule,
    ProductKind,
)
from credit.selectors import ceiling_for
from credit.services import applications, guarantees, products
from credit.services.applications import Collateral, PlotLine
from credit.services.limit_rules import QualityBandSpec, set_first_harvest_bands
from harvest.models import DeliveryOrder, DoStatus
from partners.models import ContractStatus, PartnerType, Season, SeasonContract
from partners.services.contracts import renew_contract, sign_contract
from tebu_site.models import Role

D = Decimal
NAME = "Kredit BRI avalis PG (pola PG Pakis Baru)"
TERMS = {
    "kind": ProductKind.OTHER,
    "funder": "BRI, dijamin PG (avalis)",
    "annual_rate_percent": D("6"),
    "ceiling_per_ha_plant_cane": D("20000000"),
    "ceiling_per_ha_ratoon": D("16000000"),
    "required_documents": ["KTP", "KK", "Sertifikat tanah (agunan)", "Buku tabungan BRI"],
    "collateral_rule": CollateralRule.REQUIRED,
    "collateral_note": "Sertifikat tanah",
    "max_financed_ha": D("2"),
    "limit_rule": LimitRule.HARVEST_RECORD,
    "record_full_limit_per_ha": D("14000000"),
    "record_expected_yield_kw_per_ha": D("800"),
    "record_min_score_percent": D("60"),
    "record_seasons": 1,
    "limit_step_per_membership_year": D("500000"),
    "guarantor_rule": GuarantorRule.MILL,
    "fertiliser_kg_per_ha": D("500"),
    "fertiliser_phonska_percent": D("60"),
    "lead_time_note": "setelah panen pertama tanpa kredit",
}
BANDS = [
    QualityBandSpec(D("12000000"), D("7"), D("900"), D("5"), D("5")),
    QualityBandSpec(D("8000000"), D("6.5"), None, D("10"), D("5")),
]


def _next_season(mill, current: Season) -> Season:
    season, _created = Season.objects.get_or_create(
        mill=mill,
        name="2026/2027",
        defaults={
            "planting_start": date(2026, 5, 1),
            "milling_start": date(2027, 6, 1),
            "milling_end": date(2027, 10, 31),
            "is_current": False,
        },
    )
    return season


def _product(mill, season, manager) -> CreditProduct:
    product = CreditProduct.objects.filter(mill=mill, season=season, name=NAME).first()
    if product is None:
        product = products.create_product(by=manager, mill=mill, season=season, name=NAME, **TERMS)
        set_first_harvest_bands(product=product, by=manager, bands=BANDS)
    return product


def _candidates(mill, current: Season):
    """Credit partners with a signed contract this season, cane in an issued DO and no credit
    application at all, by name."""
    delivered = DeliveryOrder.objects.filter(season=current).exclude(status=DoStatus.DRAFT)
    contracts = (
        SeasonContract.objects.filter(
            mill=mill,
            season=current,
            status=ContractStatus.SIGNED,
            partner_type=PartnerType.TRK,
            farmer__in=delivered.values("farmer"),
        )
        .exclude(farmer__in=CreditApplication.objects.values("farmer"))
        .select_related("farmer")
        .order_by("farmer__name")
    )
    return list(contracts)


def load_pakis_baru(mill, current: Season) -> CreditApplication | None:
    """The product and one first loan; None when no farmer fits (a partial demo)."""
    manager = mill.members.filter(role=Role.MANAGER, is_active=True).order_by("id").first()
    sinder = mill.members.filter(role=Role.FIELD_STAFF, is_active=True).order_by("id").first()
    season = _next_season(mill, current)
    product = _product(mill, season, manager)
    existing = CreditApplication.objects.filter(product=product).first()
    if existing is not None:
        return existing
    for contract in _candidates(mill, current):
        farmer = contract.farmer
        plots = list(contract.plots.all())
        ceiling = ceiling_for(
            farmer=farmer, product=product, plot_lines=[(p.crop_class, p.area_ha) for p in plots]
        )
        if ceiling.decision is None or ceiling.decision.refused or ceiling.amount <= 0:
            continue
        renewed = SeasonContract.objects.filter(farmer=farmer, season=season).first()
        if renewed is None:
            renewed = renew_contract(contract=contract, by=manager, season=season)
        if renewed.status == ContractStatus.DRAFT:
            sign_contract(contract=renewed, by=manager, signed_on=timezone.localdate())
        requested = ceiling.amount.quantize(D("1000"))
        application = applications.create_application(
            by=sinder,
            farmer=farmer,
            product=product,
            plots=[PlotLine(plot) for plot in plots],
            requested_amount=requested,
            collateral=[
                Collateral("land_certificate", farmer.name, requested, "Sertifikat hak milik")
            ],
            notes="Pinjaman pertama: panen 2025/2026 dikirim tanpa kredit.",
        )
        guarantees.record_guarantee(application=application, by=sinder, kind=GuarantorKind.MILL)
        return application
    return None
