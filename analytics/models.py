"""AnalysisRun: one row per analysis job (the KoBoToolbox kpi way: the task gets only its id)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from analytics.methods.farm_income.comparisons import BENCHMARK_MAXIMUM
from tebu_site.access import Scoping
from tebu_site.fields import (
    MoneyField,
    RangedDecimalField,
    RangedPositiveIntegerField,
    RangedPositiveSmallIntegerField,
)
from tebu_site.models import TimeStampedModel


class AnalysisKind(models.TextChoices):
    CSI_IPA = "csi-ipa", _("Satisfaction (CSI and IPA)")
    FARM_INCOME = "farm-income", _("Farm income and feasibility")
    TTEST = "ttest", _("Independent-samples t-test")
    LOGIT = "logit", _("Binary logistic regression")
    DO_SETTLEMENT = "do-settlement", _("DO settlement trial")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class InputSource(models.TextChoices):
    SYSTEM = "system", _("Data in Tebu Mitra")
    FILE = "file", _("Uploaded file")


class AnalysisRun(TimeStampedModel):
    scoping = Scoping(mill="mill")

    kind = models.CharField(_("kind"), max_length=20, choices=AnalysisKind.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    source = models.CharField(_("input"), max_length=10, choices=InputSource.choices)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    mill = models.ForeignKey(
        "partners.Mill", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    season = models.ForeignKey(
        "partners.Season", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    input_file = models.FileField(_("input file"), upload_to="analysis-inputs/%Y/%m/", blank=True)
    input_name = models.CharField(_("input file name"), max_length=255, blank=True)
    input_hash = models.CharField(_("input SHA-256"), max_length=64, blank=True)
    input_rows = RangedPositiveIntegerField(
        _("input rows"), null=True, blank=True, minimum=0, maximum=100_000_000
    )
    input_snapshot = models.JSONField(_("input snapshot"), null=True, blank=True)

    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    progress = RangedPositiveSmallIntegerField(_("progress %"), default=0, minimum=0, maximum=100)
    attempts = RangedPositiveSmallIntegerField(_("attempts"), default=0, minimum=0, maximum=1000)
    queued_at = models.DateTimeField(_("queued at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error_code = models.CharField(_("error code"), max_length=40, blank=True)
    error_message = models.TextField(_("error"), blank=True)
    error_params = models.JSONField(_("error details"), default=dict, blank=True)
    result = models.JSONField(_("result"), null=True, blank=True)
    library_versions = models.JSONField(_("library versions"), default=dict, blank=True)
    duration_ms = RangedPositiveIntegerField(
        _("duration (ms)"), null=True, blank=True, minimum=0, maximum=2_000_000_000
    )

    class Meta:
        verbose_name = _("analysis run")
        verbose_name_plural = _("analysis runs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["mill", "kind", "status", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100),
                name="run_progress_max_100",
                # "%%": CheckConstraint formats its message with its name.
                violation_error_message=_("Progress is at most 100 %%."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="succeeded") | models.Q(result__isnull=False),
                name="run_succeeded_has_result",
                violation_error_message=_("A finished analysis keeps its result."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.SUCCEEDED, RunStatus.FAILED)


class CostCategory(models.TextChoices):
    LAND_RENT = "land_rent", _("Land rent")
    LAND_TAX = "land_tax", _("Land tax")
    DEPRECIATION = "depreciation", _("Equipment depreciation")
    SEED = "seed", _("Seed cane")
    FERTILISER = "fertiliser", _("Fertiliser")
    PESTICIDE = "pesticide", _("Pesticide")
    HIRED_LABOUR = "hired_labour", _("Hired labour")
    IRRIGATION = "irrigation", _("Irrigation")
    HARVEST_HAUL = "harvest_haul", _("Cutting and haulage")
    SACKS = "sacks", _("Sacks")
    OTHER = "other", _("Other")
    OWN_LAND_RENT = "own_land_rent", _("Rent of own land (implicit)")
    FAMILY_LABOUR = "family_labour", _("Family labour (implicit)")
    OWN_CAPITAL_INTEREST = "own_capital_interest", _("Interest on own capital (implicit)")


IMPLICIT_CATEGORIES = {
    CostCategory.OWN_LAND_RENT,
    CostCategory.FAMILY_LABOUR,
    CostCategory.OWN_CAPITAL_INTEREST,
}
FIXED_CATEGORIES = {
    CostCategory.LAND_RENT,
    CostCategory.LAND_TAX,
    CostCategory.DEPRECIATION,
    CostCategory.OWN_LAND_RENT,
    CostCategory.OWN_CAPITAL_INTEREST,
}


class FarmRecord(TimeStampedModel):
    """A farm's season (usahatani): its costs and revenues, for income and feasibility analysis.

    Partners and non-partners alike (non-partners are the comparison group of domain.md 7).
    """

    scoping = Scoping(mill="farmer__mill", region="farmer__region", farmer="farmer")

    farmer = models.ForeignKey(
        "partners.Farmer", on_delete=models.PROTECT, related_name="farm_records"
    )
    season = models.ForeignKey("partners.Season", on_delete=models.PROTECT, related_name="+")
    area_ha = RangedDecimalField(
        _("area farmed (ha)"),
        max_digits=10,
        decimal_places=4,
        minimum=Decimal(0),
        maximum=Decimal(100_000),
    )
    family_labour_hko = RangedDecimalField(
        _("family labour (person-days, HKO)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        minimum=Decimal(0),
        maximum=Decimal(1_000_000),
    )
    # What the farmer's own labour, money and land would earn elsewhere, there and that season
    # (domain.md section 7): each productivity is feasible when above its comparison. A run's
    # values are used for the records without their own.
    local_wage_per_hko = MoneyField(
        _("local daily wage (Rp per HKO)"),
        null=True,
        blank=True,
        maximum=BENCHMARK_MAXIMUM["local_wage_per_hko"],
        help_text=_("What a day of farm work is paid here; compared with labour productivity."),
    )
    interest_rate_percent = RangedDecimalField(
        # xgettext:no-python-format
        _("interest rate (% for the season)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        minimum=Decimal(0),
        maximum=BENCHMARK_MAXIMUM["interest_rate_percent"],
        help_text=_("The bank's rate for a loan over the season (about a year for cane)."),
    )
    land_rent_per_ha = MoneyField(
        _("local land rent (Rp per ha for the season)"),
        null=True,
        blank=True,
        maximum=BENCHMARK_MAXIMUM["land_rent_per_ha"],
        help_text=_("What renting out a hectare here brings; compared with land productivity."),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("farm record")
        verbose_name_plural = _("farm records")
        ordering = ["-season__name", "farmer__name"]
        constraints = [
            models.UniqueConstraint(fields=["farmer", "season"], name="one_farm_record_per_season"),
            models.CheckConstraint(
                condition=models.Q(area_ha__gt=0),
                name="farm_area_positive",
                violation_error_message=_("The area must be more than 0 ha."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.farmer} {self.season.name}"


class FarmCostLine(models.Model):
    record = models.ForeignKey(FarmRecord, on_delete=models.CASCADE, related_name="cost_lines")
    item = models.CharField(_("item"), max_length=200)
    category = models.CharField(_("category"), max_length=30, choices=CostCategory.choices)
    quantity = RangedDecimalField(
        _("quantity"),
        max_digits=14,
        decimal_places=3,
        default=1,
        minimum=Decimal(0),
        maximum=Decimal(10**9),
    )
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    unit_price = MoneyField(_("unit price (Rp)"))
    # Equipment: straight-line depreciation replaces quantity x price (domain.md section 7).
    purchase_price = MoneyField(_("purchase price (Rp)"), null=True, blank=True)
    salvage_value = MoneyField(_("salvage value (Rp)"), null=True, blank=True)
    life_years = RangedPositiveSmallIntegerField(
        _("life (years)"), null=True, blank=True, minimum=1, maximum=100
    )

    class Meta:
        verbose_name = _("cost line")
        verbose_name_plural = _("cost lines")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gte=0) & models.Q(unit_price__gte=0),
                name="cost_line_not_negative",
                violation_error_message=_("Quantity and unit price cannot be negative."),
            )
        ]

    def __str__(self) -> str:
        return self.item

    @property
    def is_fixed(self) -> bool:
        return self.category in FIXED_CATEGORIES

    @property
    def kind(self) -> str:
        return "implicit" if self.category in IMPLICIT_CATEGORIES else "explicit"

    @property
    def amount(self):
        return self.quantity * self.unit_price


class RevenueSource(models.TextChoices):
    ENTERED = "entered", _("Entered")
    DELIVERY_ORDER = "do", _("From the season's DOs")


class FarmRevenueLine(models.Model):
    record = models.ForeignKey(FarmRecord, on_delete=models.CASCADE, related_name="revenue_lines")
    item = models.CharField(_("item"), max_length=200)
    quantity = RangedDecimalField(
        _("quantity"), max_digits=14, decimal_places=3, minimum=Decimal(0), maximum=Decimal(10**9)
    )
    unit = models.CharField(_("unit"), max_length=20)
    price = MoneyField(_("price per unit (Rp)"))
    main_product = models.BooleanField(_("main product"), default=False)
    source = models.CharField(
        _("source"), max_length=10, choices=RevenueSource.choices, default=RevenueSource.ENTERED
    )

    class Meta:
        verbose_name = _("revenue line")
        verbose_name_plural = _("revenue lines")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gte=0) & models.Q(price__gte=0),
                name="revenue_line_not_negative",
                violation_error_message=_("Quantity and price cannot be negative."),
            )
        ]

    def __str__(self) -> str:
        return self.item

    @property
    def amount(self):
        return self.quantity * self.price
