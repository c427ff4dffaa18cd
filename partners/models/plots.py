"""Plots (petak/lahan/kebun) a farmer registers with the mill."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partners import geometry as geo
from partners.models.farmers import Farmer
from partners.models.org import Desa, Mill
from tebu_site.access import Scoping
from tebu_site.fields import RangedDecimalField, RangedFloatField, RangedPositiveSmallIntegerField
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


AREA_POSITIVE = _("The area must be more than 0 ha.")
PART_NOT_NEGATIVE = _("The own and rented parts cannot be negative.")
# Far above any smallholder plot; a typo of a few digits is caught, a real estate block is not.
PLOT_AREA_MAX_HA = Decimal(10_000)
LONGITUDE = {"null": True, "blank": True, "editable": False, "minimum": -180, "maximum": 180}
LATITUDE = {"null": True, "blank": True, "editable": False, "minimum": -90, "maximum": 90}


class Plot(TimeStampedModel):
    scoping = Scoping(mill="mill", region="farmer__region", farmer="farmer")

    mill = models.ForeignKey(
        Mill, on_delete=models.PROTECT, related_name="plots", verbose_name=_("mill")
    )
    farmer = models.ForeignKey(
        Farmer, on_delete=models.PROTECT, related_name="plots", verbose_name=_("farmer")
    )
    code = models.CharField(_("plot code"), max_length=30)
    # The validators give each field its own message; the CHECKs below keep the same rules in the
    # database, with the same words should a write ever reach them.
    area_ha = RangedDecimalField(
        _("area (ha)"),
        max_digits=10,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0.0001"), message=AREA_POSITIVE)],
        maximum=PLOT_AREA_MAX_HA,
    )
    own_area_ha = RangedDecimalField(
        _("own part (ha)"),
        max_digits=10,
        decimal_places=4,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"), message=PART_NOT_NEGATIVE)],
        maximum=PLOT_AREA_MAX_HA,
    )
    rented_area_ha = RangedDecimalField(
        _("rented part (ha)"),
        max_digits=10,
        decimal_places=4,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"), message=PART_NOT_NEGATIVE)],
        maximum=PLOT_AREA_MAX_HA,
    )
    land_type = models.CharField(_("land type"), max_length=10, choices=LandType.choices)
    desa = models.ForeignKey(
        Desa, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("village (desa)")
    )
    crop_class = models.CharField(_("crop class"), max_length=2, choices=CropClass.choices)
    ratoon_number = RangedPositiveSmallIntegerField(_("ratoon number"), default=0, maximum=30)
    variety = models.CharField(_("variety"), max_length=50, blank=True)
    planted_or_cut_on = models.DateField(_("planting or last-cut date"), null=True, blank=True)
    geometry = models.JSONField(
        _("geometry (GeoJSON)"),
        null=True,
        blank=True,
        help_text=_("A GPS polygon, or a point while waiting for the survey."),
    )
    measured_area_ha = RangedDecimalField(
        _("measured area (ha)"),
        max_digits=10,
        decimal_places=4,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Computed from the GPS polygon (geodesic area on WGS84)."),
        minimum=Decimal(0),
        maximum=Decimal(999_999),
    )
    # Bounding box of the geometry, so the overlap check compares only plots that could touch.
    bbox_min_lon = RangedFloatField(
        null=True, blank=True, editable=False, minimum=-180, maximum=180
    )
    bbox_min_lat = RangedFloatField(**LATITUDE)
    bbox_max_lon = RangedFloatField(
        null=True, blank=True, editable=False, minimum=-180, maximum=180
    )
    bbox_max_lat = RangedFloatField(**LATITUDE)
    registration_status = models.CharField(
        _("registration status"),
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.SUBMITTED,
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Off when the plot is no longer farmed for the mill (sold, withdrawn)."),
    )

    history = HistoricalRecords(
        excluded_fields=["bbox_min_lon", "bbox_min_lat", "bbox_max_lon", "bbox_max_lat"]
    )

    class Meta:
        verbose_name = _("plot")
        verbose_name_plural = _("plots")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["mill", "code"], name="plot_code_unique_per_mill"),
            models.CheckConstraint(
                condition=models.Q(area_ha__gt=0),
                name="plot_area_positive",
                violation_error_message=AREA_POSITIVE,
            ),
            models.CheckConstraint(
                condition=models.Q(own_area_ha__gte=0) & models.Q(rented_area_ha__gte=0),
                name="plot_parts_not_negative",
                violation_error_message=PART_NOT_NEGATIVE,
            ),
            models.CheckConstraint(
                condition=~models.Q(registration_status=RegistrationStatus.REJECTED)
                | ~models.Q(rejection_reason=""),
                name="plot_rejection_has_reason",
                violation_error_message=_("Give the reason the plot is rejected."),
            ),
        ]
        indexes = [
            models.Index(fields=["bbox_min_lon", "bbox_max_lon"], name="plot_bbox_lon_idx"),
            models.Index(fields=["mill", "registration_status"], name="plot_mill_status_idx"),
        ]

    def __str__(self) -> str:
        return self.code

    def set_geometry(self, geometry: dict | None) -> None:
        """Store a checked GeoJSON geometry with the values derived from it (measured area and
        bounding box). Callers pass geometry through partners.geometry's parsers first."""
        self.geometry = geometry
        self.measured_area_ha = geo.area_ha(geometry)
        box = geo.bounding_box(geometry)
        self.bbox_min_lon = box.min_lon if box else None
        self.bbox_min_lat = box.min_lat if box else None
        self.bbox_max_lon = box.max_lon if box else None
        self.bbox_max_lat = box.max_lat if box else None

    @property
    def has_polygon(self) -> bool:
        return geo.is_polygon(self.geometry)

    @property
    def area_difference_ratio(self) -> Decimal | None:
        return geo.area_difference_ratio(self.area_ha, self.measured_area_ha)

    @property
    def area_warning(self) -> bool:
        """Declared and GPS-measured areas differ by more than 5 %."""
        return geo.areas_disagree(self.area_ha, self.measured_area_ha)

    def clean(self) -> None:
        errors = {}
        # Checked here, not by a CheckConstraint: SQLite compares decimals as floats, and
        # 0.6 + 0.4 would not always equal 1.0 there.
        if (
            self.area_ha is not None
            and (self.own_area_ha or 0) + (self.rented_area_ha or 0) != self.area_ha
        ):
            errors["rented_area_ha"] = _("Own and rented parts must add up to the plot area.")
        if self.crop_class == CropClass.PLANT_CANE and self.ratoon_number:
            errors["ratoon_number"] = _("Plant cane has not been cut yet: ratoon number 0.")
        if self.crop_class == CropClass.RATOON and not self.ratoon_number:
            errors["ratoon_number"] = _("Ratoon cane has been cut at least once: 1 or more.")
        if self.farmer_id and self.mill_id and self.farmer.mill_id != self.mill_id:
            errors["farmer"] = _("The farmer is registered with another mill.")
        if errors:
            raise ValidationError(errors)
