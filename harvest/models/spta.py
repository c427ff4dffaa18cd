"""SPTA (*surat perintah tebang angkut*): the order that lets one truck cut and haul cane from one
plot on one date, up to a quota. Single use and expiring, because paper SPTAs were traded and
hoarded (domain.md 5 and 10.7); every action on one is logged.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models.farmers import Farmer
from partners.models.org import Mill, Season
from partners.models.plots import Plot
from tebu_site.access import Scoping
from tebu_site.fields import RangedDecimalField
from tebu_site.models import TimeStampedModel


class SptaStatus(models.TextChoices):
    ISSUED = "issued", _("Issued")
    USED = "used", _("Used")
    EXPIRED = "expired", _("Expired")
    CANCELLED = "cancelled", _("Cancelled")


def spta_number_prefix(mill_code: str, season_name: str) -> str:
    return f"SPTA/{mill_code.upper()}/{season_name}/"


def spta_number(mill_code: str, season_name: str, serial: int) -> str:
    """SPTA/<MILL>/<season>/<serial of 6 digits>: the number printed on the slip."""
    return f"{spta_number_prefix(mill_code, season_name)}{serial:06d}"


QR_PAYLOAD_TAG = "SPTA"


def number_from_scan(text: str) -> str:
    """The SPTA number in what the weighbridge read: the whole QR payload of a slip
    (``Spta.qr_payload``, which a handheld scanner types in full) gives its second field; any
    other text is taken as typed."""
    text = text.strip()
    fields = text.split("|")
    if len(fields) > 1 and fields[0] == QR_PAYLOAD_TAG:
        return fields[1].strip()
    return text


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
    quota_kw = RangedDecimalField(
        _("quota (kw)"),
        max_digits=10,
        decimal_places=2,
        minimum=Decimal("0.01"),
        maximum=Decimal(1000),  # 100 t: more than any truck carries
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
            models.CheckConstraint(
                condition=models.Q(quota_kw__gt=0),
                name="spta_quota_positive",
                violation_error_message=_("The quota must be more than 0 kw."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="cancelled") | ~models.Q(cancel_reason=""),
                name="spta_cancel_has_reason",
                violation_error_message=_("Give the reason the SPTA is cancelled."),
            ),
            models.CheckConstraint(
                condition=models.Q(status="issued") | models.Q(closed_at__isnull=False),
                name="spta_closed_has_time",
                violation_error_message=_("A used or cancelled SPTA needs the time it was closed."),
            ),
        ]
        indexes = [
            models.Index(fields=["mill", "cutting_date"], name="spta_mill_date_idx"),
            models.Index(fields=["status", "expires_at"], name="spta_status_expiry_idx"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def short_number(self) -> str:
        """The serial at the end of the number without its leading zeros ("43" for
        SPTA/SEMBORO/2026/2027/000043): what the slip prints large, the farmer's SMS gives and
        the weighbridge accepts within the mill's current season."""
        serial = self.number.rsplit("/", 1)[-1]
        return serial.lstrip("0") or serial if serial.isdigit() else self.number

    @property
    def is_open(self) -> bool:
        return self.status == SptaStatus.ISSUED

    @property
    def qr_payload(self) -> str:
        """What the QR code on the printed SPTA holds: enough for the weighbridge to find it and
        for a guard to see at a glance that the paper matches the truck."""
        return "|".join(
            [
                QR_PAYLOAD_TAG,
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
