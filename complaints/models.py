"""Complaints (keluhan) with their routing and escalation clocks, and partnership forums (FTK/FTKW).

domain.md section 9: complaints go farmer -> KKW -> assistant manager -> cane manager, cutting
(TMA) complaints to the cutting foreman, "with timers, since slow answers are themselves a
grievance". Who holds each duty is configuration per mill (ComplaintDesk), not a user role, so a
mill can name whoever does the job without new roles in tebu_site.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from harvest.models import DeliveryOrder, Spta
from partners.models import Farmer, Mill, Region, Season
from tebu_site.access import Scoping
from tebu_site.fields import RangedPositiveIntegerField
from tebu_site.models import TimeStampedModel

# Used when a mill has not set its own clocks: three days per level, the usual promise in the
# mills' own complaint desks.
DEFAULT_CLOCK_HOURS = 72


class Category(models.TextChoices):
    RENDEMEN = "rendemen", _("Rendemen")
    WEIGHING = "weighing", _("Weighing")
    PAYMENT = "payment", _("Payment")
    CREDIT = "credit", _("Credit")
    CUTTING_CREW = "cutting_crew", _("Cutting crew (TMA)")
    OTHER = "other", _("Other")


class Duty(models.TextChoices):
    """The job a complaint's current handler does for it."""

    QC = "qc", _("QC desk")
    CUTTING_FOREMAN = "cutting_foreman", _("Cutting foreman")
    KKW = "kkw", _("Regional field head (KKW)")
    ASSISTANT_MANAGER = "assistant_manager", _("Assistant manager")
    CANE_MANAGER = "cane_manager", _("Cane manager")
    OTHER = "other", _("Staff member")


class Level(models.IntegerChoices):
    FIRST_LINE = 1, _("First line")
    ASSISTANT_MANAGER = 2, _("Assistant manager")
    CANE_MANAGER = 3, _("Cane manager")


class Status(models.TextChoices):
    NEW = "new", _("New")
    ANSWERED = "answered", pgettext_lazy("complaint status", "Answered")
    ESCALATED = "escalated", _("Escalated")
    RESOLVED = "resolved", _("Resolved")
    REOPENED = "reopened", _("Reopened")


# The farmer waits for an answer in these states; the escalation clock runs only here.
WAITING = (Status.NEW, Status.ESCALATED, Status.REOPENED)


class ComplaintDesk(TimeStampedModel):
    """Who answers complaints at one mill, and how long each level has before escalation.

    Empty duties fall back to sensible defaults (complaints.routing), so a mill works before a
    manager fills this in.
    """

    scoping = Scoping(mill="mill")

    mill = models.OneToOneField(
        Mill, on_delete=models.CASCADE, related_name="complaint_desk", verbose_name=_("mill")
    )
    qc_desk = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("QC desk"),
        help_text=_("Answers rendemen and weighing complaints."),
    )
    cutting_foreman = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cutting foreman (mandor tebang)"),
        help_text=_("Answers complaints about the cutting crews."),
    )
    assistant_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assistant manager"),
        help_text=_("Receives complaints left unanswered by the first line."),
    )
    cane_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cane manager"),
        help_text=_("Receives complaints left unanswered by the assistant manager."),
    )
    first_line_hours = RangedPositiveIntegerField(
        _("hours for the first line to answer"),
        default=DEFAULT_CLOCK_HOURS,
        help_text=_(
            "After this many hours without an answer the complaint escalates (72 = 3 days)."
        ),
        minimum=1,
        maximum=24 * 365,
    )
    assistant_manager_hours = RangedPositiveIntegerField(
        _("hours for the assistant manager to answer"),
        default=DEFAULT_CLOCK_HOURS,
        help_text=_("After this many hours without an answer it goes to the cane manager."),
        minimum=1,
        maximum=24 * 365,
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("complaint desk")
        verbose_name_plural = _("complaint desks")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(first_line_hours__gte=1, assistant_manager_hours__gte=1),
                name="complaint_desk_clocks_positive",
                violation_error_message=_("Answer times are at least 1 hour."),
            )
        ]

    def __str__(self) -> str:
        return str(self.mill)


class RegionKkw(models.Model):
    """The KKW named to answer a region's complaints, when the region has several field staff."""

    scoping = Scoping(mill="region__mill", region="region")

    region = models.OneToOneField(
        Region, on_delete=models.CASCADE, related_name="complaint_kkw", verbose_name=_("region")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("KKW"),
    )

    class Meta:
        verbose_name = _("region KKW")
        verbose_name_plural = _("region KKWs")

    def __str__(self) -> str:
        return f"{self.region}: {self.user}"


def photo_path(instance: Complaint, filename: str) -> str:
    # A random name under private storage: the file is served only by complaints.views.photo.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"complaints/{instance.farmer_id}/{uuid.uuid4().hex}.{extension}"


