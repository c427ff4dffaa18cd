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
from simple_history.models import HistoricalRecords

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
    # Not sent before this moment: the farmer's quiet hours, or the gateway's Retry-After.
    not_before = models.DateTimeField(_("not before"), null=True, blank=True)
    # The language the subject and body were written in (the recipient's).
    language = models.CharField(_("language"), max_length=10, blank=True)
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
                fields=["not_before"],
                condition=models.Q(status="pending"),
                name="notice_pending_due_idx",
            ),
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


class ChannelChoice(models.TextChoices):
    """Which of a farmer's channels carry his notices (email, when he has one, is unchanged)."""

    BOTH = "both", _("SMS and portal")
    SMS = "sms", _("SMS only")
    PORTAL = "portal", _("Portal only")


class MillSmsSettings(TimeStampedModel):
    """A mill's SMS quiet hours: SMS to its farmers wait until the window ends (a farmer may set
    his own). Kept here, not on the mill: notices owns how messages are sent."""

    scoping = Scoping(mill="mill")

    mill = models.OneToOneField(
        "partners.Mill",
        on_delete=models.CASCADE,
        related_name="sms_settings",
        verbose_name=_("mill"),
    )
    quiet_from = models.TimeField(_("quiet from"), null=True, blank=True)
    quiet_until = models.TimeField(_("quiet until"), null=True, blank=True)

    class Meta:
        verbose_name = _("mill SMS settings")
        verbose_name_plural = _("mill SMS settings")

    def __str__(self) -> str:
        return str(self.mill)


class NoticePreference(TimeStampedModel):
    """A farmer's choice of channels and, optionally, his own quiet hours (else the mill's).

    No row means the default: SMS and portal, SMS only once his number is verified."""

    scoping = Scoping(mill="farmer__mill", region="farmer__region", farmer="farmer")

    farmer = models.OneToOneField(
        "partners.Farmer",
        on_delete=models.CASCADE,
        related_name="notice_preference",
        verbose_name=_("farmer"),
    )
    channels = models.CharField(
        _("send notices by"),
        max_length=10,
        choices=ChannelChoice.choices,
        default=ChannelChoice.BOTH,
    )
    quiet_from = models.TimeField(_("quiet from"), null=True, blank=True)
    quiet_until = models.TimeField(_("quiet until"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("notice preference")
        verbose_name_plural = _("notice preferences")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quiet_from__isnull=True, quiet_until__isnull=True)
                | models.Q(quiet_from__isnull=False, quiet_until__isnull=False),
                name="notice_preference_quiet_hours_both_or_none",
                violation_error_message=_(
                    "Give both the start and the end of the quiet hours, or neither."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.farmer}: {self.get_channels_display()}"


class PhoneVerification(TimeStampedModel):
    """One one-time code sent to a farmer's number, and whether it was entered right.

    A number is verified for a farmer while a row for that farmer and that very number has
    ``verified_at``: should the registry change his phone, the new number is unverified until
    its own code is entered. The code is kept only as a keyed hash."""

    scoping = Scoping(mill="farmer__mill", region="farmer__region", farmer="farmer")

    farmer = models.ForeignKey(
        "partners.Farmer",
        on_delete=models.CASCADE,
        related_name="phone_verifications",
        verbose_name=_("farmer"),
    )
    number = models.CharField(_("number"), max_length=20)
    # The number's digits in one form (62...), for the per-number limit and the match.
    number_key = models.CharField(max_length=20, db_index=True)
    code_hash = models.CharField(max_length=128)
    expires_at = models.DateTimeField(_("expires at"))
    attempts = RangedPositiveSmallIntegerField(_("attempts"), default=0, minimum=0, maximum=100)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("phone verification")
        verbose_name_plural = _("phone verifications")
        indexes = [models.Index(fields=["farmer", "number_key", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.farmer}: {self.number}"
