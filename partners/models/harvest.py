"""Harvest: cut-and-haul orders (SPTA), the weighbridge, and rendemen (domain.md section 5).

- **SPTA** (*surat perintah tebang angkut*): the order that lets one truck cut and haul cane from
  one plot on one date, up to a quota. Single use and expiring, because paper SPTAs were traded
  and hoarded (domain.md 10.7).
- **Weighing**: gross and tare at the mill's weighbridge against one SPTA; net cane after the
  trash (*daduk*, tops, soil) deduction QC sets.
- **Rendemen**: sugar yield in % of cane weight, from the first-expressed-juice readings by the
  formula of domain.md 5 (partners.calculations.rendemen), or entered directly with a reason.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partners.models.farmers import Farmer
from partners.models.org import Mill, Season
from partners.models.plots import Plot
from tebu_site.access import Scoping
from tebu_site.models import TimeStampedModel

HUNDRED = Decimal(100)


class SettlementPeriod(models.TextChoices):
    WEEK = "week", _("Per week")
    BATCH = "batch", _("Per batch (any dates)")


class HarvestPolicy(TimeStampedModel):
    """A mill's harvest and payment settings. domain.md leaves these to each mill; a mill without
    a row uses the defaults below (``policy_for``)."""

    scoping = Scoping(mill="mill")

    mill = models.OneToOneField(Mill, on_delete=models.CASCADE, related_name="harvest_policy")
    spta_valid_hours = models.PositiveSmallIntegerField(
        _("SPTA valid for (hours)"),
        default=24,
        validators=[MinValueValidator(1)],
        help_text=_("Counted from the start of the cutting date; unused SPTAs then expire."),
    )
    freshness_warning_hours = models.PositiveSmallIntegerField(
        _("freshness warning after (hours)"), default=24
    )
    freshness_alert_hours = models.PositiveSmallIntegerField(
        _("freshness alert after (hours)"), default=36
    )
    ripening_months = models.PositiveSmallIntegerField(
        _("cane ripe after (months)"),
        default=12,
        help_text=_("From planting or the last cut; used by the cutting schedule."),
    )
    settlement_period = models.CharField(
        _("settlement period"),
        max_length=10,
        choices=SettlementPeriod.choices,
        default=SettlementPeriod.WEEK,
    )
    do_payment_days = models.PositiveSmallIntegerField(
        _("DO payment due after (days)"),
        default=30,
        help_text=_("Expected payment date after issue; unpaid later than this is overdue."),
    )

    class Meta:
        verbose_name = _("harvest policy")
        verbose_name_plural = _("harvest policies")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(freshness_alert_hours__gte=models.F("freshness_warning_hours")),
                name="harvest_policy_alert_after_warning",
            )
        ]

    def __str__(self) -> str:
        return str(self.mill)

    @classmethod
    def for_mill(cls, mill: Mill) -> HarvestPolicy:
        """The mill's saved policy, or the defaults when it has none."""
        return cls.objects.filter(mill=mill).first() or cls(mill=mill)


class SptaStatus(models.TextChoices):
    ISSUED = "issued", _("Issued")
    USED = "used", _("Used")
    EXPIRED = "expired", _("Expired")
    CANCELLED = "cancelled", _("Cancelled")


