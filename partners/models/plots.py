"""Plots (petak/lahan/kebun) a farmer registers with the mill."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partners.models.farmers import Farmer
from partners.models.org import Desa, Mill
from tebu_site.access import Scoping
from tebu_site.models import TimeStampedModel


class LandType(models.TextChoices):
    SAWAH = "sawah", _("Irrigated (sawah)")
    TEGALAN = "tegalan", _("Dry land (tegalan)")


class CropClass(models.TextChoices):
    PLANT_CANE = "pc", _("Plant cane (PC)")
    RATOON = "rc", _("Ratoon (RC, keprasan)")


class RegistrationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    SURVEYED = "surveyed", _("Surveyed")
    OVERLAP_CHECKED = "overlap_checked", _("Overlap checked")
    VALIDATED = "validated", _("Validated by KKW")
    APPROVED = "approved", _("Approved")
    CONTRACTED = "contracted", _("Contracted")
    REJECTED = "rejected", _("Rejected")


class Plot(TimeStampedModel):
    scoping = Scoping(mill="mill", region="farmer__region", farmer="farmer")

    mill = models.ForeignKey(Mill, on_delete=models.PROTECT, related_name="plots")
    farmer = models.ForeignKey(Farmer, on_delete=models.PROTECT, related_name="plots")
    code = models.CharField(_("plot code"), max_length=30)
    area_ha = models.DecimalField(
        _("area (ha)"),
        max_digits=10,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0.0001"))],
    )
    own_area_ha = models.DecimalField(
        _("own part (ha)"), max_digits=10, decimal_places=4, default=Decimal("0")
    )
    rented_area_ha = models.DecimalField(
        _("rented part (ha)"), max_digits=10, decimal_places=4, default=Decimal("0")
    )
    land_type = models.CharField(_("land type"), max_length=10, choices=LandType.choices)
    desa = models.ForeignKey(
        Desa, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("village (desa)")
    )
    crop_class = models.CharField(_("crop class"), max_length=2, choices=CropClass.choices)
    ratoon_number = models.PositiveSmallIntegerField(_("ratoon number"), default=0)
    variety = models.CharField(_("variety"), max_length=50, blank=True)
    planted_or_cut_on = models.DateField(_("planting or last-cut date"), null=True, blank=True)
    geometry = models.JSONField(
        _("geometry (GeoJSON)"),
        null=True,
        blank=True,
        help_text=_("A GPS polygon, or a point while waiting for the survey."),
    )
    registration_status = models.CharField(
        _("registration status"),
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.SUBMITTED,
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plot")
        verbose_name_plural = _("plots")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["mill", "code"], name="plot_code_unique_per_mill"),
            models.CheckConstraint(condition=models.Q(area_ha__gt=0), name="plot_area_positive"),
            models.CheckConstraint(
                condition=models.Q(own_area_ha__gte=0) & models.Q(rented_area_ha__gte=0),
                name="plot_parts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        # Checked here, not by a CheckConstraint: SQLite compares decimals as floats, and
        # 0.6 + 0.4 would not always equal 1.0 there.
        if (
            self.area_ha is not None
            and (self.own_area_ha or 0) + (self.rented_area_ha or 0) != self.area_ha
        ):
            raise ValidationError(
                {"rented_area_ha": _("Own and rented parts must add up to the plot area.")}
            )
