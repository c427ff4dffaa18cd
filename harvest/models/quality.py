"""The quality check of one delivery under a cane-by-weight scheme (domain.md 5b, PT SMS Dompu):
the standards it is checked against live in the scheme; a load that fails any is paid the lower
price, and the DO statement names the standard."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from harvest.calculations.quality import QualityCheck as QualityValues
from harvest.models.weighbridge import Weighing
from tebu_site.access import Scoping
from tebu_site.fields import RangedDecimalField
from tebu_site.models import TimeStampedModel


class QualityCheck(TimeStampedModel):
    """What QC found on one load: age, stalk height and quality, variety purity, pests."""

    scoping = Scoping(
        mill="weighing__spta__mill",
        region="weighing__spta__farmer__region",
        farmer="weighing__spta__farmer",
    )

    weighing = models.OneToOneField(
        Weighing, on_delete=models.CASCADE, related_name="quality_check"
    )
    age_months = RangedDecimalField(
        _("cane age (months)"),
        max_digits=4,
        decimal_places=1,
        minimum=Decimal(0),
        maximum=Decimal(120),
    )
    stalk_height_cm = RangedDecimalField(
        _("stalk height (cm)"),
        max_digits=5,
        decimal_places=1,
        minimum=Decimal(0),
        maximum=Decimal(1000),
    )
    stalk_quality_ok = models.BooleanField(_("stalks of good quality"))
    variety_purity_percent = RangedDecimalField(
        _("variety purity (%)"),
        max_digits=5,
        decimal_places=2,
        minimum=Decimal(0),
        maximum=Decimal(100),
    )
    pest_free = models.BooleanField(_("free of pests"))
    note = models.TextField(_("note"), blank=True)
    checked_at = models.DateTimeField(_("checked at"), default=timezone.now)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("checked by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quality check")
        verbose_name_plural = _("quality checks")
        ordering = ["-checked_at"]

    def __str__(self) -> str:
        return f"{self.weighing}: {self.checked_at:%Y-%m-%d}"

    def as_calculation(self) -> QualityValues:
        return QualityValues(
            age_months=self.age_months,
            stalk_height_cm=self.stalk_height_cm,
            stalk_quality_ok=self.stalk_quality_ok,
            variety_purity_percent=self.variety_purity_percent,
            pest_free=self.pest_free,
        )
