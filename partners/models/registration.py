"""The plot registration workflow's record: each step with who and when, and the overlaps found
(domain.md section 3, the e-Farming procedure)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models.plots import Plot, RegistrationStatus
from tebu_site.access import Scoping
from tebu_site.fields import RangedDecimalField


class RegistrationAction(models.TextChoices):
    SUBMIT = "submit", _("Submitted")
    SURVEY = "survey", _("Survey drawing uploaded")
    CHECK_OVERLAP = "check_overlap", _("Overlap checked")
    VALIDATE = "validate", _("Validated by KKW")
    APPROVE = "approve", _("Approved")
    SEND_BACK = "send_back", _("Sent back for correction")
    CONTRACT = "contract", _("Contract signed")
    REJECT = "reject", _("Rejected")
    REOPEN = "reopen", _("Reopened")
    RELEASE_OVERLAP = "release_overlap", _("Overlap released")


class PlotRegistrationStep(models.Model):
    """One step of a plot's registration: what happened, who did it and when. Never edited."""

    scoping = Scoping(mill="plot__mill", region="plot__farmer__region", farmer="plot__farmer")

    plot = models.ForeignKey(Plot, on_delete=models.CASCADE, related_name="registration_steps")
    action = models.CharField(_("step"), max_length=20, choices=RegistrationAction.choices)
    from_status = models.CharField(
        _("from"), max_length=20, choices=RegistrationStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=RegistrationStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("registration step")
        verbose_name_plural = _("registration steps")
        ordering = ["plot", "at", "id"]

    def __str__(self) -> str:
        return f"{self.plot} {self.get_action_display()}"


class PlotOverlap(models.Model):
    """Another active plot (of any farmer, at any mill) that the plot's polygon overlaps by more
    than the tolerance. It blocks approval until a release is recorded (the other mill or farmer
    gives up the overlapping land, or the drawings are found to be the same land)."""

    scoping = Scoping(mill="plot__mill", region="plot__farmer__region", farmer="plot__farmer")

    plot = models.ForeignKey(Plot, on_delete=models.CASCADE, related_name="overlaps")
    other_plot = models.ForeignKey(Plot, on_delete=models.CASCADE, related_name="+")
    overlap_m2 = RangedDecimalField(
        _("overlap (m²)"),
        max_digits=12,
        decimal_places=1,
        minimum=Decimal(0),
        maximum=Decimal(10**10),
    )
    found_at = models.DateTimeField(_("found at"), default=timezone.now)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("released by"),
    )
    release_note = models.TextField(_("release"), blank=True)

    class Meta:
        verbose_name = _("plot overlap")
        verbose_name_plural = _("plot overlaps")
        ordering = ["plot", "other_plot__code"]
        constraints = [
            models.UniqueConstraint(fields=["plot", "other_plot"], name="overlap_once_per_pair"),
            models.CheckConstraint(
                condition=~models.Q(plot=models.F("other_plot")),
                name="overlap_not_with_itself",
                violation_error_message=_("A plot cannot overlap itself."),
            ),
            models.CheckConstraint(
                condition=models.Q(released_at__isnull=True) | ~models.Q(release_note=""),
                name="overlap_release_has_note",
                violation_error_message=_("Say why the overlap is released."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plot} × {self.other_plot}"

    @property
    def is_released(self) -> bool:
        return self.released_at is not None

    @property
    def overlap_ha(self):
        return self.overlap_m2 / 10000
