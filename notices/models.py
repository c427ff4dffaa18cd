"""A notice is one message to one person through one channel, kept whether or not it went out.

The farmer's portal inbox is a channel too: every notice to a farmer is recorded there, so a
farmer without a phone signal or email still finds it when they next log in.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from tebu_site.access import Scoping
from tebu_site.fields import RangedPositiveBigIntegerField, RangedPositiveSmallIntegerField
from tebu_site.models import TimeStampedModel


class Channel(models.TextChoices):
    PORTAL = "portal", _("Portal inbox")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("Email")


class NoticeStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class DeliveryStatus(models.TextChoices):
    """What the SMS gateway reports after taking a message (blank before it is sent)."""

    SUBMITTED = "submitted", _("Handed to the gateway")
    DELIVERED = "delivered", _("Delivered to the phone")
    UNDELIVERED = "undelivered", _("Not delivered")


class Notice(TimeStampedModel):
    scoping = Scoping(mill="mill", region="region", farmer="farmer")

    mill = models.ForeignKey(
        "partners.Mill",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notices",
        verbose_name=_("mill"),
    )
    region = models.ForeignKey(
        "partners.Region",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    farmer = models.ForeignKey(
        "partners.Farmer",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notices",
        verbose_name=_("farmer"),
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notices",
        verbose_name=_("recipient"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    address = models.CharField(_("address"), max_length=200, blank=True)
    event = models.CharField(_("event"), max_length=80, db_index=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    # Same key, same channel: sent once, however many times the caller asks (retries, reruns).
    dedupe_key = models.CharField(_("deduplication key"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.PENDING
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = RangedPositiveSmallIntegerField(_("attempts"), default=0, minimum=0, maximum=1000)
    # The SMS gateway's id for the message: how its delivery report finds the notice.
    gateway_id = models.CharField(_("gateway message id"), max_length=100, blank=True)
    delivery_status = models.CharField(
        _("delivery status"), max_length=12, choices=DeliveryStatus.choices, blank=True
    )
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    related_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    related_id = RangedPositiveBigIntegerField(null=True, blank=True, minimum=1, maximum=2**63 - 1)
    related = GenericForeignKey("related_type", "related_id")
    link = models.CharField(_("link"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        indexes = [
            models.Index(fields=["farmer", "channel", "-created_at"]),
            models.Index(
                fields=["gateway_id"],
                condition=~models.Q(gateway_id=""),
                name="notice_gateway_id_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["dedupe_key", "channel"],
                condition=~models.Q(dedupe_key=""),
                name="notice_once_per_key_and_channel",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.subject}"
