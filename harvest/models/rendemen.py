"""Rendemen: sugar yield in % of cane weight, from the first-expressed-juice readings by the
formula of domain.md 5 (harvest.calculations.rendemen), or entered directly with a reason.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models.farmers import Farmer
from partners.models.org import Mill
from tebu_site.access import Scoping
from tebu_site.fields import RangedDecimalField
from tebu_site.history import ChangeHistory
from tebu_site.models import TimeStampedModel


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
    brix_reading = RangedDecimalField(
        _("brix reading"),
        max_digits=9,
        decimal_places=4,
        null=True,
        blank=True,
        minimum=Decimal("0"),
        maximum=Decimal("100"),
    )
    temperature_correction = RangedDecimalField(
        _("temperature correction"),
        max_digits=9,
        decimal_places=4,
        null=True,
        blank=True,
        minimum=Decimal("-10"),
        maximum=Decimal("10"),
    )
    pol_reading = RangedDecimalField(
        _("pol reading"),
        max_digits=9,
        decimal_places=4,
        null=True,
        blank=True,
        minimum=Decimal("0"),
        maximum=Decimal("300"),
    )
    specific_gravity = RangedDecimalField(
        _("specific gravity (BJ)"),
        max_digits=9,
        decimal_places=4,
        null=True,
        blank=True,
        minimum=Decimal("0.5"),
        maximum=Decimal("2"),
    )
    dilution_factor = RangedDecimalField(
        _("dilution factor"),
        max_digits=9,
        decimal_places=4,
        null=True,
        blank=True,
        minimum=Decimal("0.01"),
        maximum=Decimal("100"),
    )
    extraction_factor = RangedDecimalField(
        _("extraction factor (faktor perah)"),
        max_digits=9,
        decimal_places=4,
        null=True,
        blank=True,
        minimum=Decimal("0.01"),
        maximum=Decimal("2"),
    )
    percent_brix = RangedDecimalField(
        _("% brix"),
        max_digits=9,
        decimal_places=4,
        null=True,
        blank=True,
        editable=False,
        minimum=Decimal("0"),
        maximum=Decimal("100"),
    )
    percent_pol = RangedDecimalField(
        _("% pol"),
        max_digits=9,
        decimal_places=4,
        null=True,
        blank=True,
        editable=False,
        minimum=Decimal("0"),
        maximum=Decimal("100"),
    )
    juice_value = RangedDecimalField(
        _("juice value (nilai nira)"),
        max_digits=9,
        decimal_places=4,
        null=True,
        blank=True,
        editable=False,
        minimum=Decimal("-100"),
        maximum=Decimal("100"),
    )
    rendemen_percent = RangedDecimalField(
        _("rendemen (%)"),
        max_digits=5,
        decimal_places=2,
        minimum=Decimal("0"),
        maximum=Decimal("20"),
    )
    direct_reason = models.TextField(_("why entered directly"), blank=True)
    measured_at = models.DateTimeField(_("measured at"), default=timezone.now)
    measured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("measured by"),
    )

    # Read by the analysis's id, never by these keys: their copies are not indexed (issue 18).
    history = ChangeHistory(no_db_index=["mill", "farmer", "measured_by"])

    class Meta:
        verbose_name = _("rendemen analysis")
        verbose_name_plural = _("rendemen analyses")
        ordering = ["-measured_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rendemen_percent__gte=0) & models.Q(rendemen_percent__lte=20),
                name="rendemen_between_0_and_20",
                violation_error_message=_("The rendemen must be between 0 and 20 %%."),
            ),
            models.CheckConstraint(
                condition=~models.Q(method="direct") | ~models.Q(direct_reason=""),
                name="rendemen_direct_has_reason",
                violation_error_message=_("A rendemen entered directly needs the reason."),
            ),
            models.CheckConstraint(
                condition=~models.Q(method="readings")
                | (
                    models.Q(brix_reading__isnull=False)
                    & models.Q(pol_reading__isnull=False)
                    & models.Q(extraction_factor__isnull=False)
                ),
                name="rendemen_readings_present",
                violation_error_message=_("A rendemen from readings needs every reading."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sample_code or self.pk}: {self.rendemen_percent} %"

    @property
    def is_direct(self) -> bool:
        return self.method == RendemenMethod.DIRECT
