"""Credit products a mill offers its partners in a season (domain.md section 4): KUR (bank credit
through a cooperative), PKBL (state companies' CSR funds), KUR-TMA (cutting and haulage only),
with their rates, ceilings per hectare, tranche template, documents and clocks; and the in-kind
packages of an inti-plasma scheme (PT SMS Dompu, domain.md 5b)."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from credit.calculations import BASIS_ACTUAL_360, BASIS_ACTUAL_365
from partners.models import ApprovalChain, Mill, Season
from tebu_site.access import Scoping
from tebu_site.fields import (
    MoneyField,
    RangedDecimalField,
    RangedPositiveIntegerField,
    RangedPositiveSmallIntegerField,
)
from tebu_site.models import TimeStampedModel

# Physical ranges of what a mill finances and hands out (areas in ha, fertiliser in kg).
AREA_HA = {
    "max_digits": 10,
    "decimal_places": 4,
    "minimum": Decimal(0),
    "maximum": Decimal(100_000),
}
FERTILISER_KG = {
    "max_digits": 10,
    "decimal_places": 2,
    "minimum": Decimal(0),
    "maximum": Decimal(10_000_000),
}


class ProductKind(models.TextChoices):
    KUR = "kur", _("KUR (bank credit through a cooperative)")
    PKBL = "pkbl", _("PKBL (state companies' partnership funds)")
    KUR_TMA = "kur_tma", _("KUR-TMA (cutting and haulage)")
    OTHER = "other", _("Other credit")


class DayCountBasis(models.TextChoices):
    ACTUAL_365 = BASIS_ACTUAL_365, _("Actual days / 365")
    ACTUAL_360 = BASIS_ACTUAL_360, _("Actual days / 360")


class CollateralRule(models.TextChoices):
    REQUIRED = "required", _("Required, up to the credit value")
    CHECKED = "checked", _("Checked; trusted farmers may be exempt")
    NONE = "none", _("Not required")


class LimitRule(models.TextChoices):
    SEASONS = "seasons", _("Grows with years of membership and seasons delivered")
    HARVEST_RECORD = (
        "harvest_record",
        _("First harvest's quality, then the delivery record (PG Pakis Baru)"),
    )


class GuarantorRule(models.TextChoices):
    NONE = "none", _("No guarantor")
    REQUIRED = "required", _("A guarantor (the mill, a person or a group) is required")
    MILL = "mill", _("The mill guarantees the loan (avalis)")


# Cane per hectare: a good plot gives about 1,000 kw (100 t); ten times that is beyond any field.
YIELD_RANGE = {"minimum": Decimal(0), "maximum": Decimal(10_000)}
PERCENT_RANGE = {"minimum": Decimal(0), "maximum": Decimal(100)}


class CreditProduct(TimeStampedModel):
    """One credit product of one mill for one season. Every figure is configurable: the demo
    uses PG Semboro 2018/2019; the limit-rule fields express PG Pakis Baru's guaranteed credit."""

    scoping = Scoping(mill="mill")

    mill = models.ForeignKey(
        Mill, on_delete=models.PROTECT, related_name="credit_products", verbose_name=_("mill")
    )
    season = models.ForeignKey(
        Season, on_delete=models.PROTECT, related_name="credit_products", verbose_name=_("season")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=ProductKind.choices)
    funder = models.CharField(
        _("funded by"), max_length=200, help_text=_("E.g. BRI through KUD Semboro, PTPN XI CSR.")
    )
    annual_rate_percent = RangedDecimalField(
        _("interest a year (%)"),
        max_digits=7,
        decimal_places=4,
        minimum=Decimal(0),
        maximum=Decimal(100),
    )
    day_count_basis = models.CharField(
        _("day-count basis"),
        max_length=12,
        choices=DayCountBasis.choices,
        default=DayCountBasis.ACTUAL_365,
    )
    ceiling_per_ha_plant_cane = MoneyField(
        _("ceiling per ha, plant cane"),
        null=True,
        blank=True,
        help_text=_("Empty: plant cane is not financed by this product."),
    )
    ceiling_per_ha_ratoon = MoneyField(
        _("ceiling per ha, ratoon"),
        null=True,
        blank=True,
        help_text=_("Empty: ratoon cane is not financed by this product."),
    )
    cap_per_farmer = MoneyField(
        _("cap per farmer"),
        null=True,
        blank=True,
        help_text=_("Counting the farmer's other open loans of this kind. Empty: no cap."),
    )
    eligible_partner_types = models.JSONField(
        _("eligible partner types"),
        default=list,
        blank=True,
        help_text=_('E.g. ["trk"]; empty means every partner type.'),
    )
    required_documents = models.JSONField(
        _("required documents"),
        default=list,
        blank=True,
        help_text=_("Names of the documents, in checklist order."),
    )
    collateral_rule = models.CharField(
        _("collateral"), max_length=10, choices=CollateralRule.choices, default=CollateralRule.NONE
    )
    collateral_note = models.CharField(_("collateral note"), max_length=300, blank=True)
    requires_no_bank_loan_declaration = models.BooleanField(
        _("applicant declares no unsettled bank loan"), default=False
    )
    requires_interview = models.BooleanField(_("interview before approval"), default=False)
    requires_plot_visit = models.BooleanField(_("plot visit report before approval"), default=False)
    lead_time_note = models.CharField(_("usual lead time"), max_length=200, blank=True)

    # Clocks: an application waiting longer than this in a step is flagged on the pipeline.
    max_days_submitted = RangedPositiveSmallIntegerField(
        _("days allowed for complete documents"),
        null=True,
        blank=True,
        maximum=3650,
    )
    max_days_documents_complete = RangedPositiveSmallIntegerField(
        _("days allowed for verification"),
        null=True,
        blank=True,
        maximum=3650,
    )
    max_days_verified = RangedPositiveSmallIntegerField(
        _("days allowed for the decision"),
        null=True,
        blank=True,
        maximum=3650,
    )
    max_days_approved_unpaid = RangedPositiveSmallIntegerField(
        _("days allowed from approval to the first payment"),
        null=True,
        blank=True,
        maximum=3650,
    )
    max_days_disbursing = RangedPositiveSmallIntegerField(
        _("days allowed to pay every tranche"),
        null=True,
        blank=True,
        maximum=3650,
    )

    # Credit-limit rule (PG Pakis Baru: the mill guarantees bank credit; at most 2 ha; a
    # first-season farmer first delivers one harvest without credit; the limit then grows with
    # years of membership and the delivery record).
    max_financed_ha = RangedDecimalField(
        _("most hectares financed"), null=True, blank=True, **AREA_HA
    )
    requires_uncredited_harvest = models.BooleanField(
        _("a first-season farmer must first deliver one harvest without credit"), default=False
    )
    limit_base = MoneyField(
        _("limit of a first loan"),
        null=True,
        blank=True,
        help_text=_("Empty: no limit beyond the ceiling and the cap."),
    )
    limit_step_per_membership_year = MoneyField(
        _("limit grows per year of membership"),
        default=Decimal("0"),
    )
    limit_step_per_delivered_season = MoneyField(
        _("limit grows per season delivered"),
        default=Decimal("0"),
    )
    # Which rule sets the credit limit. "seasons" uses the three fields above. "harvest_record"
    # (PG Pakis Baru, credit.calculations_limits): a first loan sized by the quality bands of the
    # first harvest delivered without credit (FirstHarvestBand), later loans by the weighted
    # delivery record of the last seasons, per financed hectare (at most max_financed_ha).
    limit_rule = models.CharField(
        _("credit limit rule"), max_length=20, choices=LimitRule.choices, default=LimitRule.SEASONS
    )
    record_expected_yield_kw_per_ha = RangedDecimalField(
        _("expected cane per ha for the delivery record (kw)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Cane delivered is compared with contracted area × this yield."),
        **YIELD_RANGE,
    )
    record_full_limit_per_ha = MoneyField(
        _("limit per ha for a full delivery record"),
        null=True,
        blank=True,
        help_text=_("A later loan gets this × the record's score per hectare financed."),
    )
    record_min_score_percent = RangedDecimalField(
        _("lowest delivery record score lent to (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("60"),
        **PERCENT_RANGE,
    )
    record_seasons = RangedPositiveSmallIntegerField(
        _("seasons of delivery record counted"), default=1, minimum=1, maximum=10
    )
    record_weight_delivery = RangedPositiveSmallIntegerField(
        _("weight: cane delivered against expected"), default=40, minimum=0, maximum=100
    )
    record_weight_on_time = RangedPositiveSmallIntegerField(
        _("weight: cutting orders used on their date"), default=20, minimum=0, maximum=100
    )
    record_weight_no_side_selling = RangedPositiveSmallIntegerField(
        _("weight: no side-selling"), default=20, minimum=0, maximum=100
    )
    record_weight_repayment = RangedPositiveSmallIntegerField(
        _("weight: loans repaid"), default=20, minimum=0, maximum=100
    )
    guarantor_rule = models.CharField(
        _("guarantor (avalis)"),
        max_length=10,
        choices=GuarantorRule.choices,
        default=GuarantorRule.NONE,
    )
    fertiliser_kg_per_ha = RangedDecimalField(
        _("subsidised fertiliser per ha financed (kg)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty: no subsidised fertiliser quota."),
        minimum=Decimal(0),
        maximum=Decimal(5_000),
    )
    fertiliser_phonska_percent = RangedDecimalField(
        _("Phonska share of the quota (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("60"),
        help_text=_("The rest is ZA. PG Pakis Baru advises 60 % Phonska, 40 % ZA."),
        **PERCENT_RANGE,
    )
    is_active = models.BooleanField(_("open for applications"), default=True)
    # The steps an application takes before it is approved (domain.md 4, the KUR flow); made from
    # the product kind's default when the product is created (credit.receivers).
    approval_chain = models.ForeignKey(
        ApprovalChain,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit_products",
        verbose_name=_("approval chain"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("credit product")
        verbose_name_plural = _("credit products")
        ordering = ["mill", "-season__name", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["mill", "season", "name"], name="credit_product_name_unique_per_season"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.season.name})"

    def rate_for(self, crop_class: str) -> Decimal | None:
        """Ceiling per ha for a crop class ("pc" plant cane, "rc" ratoon); None: not financed."""
        return {"pc": self.ceiling_per_ha_plant_cane, "rc": self.ceiling_per_ha_ratoon}.get(
            crop_class
        )

    def allows_partner_type(self, partner_type: str) -> bool:
        return not self.eligible_partner_types or partner_type in self.eligible_partner_types

    @property
    def needs_trk(self) -> bool:
        """KUR and PKBL finance credit partners only (domain.md 4)."""
        return self.kind in (ProductKind.KUR, ProductKind.PKBL)

    def max_days_for(self, step: str) -> int | None:
        return {
            "submitted": self.max_days_submitted,
            "documents_complete": self.max_days_documents_complete,
            "verified": self.max_days_verified,
            "approved": self.max_days_approved_unpaid,
            "disbursing": self.max_days_disbursing,
        }.get(step)


class FirstHarvestBand(TimeStampedModel):
    """A limit per hectare for a first loan whose first harvest delivered without credit meets
    every threshold the band sets (empty: not looked at). The best band met decides (PG Pakis
    Baru, credit.calculations_limits.first_loan_limit)."""

    scoping = Scoping(mill="product__mill")

    product = models.ForeignKey(
        CreditProduct,
        on_delete=models.CASCADE,
        related_name="first_harvest_bands",
        verbose_name=_("product"),
    )
    limit_per_ha = MoneyField(_("limit per ha financed"))
    min_rendemen_percent = RangedDecimalField(
        _("rendemen at least (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        minimum=Decimal(0),
        maximum=Decimal(20),
    )
    min_yield_kw_per_ha = RangedDecimalField(
        _("cane per ha at least (kw)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        **YIELD_RANGE,
    )
    max_rejected_percent = RangedDecimalField(
        _("loads rejected at QC at most (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        **PERCENT_RANGE,
    )
    max_trash_percent = RangedDecimalField(
        _("trash deducted at most (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        **PERCENT_RANGE,
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("first-harvest band")
        verbose_name_plural = _("first-harvest bands")
        ordering = ["product", "-limit_per_ha", "id"]

    def __str__(self) -> str:
        return f"{self.product}: {self.limit_per_ha}/ha"


class ApplicationWindow(TimeStampedModel):
    """A period in which a product takes applications, and when its money is then paid out
    (domain.md 4: KUR-TMA March–May; PKBL June–August paid November–December, September–
    November paid January–February). A product without windows takes applications all season;
    outside its windows only with a manager's recorded exception (WindowException)."""

    scoping = Scoping(mill="product__mill")

    product = models.ForeignKey(
        CreditProduct,
        on_delete=models.CASCADE,
        related_name="application_windows",
        verbose_name=_("product"),
    )
    opens_on = models.DateField(_("applications open on"))
    closes_on = models.DateField(_("applications close on"), help_text=_("Included."))
    paid_from = models.DateField(_("paid out from"), null=True, blank=True)
    paid_until = models.DateField(_("paid out until"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("application window")
        verbose_name_plural = _("application windows")
        ordering = ["product", "opens_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="credit_window_closes_after_opening",
                violation_error_message=_("The window must close on or after the day it opens."),
            ),
            models.CheckConstraint(
                condition=models.Q(paid_from__isnull=True)
                | models.Q(paid_until__isnull=True)
                | models.Q(paid_until__gte=models.F("paid_from")),
                name="credit_window_paid_until_after_from",
                violation_error_message=_("The payment period must end on or after its first day."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product}: {self.opens_on}–{self.closes_on}"

    def holds(self, day) -> bool:
        return self.opens_on <= day <= self.closes_on


class TranchePurpose(models.TextChoices):
    CULTIVATION = "cultivation", _("Cultivation (garap)")
    FERTILISER = "fertiliser", _("Fertiliser")
    CUTTING_HAULAGE = "cutting_haulage", _("Cutting and haulage (TMA)")


class Payee(models.TextChoices):
    FARMER = "farmer", _("Farmer's bank account")
    COOPERATIVE = "cooperative", _("Cooperative")
    MILL = "mill", _("The mill (withheld for cutting and haulage)")


class TrancheTemplate(TimeStampedModel):
    """One line of a product's disbursement plan: how much per hectare, for what, paid to whom
    and when. Lines may differ by crop class (domain.md 4 gives the ratoon tranches)."""

    scoping = Scoping(mill="product__mill")

    product = models.ForeignKey(
        CreditProduct, on_delete=models.CASCADE, related_name="tranche_templates"
    )
    order = RangedPositiveSmallIntegerField(_("order"), maximum=1000)
    purpose = models.CharField(_("purpose"), max_length=20, choices=TranchePurpose.choices)
    crop_class = models.CharField(
        _("crop class"),
        max_length=2,
        blank=True,
        help_text=_("Empty: the line applies to every crop class."),
    )
    amount_per_ha = MoneyField(_("amount per ha"))
    payee = models.CharField(_("paid to"), max_length=12, choices=Payee.choices)
    when = models.CharField(_("when"), max_length=200, blank=True)
    days_after_approval = RangedPositiveSmallIntegerField(
        _("planned days after approval"),
        null=True,
        blank=True,
        maximum=3650,
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tranche template line")
        verbose_name_plural = _("tranche template lines")
        ordering = ["product", "order", "id"]

    def __str__(self) -> str:
        return f"{self.product} {self.order} {self.get_purpose_display()}"


class InKindPackage(TimeStampedModel):
    """Seed and fertiliser handed out by area band (inti-plasma, PT SMS Dompu), free or valued at
    unit prices; a valued package is recovered from the farmer's harvest proceeds."""

    scoping = Scoping(mill="mill")

    mill = models.ForeignKey(Mill, on_delete=models.PROTECT, related_name="in_kind_packages")
    season = models.ForeignKey(Season, on_delete=models.PROTECT, related_name="in_kind_packages")
    name = models.CharField(_("name"), max_length=200)
    is_free = models.BooleanField(
        _("free"), default=False, help_text=_("A free package is recorded but not recovered.")
    )
    price_per_stalk = MoneyField(_("price per seed stalk"), default=0)
    price_per_kg_za = MoneyField(_("ZA price per kg"), default=0)
    price_per_kg_npk = MoneyField(_("NPK price per kg"), default=0)
    price_per_kg_sp36 = MoneyField(_("SP36 price per kg"), default=0)
    # PT SMS Dompu: the PS881 seed is free, but the farmer pays its transport (Rp 50,000).
    seed_transport_fee = MoneyField(_("seed transport paid by the farmer"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("in-kind package")
        verbose_name_plural = _("in-kind packages")
        ordering = ["mill", "-season__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["mill", "season", "name"], name="in_kind_package_unique_per_season"
            )
        ]

    def __str__(self) -> str:
        return self.name


class InKindPackageBand(TimeStampedModel):
    """What a farmer of a given area receives: from ``area_from_ha`` (exclusive, except the
    first band) up to ``area_to_ha`` (inclusive)."""

    scoping = Scoping(mill="package__mill")

    package = models.ForeignKey(InKindPackage, on_delete=models.CASCADE, related_name="bands")
    area_from_ha = RangedDecimalField(_("area from (ha)"), **AREA_HA)
    area_to_ha = RangedDecimalField(_("area up to (ha)"), **AREA_HA)
    seed_stalks = RangedPositiveIntegerField(_("seed stalks"), default=0, maximum=100_000_000)
    za_kg = RangedDecimalField(
        _("ZA (kg)"),
        max_digits=10,
        decimal_places=2,
        default=0,
        minimum=Decimal(0),
        maximum=Decimal(10_000_000),
    )
    npk_kg = RangedDecimalField(
        _("NPK (kg)"),
        max_digits=10,
        decimal_places=2,
        default=0,
        minimum=Decimal(0),
        maximum=Decimal(10_000_000),
    )
    sp36_kg = RangedDecimalField(
        _("SP36 (kg)"),
        max_digits=10,
        decimal_places=2,
        default=0,
        minimum=Decimal(0),
        maximum=Decimal(10_000_000),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("in-kind package band")
        verbose_name_plural = _("in-kind package bands")
        ordering = ["package", "area_from_ha"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(area_to_ha__gt=models.F("area_from_ha")),
                name="in_kind_band_to_after_from",
                violation_error_message=_("The band's upper area must be above its lower area."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.package}: {self.area_from_ha}–{self.area_to_ha} ha"

    @property
    def value(self) -> Decimal:
        """Rupiah value of the band's items at the package prices, with the seed transport fee
        (0 when free)."""
        return self.seed_value + self.fertiliser_value

    @property
    def seed_value(self) -> Decimal:
        package = self.package
        if package.is_free:
            return Decimal("0")
        return self.seed_stalks * package.price_per_stalk + package.seed_transport_fee

    @property
    def fertiliser_value(self) -> Decimal:
        package = self.package
        if package.is_free:
            return Decimal("0")
        return (
            self.za_kg * package.price_per_kg_za
            + self.npk_kg * package.price_per_kg_npk
            + self.sp36_kg * package.price_per_kg_sp36
        )