class Spta(TimeStampedModel):
    """SPTA (*surat perintah tebang angkut*), the cut-and-haul order: one farmer, one plot, one
    cutting date, a quota in kw and a truck with its driver. Used once, by its weighing."""

    scoping = Scoping(mill="mill", region="farmer__region", farmer="farmer")

    mill = models.ForeignKey(Mill, on_delete=models.PROTECT, related_name="sptas")
    season = models.ForeignKey(Season, on_delete=models.PROTECT, related_name="sptas")
    farmer = models.ForeignKey(Farmer, on_delete=models.PROTECT, related_name="sptas")
    plot = models.ForeignKey(Plot, on_delete=models.PROTECT, related_name="sptas")
    number = models.CharField(_("SPTA number"), max_length=40)
    cutting_date = models.DateField(_("cutting date"))
    quota_kw = models.DecimalField(
        _("quota (kw)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    truck_plate = models.CharField(_("truck plate"), max_length=20)
    driver_name = models.CharField(_("driver"), max_length=100)
    tma_by_mill = models.BooleanField(
        _("cut and hauled by the mill's crews"),
        default=False,
        help_text=_("Cutting, loading and haulage fees are then deducted from the DO."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SptaStatus.choices, default=SptaStatus.ISSUED
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("issued by"),
    )
    expires_at = models.DateTimeField(_("expires at"))
    closed_at = models.DateTimeField(_("used, expired or cancelled at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("used or cancelled by"),
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)

    class Meta:
        verbose_name = _("SPTA (cut-and-haul order)")
        verbose_name_plural = _("SPTAs (cut-and-haul orders)")
        ordering = ["-cutting_date", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["mill", "season", "number"], name="spta_number_unique_per_season"
            ),
            models.CheckConstraint(condition=models.Q(quota_kw__gt=0), name="spta_quota_positive"),
            models.CheckConstraint(
                condition=~models.Q(status="cancelled") | ~models.Q(cancel_reason=""),
                name="spta_cancel_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(status="issued") | models.Q(closed_at__isnull=False),
                name="spta_closed_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["mill", "cutting_date"], name="spta_mill_date_idx"),
            models.Index(fields=["status", "expires_at"], name="spta_status_expiry_idx"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status == SptaStatus.ISSUED

    @property
    def qr_payload(self) -> str:
        """What the QR code on the printed SPTA holds: enough for the weighbridge to find it and
        for a guard to see at a glance that the paper matches the truck."""
        return "|".join(
            [
                "SPTA",
                self.number,
                self.plot.code,
                self.cutting_date.isoformat(),
                str(self.quota_kw),
                self.truck_plate,
            ]
        )


class SptaAction(models.TextChoices):
    ISSUE = "issue", _("Issued")
    USE = "use", _("Used at the weighbridge")
    EXPIRE = "expire", _("Expired unused")
    CANCEL = "cancel", _("Cancelled")
    REJECT = "reject", _("Load rejected")


class SptaEvent(models.Model):
    """One thing that happened to an SPTA, who did it and when (the usage log). Never edited."""

    scoping = Scoping(mill="spta__mill", region="spta__farmer__region", farmer="spta__farmer")

    spta = models.ForeignKey(Spta, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("event"), max_length=10, choices=SptaAction.choices)
    at = models.DateTimeField(_("at"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
        help_text=_("Empty when the system did it (expiry)."),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("SPTA event")
        verbose_name_plural = _("SPTA events")
        ordering = ["spta", "at", "id"]

    def __str__(self) -> str:
        return f"{self.spta} {self.get_action_display()}"


class Freshness(models.TextChoices):
    FRESH = "fresh", _("Fresh")
    WARNING = "warning", _("Late (over the warning time)")
    ALERT = "alert", _("Stale (over the alert time)")


class WeighingSource(models.TextChoices):
    MANUAL = "manual", _("Entered at the weighbridge")
    IMPORT = "import", _("Imported from the weighbridge software")


class RendemenMethod(models.TextChoices):
    READINGS = "readings", _("Computed from the juice readings")
    DIRECT = "direct", _("Entered directly")


class RendemenAnalysis(TimeStampedModel):
    """Rendemen of one delivery or a batch of one farmer's deliveries.

    From the first-expressed-juice (NPP) readings, rendemen = NN × extraction factor (domain.md 5);
    every reading and intermediate value is kept because the farmer sees them. A rendemen entered
    directly (no readings) must say why and is shown as such. Corrections are kept in the history
    with who, when and why.
    """

    scoping = Scoping(mill="mill", region="farmer__region", farmer="farmer")

    mill = models.ForeignKey(Mill, on_delete=models.PROTECT, related_name="rendemen_analyses")
    farmer = models.ForeignKey(Farmer, on_delete=models.PROTECT, related_name="rendemen_analyses")
    sample_code = models.CharField(_("sample code"), max_length=40, blank=True)
    method = models.CharField(
        _("method"), max_length=10, choices=RendemenMethod.choices, default=RendemenMethod.READINGS
    )
    brix_reading = models.DecimalField(
        _("brix reading"), max_digits=9, decimal_places=4, null=True, blank=True
    )
    temperature_correction = models.DecimalField(
        _("temperature correction"), max_digits=9, decimal_places=4, null=True, blank=True
    )
    pol_reading = models.DecimalField(
        _("pol reading"), max_digits=9, decimal_places=4, null=True, blank=True
    )
    specific_gravity = models.DecimalField(
        _("specific gravity (BJ)"), max_digits=9, decimal_places=4, null=True, blank=True
    )
    dilution_factor = models.DecimalField(
        _("dilution factor"), max_digits=9, decimal_places=4, null=True, blank=True
    )
    extraction_factor = models.DecimalField(
        _("extraction factor (faktor perah)"),
        max_digits=9,
        decimal_places=4,
        null=True,
        blank=True,
    )
    percent_brix = models.DecimalField(
        _("% brix"), max_digits=9, decimal_places=4, null=True, blank=True, editable=False
    )
    percent_pol = models.DecimalField(
        _("% pol"), max_digits=9, decimal_places=4, null=True, blank=True, editable=False
    )
    juice_value = models.DecimalField(
        _("juice value (nilai nira)"),
        max_digits=9,
        decimal_places=4,
        null=True,
        blank=True,
        editable=False,
    )
    rendemen_percent = models.DecimalField(
        _("rendemen (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("20"))],
    )
    direct_reason = models.TextField(_("why entered directly"), blank=True)
    measured_at = models.DateTimeField(_("measured at"), default=timezone.now)
    measured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("measured by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rendemen analysis")
        verbose_name_plural = _("rendemen analyses")
        ordering = ["-measured_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rendemen_percent__gte=0) & models.Q(rendemen_percent__lte=20),
                name="rendemen_between_0_and_20",
            ),
            models.CheckConstraint(
                condition=~models.Q(method="direct") | ~models.Q(direct_reason=""),
                name="rendemen_direct_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(method="readings")
                | (
                    models.Q(brix_reading__isnull=False)
                    & models.Q(pol_reading__isnull=False)
                    & models.Q(extraction_factor__isnull=False)
                ),
                name="rendemen_readings_present",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sample_code or self.pk}: {self.rendemen_percent} %"

    @property
    def is_direct(self) -> bool:
        return self.method == RendemenMethod.DIRECT


class Weighing(TimeStampedModel):
    """One truckload at the weighbridge against its SPTA (one weighing per SPTA).

    net = (gross − tare) × (1 − trash % / 100): the trash deduction is a percentage of the cane
    weight, set by QC (domain.md 5). A rejected load is returned to the farmer and never settled.
    """

    scoping = Scoping(mill="spta__mill", region="spta__farmer__region", farmer="spta__farmer")

    spta = models.OneToOneField(Spta, on_delete=models.PROTECT, related_name="weighing")
    gross_kg = models.DecimalField(_("gross (kg)"), max_digits=10, decimal_places=1)
    tare_kg = models.DecimalField(_("tare (kg)"), max_digits=10, decimal_places=1)
    trash_percent = models.DecimalField(
        _("trash deduction (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("99.99"))],
    )
    net_kg = models.DecimalField(_("net cane (kg)"), max_digits=12, decimal_places=2)
    cut_at = models.DateTimeField(_("cut at"))
    arrived_at = models.DateTimeField(_("arrived at"))
    weighed_at = models.DateTimeField(_("weighed at"), default=timezone.now)
    hours_since_cut = models.DecimalField(
        _("hours from cutting to weighing"), max_digits=7, decimal_places=1, editable=False
    )
    freshness = models.CharField(
        _("freshness"), max_length=10, choices=Freshness.choices, default=Freshness.FRESH
    )
    rejected = models.BooleanField(_("load rejected"), default=False)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    rendemen_analysis = models.ForeignKey(
        RendemenAnalysis,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="weighings",
        verbose_name=_("rendemen analysis"),
    )
    delivery_order = models.ForeignKey(
        "partners.DeliveryOrder",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="weighings",
        verbose_name=_("delivery order"),
    )
    source = models.CharField(
        _("source"), max_length=10, choices=WeighingSource.choices, default=WeighingSource.MANUAL
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("weighing")
        verbose_name_plural = _("weighings")
        ordering = ["-weighed_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(tare_kg__gte=0), name="weighing_tare_ge_0"),
            models.CheckConstraint(
                condition=models.Q(gross_kg__gte=models.F("tare_kg")),
                name="weighing_gross_ge_tare",
            ),
            models.CheckConstraint(
                condition=models.Q(trash_percent__gte=0) & models.Q(trash_percent__lt=100),
                name="weighing_trash_0_to_100",
            ),
            models.CheckConstraint(
                condition=models.Q(rejected=False) | ~models.Q(rejection_reason=""),
                name="weighing_rejection_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["weighed_at"], name="weighing_weighed_at_idx")]

    def __str__(self) -> str:
        return f"{self.spta.number}: {self.net_kg} kg"

    @property
    def cane_kw(self) -> Decimal:
        return self.net_kg / HUNDRED

    @property
    def trash_kg(self) -> Decimal:
        return self.gross_kg - self.tare_kg - self.net_kg