class Complaint(TimeStampedModel):
    """A farmer's complaint (keluhan), filed by the farmer or by staff on their behalf."""

    scoping = Scoping(mill="mill", region="farmer__region", farmer="farmer")

    mill = models.ForeignKey(
        Mill, on_delete=models.PROTECT, related_name="complaints", verbose_name=_("mill")
    )
    season = models.ForeignKey(
        Season,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("season"),
    )
    farmer = models.ForeignKey(
        Farmer, on_delete=models.PROTECT, related_name="complaints", verbose_name=_("farmer")
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    text = models.TextField(_("complaint"))
    photo = models.FileField(_("photo"), upload_to=photo_path, max_length=200, blank=True)
    photo_content_type = models.CharField(max_length=50, blank=True)
    delivery_order = models.ForeignKey(
        DeliveryOrder,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("DO"),
    )
    spta = models.ForeignKey(
        Spta,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("SPTA"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEW, db_index=True
    )
    level = models.PositiveSmallIntegerField(
        _("level"), choices=Level.choices, default=Level.FIRST_LINE
    )
    duty = models.CharField(_("handled as"), max_length=20, choices=Duty.choices)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints_handled",
        verbose_name=_("handler"),
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("filed by"),
    )
    filed_at = models.DateTimeField(_("filed at"), default=timezone.now)
    assigned_at = models.DateTimeField(_("with the handler since"), default=timezone.now)
    # When the clock of the current level runs out; empty while nobody owes the farmer an answer.
    due_at = models.DateTimeField(_("answer due"), null=True, blank=True, db_index=True)
    first_answered_at = models.DateTimeField(_("first answered at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["photo", "photo_content_type"])

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-filed_at", "-id"]
        indexes = [models.Index(fields=["handler", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=3),
                name="complaint_level_1_to_3",
                violation_error_message=_("The level is 1, 2 or 3."),
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_category_display()} · {self.farmer}"

    @property
    def reference(self) -> str:
        return f"KLH-{self.pk:05d}" if self.pk else ""

    @property
    def is_waiting(self) -> bool:
        return self.status in WAITING

    def is_overdue(self, now=None) -> bool:
        now = now or timezone.now()
        return self.is_waiting and self.due_at is not None and self.due_at <= now

    def age(self, now=None):
        return (now or timezone.now()) - self.filed_at


class EntryKind(models.TextChoices):
    FILED = "filed", _("Filed")
    ANSWER = "answer", _("Answer")
    TRANSFER = "transfer", _("Transfer")
    ESCALATION = "escalation", _("Escalation")
    RESOLUTION = "resolution", _("Resolved")
    REOPEN = "reopen", _("Reopened by the farmer")
    SATISFIED = "satisfied", _("The farmer is satisfied")


# What the farmer reads on their page; transfers and escalations are shown without internal notes.
FARMER_TEXT_KINDS = (
    EntryKind.FILED,
    EntryKind.ANSWER,
    EntryKind.RESOLUTION,
    EntryKind.REOPEN,
    EntryKind.SATISFIED,
)


class ComplaintEntry(models.Model):
    """One step of a complaint: who did what when. Never edited, so the record can be trusted."""

    scoping = Scoping(
        mill="complaint__mill", region="complaint__farmer__region", farmer="complaint__farmer"
    )

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="entries", verbose_name=_("complaint")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=EntryKind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
        help_text=_("Empty when the escalation clock acted."),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    text = models.TextField(_("text"), blank=True)
    from_handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from"),
    )
    to_handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("to"),
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    duty = models.CharField(_("handled as"), max_length=20, choices=Duty.choices)

    class Meta:
        verbose_name = _("complaint entry")
        verbose_name_plural = _("complaint entries")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.at:%Y-%m-%d %H:%M}"


# --- forums (FTK, FTKW) ------------------------------------------------------------------------


class ForumKind(models.TextChoices):
    FTK = "ftk", _("FTK (mill-wide partnership forum)")
    FTKW = "ftkw", _("FTKW (regional forum)")


class Forum(TimeStampedModel):
    """A partnership forum meeting: FTK for the whole mill (twice a season), FTKW per region."""

    # Field staff see FTKWs of their regions (and the mill's FTKs, see complaints.selectors);
    # farmers read the forums of their region and mill through the same selector.
    scoping = Scoping(mill="mill", region="region")

    mill = models.ForeignKey(
        Mill, on_delete=models.PROTECT, related_name="forums", verbose_name=_("mill")
    )
    kind = models.CharField(_("kind"), max_length=4, choices=ForumKind.choices)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="forums",
        verbose_name=_("region"),
        help_text=_("Required for a regional forum (FTKW); empty for a mill-wide FTK."),
    )
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    staff_attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("staff present")
    )
    farmer_attendees = models.ManyToManyField(
        Farmer, blank=True, related_name="forums_attended", verbose_name=_("farmers present")
    )
    guests = models.TextField(
        _("other guests"), blank=True, help_text=_("One per line, e.g. cooperative or bank.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords(m2m_fields=[])

    class Meta:
        verbose_name = _("forum")
        verbose_name_plural = _("forums")
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="ftk", region__isnull=True)
                | models.Q(kind="ftkw", region__isnull=False),
                name="forum_ftkw_has_region_ftk_has_none",
                violation_error_message=_(
                    "A regional forum (FTKW) needs its region; a mill-wide forum (FTK) has none."
                ),
            )
        ]

    def __str__(self) -> str:
        place = self.region.name if self.region_id else self.mill.name
        return f"{self.get_kind_display().split(' ')[0]} {place} {self.held_on:%d-%m-%Y}"

    @property
    def guest_list(self) -> list[str]:
        return [line.strip() for line in self.guests.splitlines() if line.strip()]


class ActionItem(TimeStampedModel):
    """Something a forum agreed to do, with who does it by when; overdue when not done in time."""

    scoping = Scoping(mill="forum__mill", region="forum__region")

    forum = models.ForeignKey(
        Forum, on_delete=models.CASCADE, related_name="action_items", verbose_name=_("forum")
    )
    description = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="forum_actions",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due date"))
    done = models.BooleanField(_("done"), default=False)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(done=False, done_on__isnull=True)
                | models.Q(done=True, done_on__isnull=False),
                name="action_item_done_has_date",
                violation_error_message=_(
                    "A done action item has the day it was done, an open one has none."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.description

    def is_overdue(self, today=None) -> bool:
        return not self.done and self.due_on < (today or timezone.localdate())
