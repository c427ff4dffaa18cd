"""The weighbridge: gross and tare of one truckload against one SPTA, and the net cane after the
trash (*daduk*, tops, soil) deduction QC sets (domain.md 5).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from harvest.models.rendemen import RendemenAnalysis
from harvest.models.spta import Spta
from tebu_site.access import Scoping
from tebu_site.fields import RangedDecimalField
from tebu_site.history import ChangeHistory
from tebu_site.models import TimeStampedModel

HUNDRED = Decimal(100)
ZERO = Decimal(0)
WEIGHT_MAX_KG = Decimal(100_000)


class Freshness(models.TextChoices):
    FRESH = "fresh", _("Fresh")
    WARNING = "warning", _("Late (over the warning time)")
    ALERT = "alert", _("Stale (over the alert time)")


class WeighingSource(models.TextChoices):
    MANUAL = "manual", _("Entered at the weighbridge")
    IMPORT = "import", _("Imported from the weighbridge software")


class Weighing(TimeStampedModel):
    """One truckload at the weighbridge against its SPTA (one weighing per SPTA).

    net = (gross − tare) × (1 − trash % / 100): the trash deduction is a percentage of the cane
    weight, set by QC (domain.md 5). A rejected load is returned to the farmer and never settled.
    """

    scoping = Scoping(mill="spta__mill", region="spta__farmer__region", farmer="spta__farmer")

    spta = models.OneToOneField(Spta, on_delete=models.PROTECT, related_name="weighing")
    # The truck limit a mill sets (HarvestPolicy.max_gross_kg) is at most WEIGHT_MAX_KG.
    gross_kg = RangedDecimalField(
        _("gross (kg)"), max_digits=10, decimal_places=1, minimum=ZERO, maximum=WEIGHT_MAX_KG
    )
    tare_kg = RangedDecimalField(
        _("tare (kg)"), max_digits=10, decimal_places=1, minimum=ZERO, maximum=WEIGHT_MAX_KG
    )
    trash_percent = RangedDecimalField(
        _("trash deduction (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        minimum=ZERO,
        maximum=Decimal("99.99"),
    )
    net_kg = RangedDecimalField(
        _("net cane (kg)"), max_digits=12, decimal_places=2, minimum=ZERO, maximum=WEIGHT_MAX_KG
    )
    cut_at = models.DateTimeField(_("cut at"))
    arrived_at = models.DateTimeField(_("arrived at"))
    weighed_at = models.DateTimeField(_("weighed at"), default=timezone.now)
    hours_since_cut = RangedDecimalField(
        _("hours from cutting to weighing"),
        max_digits=7,
        decimal_places=1,
        editable=False,
        minimum=ZERO,
        maximum=Decimal(24 * 366),
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
        "harvest.DeliveryOrder",
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

    # Read by the weighing's id, never by these keys: their copies are not indexed (issue 18).
    # The load's analysis and DO are filled in when they are made (each with its own maker and
    # time): that is no change of the load; moving the load to another one is.
    history = ChangeHistory(
        no_db_index=["spta", "rendemen_analysis", "delivery_order", "recorded_by"],
        filled_once=["rendemen_analysis", "delivery_order"],
    )

    class Meta:
        verbose_name = _("weighing")
        verbose_name_plural = _("weighings")
        ordering = ["-weighed_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(tare_kg__gte=0),
                name="weighing_tare_ge_0",
                violation_error_message=_("The tare cannot be negative."),
            ),
            models.CheckConstraint(
                condition=models.Q(gross_kg__gte=models.F("tare_kg")),
                name="weighing_gross_ge_tare",
                violation_error_message=_("The gross weight must be at least the tare."),
            ),
            models.CheckConstraint(
                condition=models.Q(trash_percent__gte=0) & models.Q(trash_percent__lt=100),
                name="weighing_trash_0_to_100",
                violation_error_message=_("The trash deduction must be from 0 to under 100 %%."),
            ),
            models.CheckConstraint(
                condition=models.Q(rejected=False) | ~models.Q(rejection_reason=""),
                name="weighing_rejection_has_reason",
                violation_error_message=_("Give the reason the load is rejected."),
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
