"""Credit factories and the reference products (PG Semboro 2018/2019, domain.md section 4)."""

from __future__ import annotations

from decimal import Decimal

import factory
from django.utils import timezone

from credit.models import (
    ApplicationStatus,
    CollateralRule,
    CreditApplication,
    CreditProduct,
    InKindPackage,
    InKindPackageBand,
    Payee,
    ProductKind,
    TranchePurpose,
    TrancheTemplate,
)
from tests.factories import FarmerFactory, SeasonFactory, UserFactory

D = Decimal

KUR_DOCUMENTS = ["KTP", "KK", "Plot drawing", "SKU", "NPWP", "Bank book"]


class CreditProductFactory(factory.django.DjangoModelFactory):
    """PG Semboro's KUR by default: 7 %, Rp 25,000,000/ha plant cane, Rp 20,650,000/ha ratoon,
    Rp 500,000,000 per farmer, TRK only."""

    class Meta:
        model = CreditProduct

    season = factory.SubFactory(SeasonFactory)
    mill = factory.SelfAttribute("season.mill")
    name = factory.Sequence(lambda n: f"KUR {n}")
    kind = ProductKind.KUR
    funder = "BRI melalui KUD"
    annual_rate_percent = D("7")
    ceiling_per_ha_plant_cane = D("25000000")
    ceiling_per_ha_ratoon = D("20650000")
    cap_per_farmer = D("500000000")
    eligible_partner_types = factory.LazyFunction(lambda: ["trk"])
    required_documents = factory.LazyFunction(lambda: list(KUR_DOCUMENTS))
    collateral_rule = CollateralRule.NONE
    requires_no_bank_loan_declaration = True


def semboro_kur_tranches(product: CreditProduct) -> None:
    """Ratoon: garap Rp 11,650,000/ha to the farmer, TMA Rp 9,000,000/ha paid to the mill."""
    TrancheTemplate.objects.create(
        product=product,
        order=1,
        purpose=TranchePurpose.CULTIVATION,
        amount_per_ha=D("11650000"),
        payee=Payee.FARMER,
        when="after approval",
    )
    TrancheTemplate.objects.create(
        product=product,
        order=2,
        purpose=TranchePurpose.CUTTING_HAULAGE,
        amount_per_ha=D("9000000"),
        payee=Payee.MILL,
        when="at cutting",
    )


def pkbl_product(season, **kwargs) -> CreditProduct:
    """PG Semboro's PKBL: 3 %, Rp 22,000,000 / 15,000,000 per ha, cap Rp 200,000,000."""
    values = {
        "name": "PKBL",
        "kind": ProductKind.PKBL,
        "funder": "Dana PKBL BUMN",
        "annual_rate_percent": D("3"),
        "ceiling_per_ha_plant_cane": D("22000000"),
        "ceiling_per_ha_ratoon": D("15000000"),
        "cap_per_farmer": D("200000000"),
        "requires_no_bank_loan_declaration": False,
        "max_days_approved_unpaid": 60,
        **kwargs,
    }
    return CreditProductFactory(season=season, **values)


class CreditApplicationFactory(factory.django.DjangoModelFactory):
    """An application written straight to the database (no rules applied)."""

    class Meta:
        model = CreditApplication

    farmer = factory.SubFactory(FarmerFactory)
    product = factory.SubFactory(CreditProductFactory)
    season = factory.SelfAttribute("product.season")
    number = factory.Sequence(lambda n: f"KR/T/{n:05d}")
    status = ApplicationStatus.DRAFT
    status_changed_at = factory.LazyFunction(timezone.now)
    requested_amount = D("10000000")
    ceiling_amount = D("10000000")
    created_by = factory.SubFactory(UserFactory)


# PT SMS Dompu (domain.md 5b): seed stalks and ZA / NPK / SP36 kg by area band.
DOMPU_BANDS = [
    (D("0.5"), D("1"), 4500, D("400"), D("600"), D("600")),
    (D("1"), D("1.5"), 6000, D("600"), D("900"), D("900")),
    (D("1.5"), D("2"), 9000, D("800"), D("1200"), D("1200")),
]
# Prices are this test's assumption (the study gives the package free); a valued package shows
# the recovery from the DO.
DOMPU_PRICES = {
    "price_per_stalk": D("500"),
    "price_per_kg_za": D("2000"),
    "price_per_kg_npk": D("10000"),
    "price_per_kg_sp36": D("3000"),
}


def dompu_package(mill, season, *, is_free: bool = False) -> InKindPackage:
    package = InKindPackage.objects.create(
        mill=mill, season=season, name="Paket bibit & pupuk PS881", is_free=is_free, **DOMPU_PRICES
    )
    for start, end, stalks, za, npk, sp36 in DOMPU_BANDS:
        InKindPackageBand.objects.create(
            package=package,
            area_from_ha=start,
            area_to_ha=end,
            seed_stalks=stalks,
            za_kg=za,
            npk_kg=npk,
            sp36_kg=sp36,
        )
    return package
