"""The rendemen sample's chain of custody: every sample has a code on a label (QR) printed at the
weighbridge or the core sampler, the loads it stands for, and each hand-over from the truck to
the lab reading (taken, sealed, received at the lab, analysed; or rejected and re-sampled), with
who, when and where. Farmers follow it on their DO; a step late or skipped flags the sample and
raises one compliance event (compliance.rules.sample_custody).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from harvest.models import RendemenAnalysis, Weighing
from partners.models import Farmer, Mill, Season
from tebu_site.access import Scoping
from tebu_site.fields import (
    RangedDecimalField,
    RangedPositiveBigIntegerField,
    RangedPositiveSmallIntegerField,
)
from tebu_site.models import TimeStampedModel

# What a label's QR code holds: "SAMPLE|<code>|<SPTA numbers, comma separated>".
QR_PAYLOAD_TAG = "SAMPLE"


def code_from_scan(text: str) -> str:
    """The sample code in what a scanner read: the label's whole QR payload gives its second
    field (a handheld scanner types it in full); any other text is taken as typed."""
    text = (text or "").strip()
    fields = text.split("|")
    if len(fields) > 1 and fields[0].strip().upper() == QR_PAYLOAD_TAG:
        return fields[1].strip()
    return text


class SampleSettings(TimeStampedModel):
    """A mill's time limits for its samples; a mill without a row uses the defaults below."""

    scoping = Scoping(mill="mill")

    mill = models.OneToOneField(Mill, on_delete=models.CASCADE, related_name="sample_settings")
    lab_arrival_limit_hours = RangedPositiveSmallIntegerField(
        _("received at the lab within (hours)"),
        default=4,
        minimum=1,
        maximum=72,
        help_text=_("From taking the sample to its arrival at the lab."),
    )
    analysis_limit_hours = RangedPositiveSmallIntegerField(
        _("analysed within (hours)"),
        default=8,
        minimum=1,
        maximum=168,
        help_text=_("From taking the sample to its analysis; later, the juice may have changed."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sample settings")
        verbose_name_plural = _("sample settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(analysis_limit_hours__gte=models.F("lab_arrival_limit_hours")),
                name="sample_settings_analysis_after_arrival",
                violation_error_message=_(
                    "The analysis limit must be at least the lab arrival limit."
                ),
            )
        ]

    def __str__(self) -> str:
        return str(self.mill)

    @classmethod
    def for_mill(cls, mill_id: int) -> SampleSettings:
        return cls.objects.filter(mill_id=mill_id).first() or cls(mill_id=mill_id)


class SampleKind(models.TextChoices):
    WEIGHBRIDGE = "weighbridge", _("Taken at the weighbridge")
    CORE_SAMPLER = "core_sampler", _("Core sampler")


class Step(models.TextChoices):
    TAKEN = "taken", _("Sample taken")
    SEALED = "sealed", _("Sealed")
    RECEIVED_AT_LAB = "received_at_lab", _("Received at the lab")
    ANALYSED = "analysed", _("Analysed")
    REJECTED = "rejected", _("Rejected")
    RESAMPLED = "resampled", _("Re-sampled")


class Sample(TimeStampedModel):
    """One rendemen sample: its code (on the label), the loads it stands for (several when one
    analysis covers a group of one farmer's loads) and, once analysed, the rendemen analysis."""

    scoping = Scoping(mill="mill", region="farmer__region", farmer="farmer")

    code = models.CharField(_("sample code"), max_length=40)
    mill = models.ForeignKey(Mill, on_delete=models.PROTECT, related_name="samples")
    season = models.ForeignKey(Season, on_delete=models.PROTECT, related_name="samples")
    farmer = models.ForeignKey(Farmer, on_delete=models.PROTECT, related_name="samples")
    kind = models.CharField(
        _("taken by"), max_length=20, choices=SampleKind.choices, default=SampleKind.WEIGHBRIDGE
    )
    loads = models.ManyToManyField(Weighing, related_name="samples", verbose_name=_("loads"))
    analysis = models.ForeignKey(
        RendemenAnalysis,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="samples",
        verbose_name=_("rendemen analysis"),
    )
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("re-sample of"),
    )
    status = models.CharField(
        _("last step"), max_length=20, choices=Step.choices, default=Step.TAKEN
    )
    taken_at = models.DateTimeField(_("taken at"), default=timezone.now)
    late = models.BooleanField(_("a step was late"), default=False)
    chain_broken = models.BooleanField(_("chain broken"), default=False)
    flag_note = models.TextField(_("why flagged"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rendemen sample")
        verbose_name_plural = _("rendemen samples")
        ordering = ["-taken_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["mill", "code"],
                name="sample_code_unique_per_mill",
                violation_error_message=_("The mill already has a sample with this code."),
            )
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def qr_payload(self) -> str:
        numbers = ",".join(load.spta.number for load in self.loads.all())
        return f"{QR_PAYLOAD_TAG}|{self.code}|{numbers}"

    @property
    def is_flagged(self) -> bool:
        return self.late or self.chain_broken


class SampleHandover(models.Model):
    """One step of a sample's chain: append-only (a mistake is answered by a later step, e.g.
    rejected and re-sampled, never by editing), with who, when and where."""

    scoping = Scoping(mill="sample__mill", region="sample__farmer__region", farmer="sample__farmer")

    sample = models.ForeignKey(Sample, on_delete=models.PROTECT, related_name="handovers")
    step = models.CharField(_("step"), max_length=20, choices=Step.choices)
    at = models.DateTimeField(_("at"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    # The role at the time: the farmer reads "QC / mapping", which stays true if the person moves.
    by_role = models.CharField(_("role"), max_length=30, blank=True)
    place = models.CharField(_("where"), max_length=120, blank=True)
    note = models.TextField(_("note"), blank=True)
    hours_since_taken = RangedDecimalField(
        _("hours since taken"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        minimum=Decimal(0),
        maximum=Decimal(24 * 366),
    )
    late = models.BooleanField(_("late"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sample hand-over")
        verbose_name_plural = _("sample hand-overs")
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sample", "step"],
                name="sample_step_once",
                violation_error_message=_("This step is already recorded for the sample."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.sample_id}: {self.step}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("A hand-over is append-only.")
        super().save(*args, **kwargs)


class SampleDispute(TimeStampedModel):
    """A farmer disputing one step of his sample's chain; the complaint it opened (complaints app,
    routed to QC) is kept by id because this app sits below complaints."""

    scoping = Scoping(mill="sample__mill", region="sample__farmer__region", farmer="sample__farmer")

    sample = models.ForeignKey(Sample, on_delete=models.PROTECT, related_name="disputes")
    handover = models.ForeignKey(
        SampleHandover, on_delete=models.PROTECT, related_name="disputes", verbose_name=_("step")
    )
    text = models.TextField(_("what is wrong"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    complaint_id = RangedPositiveBigIntegerField(
        _("complaint"), null=True, blank=True, minimum=1, maximum=2**63 - 1
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sample dispute")
        verbose_name_plural = _("sample disputes")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.sample}: {self.handover.step}"
