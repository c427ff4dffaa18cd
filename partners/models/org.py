"""Reference data: who runs the partnership, where, and when."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partners.validators import validate_tile_url_template
from tebu_site.access import Scoping
from tebu_site.fields import RangedDecimalField
from tebu_site.models import TimeStampedModel


class Company(TimeStampedModel):
    """The group that owns mills (PTPN XI, SGN, a private group)."""

    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Mill(TimeStampedModel):
    """A sugar mill (PG, pabrik gula). Users belong to one or more mills."""

    scoping = Scoping(mill="pk")

    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="mills")
    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kabupaten = models.CharField(_("regency (kabupaten)"), max_length=100, blank=True)
    daily_capacity_tonnes = RangedDecimalField(
        _("daily crushing capacity (t)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        minimum=Decimal(0),
        maximum=Decimal(100_000),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="mills", blank=True, verbose_name=_("members")
    )
    # The plot pages draw the plot on this base map (issue 14). Empty: no map library is loaded
    # and no tile is ever requested, so a mill without a tile server sends nothing anywhere.
    map_tile_url = models.CharField(
        _("map tile server"),
        max_length=500,
        blank=True,
        validators=[validate_tile_url_template],
        help_text=_(
            "Map tile server address, with {z}, {x} and {y}, e.g. "
            "https://tiles.example.id/{z}/{x}/{y}.png. Leave empty for no base map."
        ),
    )
    map_tile_attribution = models.CharField(
        _("map tile attribution"),
        max_length=200,
        blank=True,
        help_text=_(
            "Credit shown in the map's corner, as the tile server's terms require, e.g. "
            "© OpenStreetMap contributors."
        ),
    )

    class Meta:
        verbose_name = _("mill")
        verbose_name_plural = _("mills")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Season(TimeStampedModel):
    """A planting/milling season of one mill, named like "2025/2026"."""

    scoping = Scoping(mill="mill")

    mill = models.ForeignKey(Mill, on_delete=models.PROTECT, related_name="seasons")
    name = models.CharField(_("name"), max_length=20)
    planting_start = models.DateField(_("planting starts"), null=True, blank=True)
    milling_start = models.DateField(_("milling starts"), null=True, blank=True)
    milling_end = models.DateField(_("milling ends"), null=True, blank=True)
    is_current = models.BooleanField(_("current season"), default=False)

    class Meta:
        verbose_name = _("season")
        verbose_name_plural = _("seasons")
        ordering = ["mill", "-name"]
        constraints = [
            models.UniqueConstraint(fields=["mill", "name"], name="season_unique_per_mill"),
            models.UniqueConstraint(
                fields=["mill"],
                condition=models.Q(is_current=True),
                name="one_current_season_per_mill",
            ),
            models.CheckConstraint(
                condition=models.Q(milling_end__isnull=True)
                | models.Q(milling_start__isnull=True)
                | models.Q(milling_end__gte=models.F("milling_start")),
                name="season_milling_end_after_start",
                violation_error_message=_("The milling end cannot be before its start."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mill} {self.name}"


class Region(TimeStampedModel):
    """A field region (wilayah/rayon) of a mill, run by a KKW/sinder."""

    scoping = Scoping(mill="mill", region="pk")

    mill = models.ForeignKey(Mill, on_delete=models.PROTECT, related_name="regions")
    code = models.SlugField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    field_staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="regions", blank=True, verbose_name=_("field staff")
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["mill", "name"]
        constraints = [
            models.UniqueConstraint(fields=["mill", "code"], name="region_code_unique_per_mill")
        ]

    def __str__(self) -> str:
        return self.name


class Kabupaten(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("regency (kabupaten)")
        verbose_name_plural = _("regencies (kabupaten)")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Kecamatan(models.Model):
    kabupaten = models.ForeignKey(Kabupaten, on_delete=models.PROTECT, related_name="kecamatan")
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("district (kecamatan)")
        verbose_name_plural = _("districts (kecamatan)")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["kabupaten", "name"], name="kecamatan_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Desa(models.Model):
    kecamatan = models.ForeignKey(Kecamatan, on_delete=models.PROTECT, related_name="desa")
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("village (desa)")
        verbose_name_plural = _("villages (desa)")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["kecamatan", "name"], name="desa_unique")]

    def __str__(self) -> str:
        return f"{self.name}, {self.kecamatan.name}"


class GroupKind(models.TextChoices):
    FARMER_GROUP = "kelompok_tani", _("Farmer group (kelompok tani)")
    KUD = "kud", _("Village cooperative (KUD)")
    COOPERATIVE = "koperasi", _("Cooperative (koperasi)")


class FarmerGroup(TimeStampedModel):
    scoping = Scoping(mill="mill", region="region")

    mill = models.ForeignKey(Mill, on_delete=models.PROTECT, related_name="farmer_groups")
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="farmer_groups", null=True, blank=True
    )
    kind = models.CharField(_("kind"), max_length=20, choices=GroupKind.choices)
    name = models.CharField(_("name"), max_length=200)
    leader_name = models.CharField(_("leader"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("farmer group")
        verbose_name_plural = _("farmer groups")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["mill", "name"], name="group_name_unique_per_mill")
        ]

    def __str__(self) -> str:
        return self.name
