"""Every SMS a number sent us, answered or not: what was asked, by whom, and what went back."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tebu_site.access import Scoping


class InboundOutcome(models.TextChoices):
    ANSWERED = "answered", _("Answered")
    UNKNOWN_NUMBER = "unknown", _("Number not registered")
    LIMITED = "limited", _("Over the hourly limit, not answered")


class InboundSms(models.Model):
    scoping = Scoping(mill="farmer__mill", region="farmer__region", farmer="farmer")

    number = models.CharField(_("from number"), max_length=20)
    text = models.TextField(_("text"))
    farmer = models.ForeignKey(
        "partners.Farmer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inbound_sms",
        verbose_name=_("farmer"),
    )
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    command = models.CharField(_("command"), max_length=20, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=InboundOutcome.choices)
    reply = models.OneToOneField(
        "notices.Notice",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inbound_sms",
        verbose_name=_("reply"),
    )

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("incoming SMS")
        verbose_name_plural = _("incoming SMS")
        # The hourly limit counts a number's messages of the last hour.
        indexes = [models.Index(fields=["number", "received_at"], name="inbound_sms_rate_idx")]

    def __str__(self) -> str:
        return f"{self.number}: {self.text[:40]}"
