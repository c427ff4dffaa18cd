"""A batch settlement of one mill's period, run by a Celery worker (issue 18).

A mill's week is thousands of DOs: drafting them takes longer than a web request may (gunicorn
kills a worker after 30 s, halfway through the batch). The page records what was asked, a
worker settles it and keeps the outcome here; the page shows the progress and then the result.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from harvest.models.delivery_orders import KW
from partners.models import Mill, Season
from tebu_site.access import Scoping
from tebu_site.fields import RangedDecimalField, RangedPositiveIntegerField

COUNT = {"default": 0, "maximum": 10_000_000}


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for a worker")
    RUNNING = "running", _("Settling")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class IssueStatus(models.TextChoices):
    """Issuing a run's drafts at once, after they were reviewed (a worker issues each one)."""

    NOT_ASKED = "", _("Not asked")
    QUEUED = "queued", _("Waiting for a worker")
    RUNNING = "running", _("Issuing")
    DONE = "done", _("Issued")
    FAILED = "failed", _("Stopped")


class SettlementRun(models.Model):
    scoping = Scoping(mill="mill")

    mill = models.ForeignKey(Mill, on_delete=models.CASCADE, related_name="+")
    season = models.ForeignKey(Season, on_delete=models.CASCADE, related_name="+")
    period_start = models.DateField(_("weighed from"))
    period_end = models.DateField(_("weighed until"))
    natura_consumed_kw = RangedDecimalField(
        _("natura kept per farmer (kw)"), default=Decimal(0), **KW
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    farmers_total = RangedPositiveIntegerField(_("farmers to settle"), **COUNT)
    farmers_done = RangedPositiveIntegerField(_("farmers settled or skipped"), **COUNT)
    waiting_for_rendemen = RangedPositiveIntegerField(
        _("deliveries waiting for their rendemen"), **COUNT
    )
    created_ids = models.JSONField(_("DOs drafted"), default=list, blank=True)
    skipped = models.JSONField(_("farmers not settled, with the reason"), default=list, blank=True)
    error = models.TextField(_("why it failed"), blank=True)
    issue_status = models.CharField(
        _("issuing the drafts"),
        max_length=10,
        choices=IssueStatus.choices,
        default=IssueStatus.NOT_ASKED,
        blank=True,
    )
    issue_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("issuing asked by"),
    )
    issue_total = RangedPositiveIntegerField(_("drafts to issue"), **COUNT)
    issued_count = RangedPositiveIntegerField(_("DOs issued"), **COUNT)
    issue_failures = models.JSONField(
        _("drafts not issued, with the reason"), default=list, blank=True
    )
    issue_error = models.TextField(_("why issuing stopped"), blank=True)

    class Meta:
        verbose_name = _("batch settlement")
        verbose_name_plural = _("batch settlements")
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["mill", "-requested_at"], name="settlement_run_mill_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="settlement_run_end_after_start",
                violation_error_message=_("The end of the period must not be before its start."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mill} {self.period_start}–{self.period_end} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)

    @property
    def progress_percent(self) -> int:
        if not self.farmers_total:
            return 100 if self.is_finished else 0
        return min(100, self.farmers_done * 100 // self.farmers_total)

    @property
    def is_issuing(self) -> bool:
        return self.issue_status in (IssueStatus.QUEUED, IssueStatus.RUNNING)

    @property
    def issue_progress_percent(self) -> int:
        if not self.issue_total:
            return 0
        done = self.issued_count + len(self.issue_failures)
        return min(100, done * 100 // self.issue_total)
