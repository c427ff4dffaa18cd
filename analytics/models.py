"""AnalysisRun: one row per analysis job (the KoBoToolbox kpi way: the task gets only its id)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tebu_site.access import Scoping
from tebu_site.models import TimeStampedModel


class AnalysisKind(models.TextChoices):
    CSI_IPA = "csi-ipa", _("Satisfaction (CSI and IPA)")
    FARM_INCOME = "farm-income", _("Farm income and feasibility")
    TTEST = "ttest", _("Independent-samples t-test")
    LOGIT = "logit", _("Binary logistic regression")
    DO_SETTLEMENT = "do-settlement", _("DO settlement trial")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class InputSource(models.TextChoices):
    SYSTEM = "system", _("Data in Tebu Mitra")
    FILE = "file", _("Uploaded file")


class AnalysisRun(TimeStampedModel):
    scoping = Scoping(mill="mill")

    kind = models.CharField(_("kind"), max_length=20, choices=AnalysisKind.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    source = models.CharField(_("input"), max_length=10, choices=InputSource.choices)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    mill = models.ForeignKey(
        "partners.Mill", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    season = models.ForeignKey(
        "partners.Season", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    input_file = models.FileField(_("input file"), upload_to="analysis-inputs/%Y/%m/", blank=True)
    input_name = models.CharField(_("input file name"), max_length=255, blank=True)
    input_hash = models.CharField(_("input SHA-256"), max_length=64, blank=True)
    input_rows = models.PositiveIntegerField(_("input rows"), null=True, blank=True)
    input_snapshot = models.JSONField(_("input snapshot"), null=True, blank=True)

    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress %"), default=0)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    queued_at = models.DateTimeField(_("queued at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error_code = models.CharField(_("error code"), max_length=40, blank=True)
    error_message = models.TextField(_("error"), blank=True)
    error_params = models.JSONField(_("error details"), default=dict, blank=True)
    result = models.JSONField(_("result"), null=True, blank=True)
    library_versions = models.JSONField(_("library versions"), default=dict, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), null=True, blank=True)

    class Meta:
        verbose_name = _("analysis run")
        verbose_name_plural = _("analysis runs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["mill", "kind", "status", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="run_progress_max_100"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="succeeded") | models.Q(result__isnull=False),
                name="run_succeeded_has_result",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.SUCCEEDED, RunStatus.FAILED)
