"""A farmer's credit application and everything it carries: the plots financed, the RDKK plan,
collateral, the document checklist, the interview and plot visit, and every step it took.

An approved application is the loan: its disbursements and repayments hang from it."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from credit.models.products import AREA_HA, CreditProduct
from partners.models import CropClass, Farmer, Plot, Season
from tebu_site.access import Scoping
from tebu_site.fields import (
    FILE_SIZE_MAX_BYTES,
    MoneyField,
    RangedDecimalField,
    RangedPositiveIntegerField,
    RangedPositiveSmallIntegerField,
)
from tebu_site.models import TimeStampedModel

FARMER_SCOPING = Scoping(mill="farmer__mill", region="farmer__region", farmer="farmer")
VIA_APPLICATION = Scoping(
    mill="application__farmer__mill",
    region="application__farmer__region",
    farmer="application__farmer",
)


# An RDKK line's quantity: kg, litres, stalks or days of work.
QUANTITY = {"max_digits": 14, "decimal_places": 3, "minimum": Decimal(0), "maximum": Decimal(10**9)}


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    DOCUMENTS_COMPLETE = "documents_complete", _("Documents complete")
    VERIFIED = "verified", _("Verified by the bank or cooperative")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    DISBURSING = "disbursing", _("Being paid out")
    ACTIVE = "active", _("Paid out, being repaid")
    REPAID = "repaid", _("Repaid")
    IN_DEFAULT = "in_default", _("In default")


# The workflow in order (domain.md 4); rejected ends it from any step before approval.
PIPELINE_STEPS = (
    ApplicationStatus.DRAFT,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.DOCUMENTS_COMPLETE,
    ApplicationStatus.VERIFIED,
    ApplicationStatus.APPROVED,
    ApplicationStatus.DISBURSING,
    ApplicationStatus.ACTIVE,
)
# Loans: money was or will be paid out and is owed until repaid.
OPEN_LOAN_STATUSES = (
    ApplicationStatus.APPROVED,
    ApplicationStatus.DISBURSING,
    ApplicationStatus.ACTIVE,
    ApplicationStatus.IN_DEFAULT,
)
# Steps in which the application is still being decided and may be edited by staff.
EDITABLE_STATUSES = (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED)
CLOSED_STATUSES = (ApplicationStatus.REJECTED, ApplicationStatus.REPAID)


class CreditApplication(TimeStampedModel):
    """One farmer's application for one product in one season; once approved, the loan."""

    scoping = FARMER_SCOPING

    number = models.CharField(_("application number"), max_length=40)
    farmer = models.ForeignKey(Farmer, on_delete=models.PROTECT, related_name="credit_applications")
    season = models.ForeignKey(Season, on_delete=models.PROTECT, related_name="credit_applications")
    product = models.ForeignKey(
        CreditProduct, on_delete=models.PROTECT, related_name="applications"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
    )
    status_changed_at = models.DateTimeField(_("in this step since"))
    requested_amount = MoneyField(_("amount asked"))
    ceiling_amount = MoneyField(
        _("ceiling"),
        help_text=_("Computed when the application was last saved."),
    )
    approved_amount = MoneyField(_("approved amount"), null=True, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    declares_no_bank_loan = models.BooleanField(_("declares no unsettled bank loan"), default=False)
    # PKBL interview (often skipped for trusted farmers: the skip and its reason are recorded).
    interview_on = models.DateField(_("interviewed on"), null=True, blank=True)
    interview_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("interviewed by"),
    )
    interview_notes = models.TextField(_("interview notes"), blank=True)
    interview_skipped = models.BooleanField(_("interview skipped"), default=False)
    # Plot visit with a signed report (PKBL; plot check by the mill for KUR).
    plot_visit_on = models.DateField(_("plot visited on"), null=True, blank=True)
    plot_visit_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("plot visited by"),
    )
    plot_visit_report = models.TextField(_("plot visit report"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("entered by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("credit application")
        verbose_name_plural = _("credit applications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["season", "number"], name="credit_application_number_unique_per_season"
            ),
            models.CheckConstraint(
                condition=models.Q(requested_amount__gt=0),
                name="credit_requested_positive",
                violation_error_message=_("The amount asked must be more than Rp 0."),
            ),
            models.CheckConstraint(
                condition=models.Q(approved_amount__isnull=True) | models.Q(approved_amount__gt=0),
                name="credit_approved_positive",
                violation_error_message=_("The approved amount must be more than Rp 0."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="rejected") | ~models.Q(rejection_reason=""),
                name="credit_rejected_has_reason",
                violation_error_message=_(
                    "A rejected application needs the reason for the rejection."
                ),
            ),
        ]
        indexes = [models.Index(fields=["status", "status_changed_at"], name="credit_app_step_idx")]

    def __str__(self) -> str:
        return self.number

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_loan(self) -> bool:
        return self.status in OPEN_LOAN_STATUSES or self.status == ApplicationStatus.REPAID


class WindowException(TimeStampedModel):
    """A manager's decision to take one farmer's application for a product outside the
    product's application windows, with the reason; who recorded it and when are kept here and in
    the audit history. It is used by one application: the one it was recorded on, or the next
    one entered for that farmer and product."""

    scoping = FARMER_SCOPING

    product = models.ForeignKey(
        CreditProduct,
        on_delete=models.PROTECT,
        related_name="window_exceptions",
        verbose_name=_("product"),
    )
    farmer = models.ForeignKey(
        Farmer,
        on_delete=models.PROTECT,
        related_name="credit_window_exceptions",
        verbose_name=_("farmer"),
    )
    application = models.OneToOneField(
        CreditApplication,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="window_exception",
        verbose_name=_("application"),
    )
    reason = models.TextField(_("reason"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("application window exception")
        verbose_name_plural = _("application window exceptions")
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(reason=""),
                name="credit_window_exception_has_reason",
                violation_error_message=_("An exception to the application window needs a reason."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} · {self.farmer}"


class ApplicationPlot(models.Model):
    """A plot financed by the application, with the crop class and area the ceiling uses."""

    scoping = VIA_APPLICATION

    application = models.ForeignKey(
        CreditApplication, on_delete=models.CASCADE, related_name="plot_lines"
    )
    plot = models.ForeignKey(Plot, on_delete=models.PROTECT, related_name="credit_lines")
    crop_class = models.CharField(_("crop class"), max_length=2, choices=CropClass.choices)
    area_ha = RangedDecimalField(_("area financed (ha)"), **AREA_HA)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("financed plot")
        verbose_name_plural = _("financed plots")
        ordering = ["application", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "plot"], name="credit_plot_once_per_application"
            ),
            models.CheckConstraint(
                condition=models.Q(area_ha__gt=0),
                name="credit_plot_area_gt_0",
                violation_error_message=_("The area financed must be more than 0 ha."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} {self.plot}"


class RdkkLine(models.Model):
    """A line of the RDKK (the farmer group's definitive needs plan) the credit finances."""

    scoping = VIA_APPLICATION

    application = models.ForeignKey(
        CreditApplication, on_delete=models.CASCADE, related_name="rdkk_lines"
    )
    item = models.CharField(_("item"), max_length=200)
    quantity = RangedDecimalField(
        _("quantity"),
        max_digits=14,
        decimal_places=3,
        minimum=Decimal(0),
        maximum=Decimal(1_000_000_000),
    )
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    amount = MoneyField(_("amount"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("RDKK line")
        verbose_name_plural = _("RDKK lines")
        ordering = ["application", "id"]

    def __str__(self) -> str:
        return self.item


class CollateralKind(models.TextChoices):
    LAND_CERTIFICATE = "land_certificate", _("Land certificate")
    VEHICLE_TITLE = "vehicle_title", _("Vehicle title (BPKB)")
    OTHER = "other", _("Other")


class CollateralItem(models.Model):
    scoping = VIA_APPLICATION

    application = models.ForeignKey(
        CreditApplication, on_delete=models.CASCADE, related_name="collateral_items"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CollateralKind.choices)
    owner_name = models.CharField(_("owner"), max_length=200)
    description = models.CharField(_("description"), max_length=300, blank=True)
    value = MoneyField(_("value"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("collateral item")
        verbose_name_plural = _("collateral items")
        ordering = ["application", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.owner_name}"


class DocumentStatus(models.TextChoices):
    MISSING = "missing", _("Not yet uploaded")
    UPLOADED = "uploaded", _("Uploaded, to be checked")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


def application_document_path(instance: ApplicationDocument, filename: str) -> str:
    # A random name: the original (often the farmer's name or NIK) is kept in a field only.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"credit/{instance.application_id}/{uuid.uuid4().hex}.{extension}"


class ApplicationDocument(TimeStampedModel):
    """One line of the application's checklist (copied from the product's required documents),
    with the uploaded file once there is one. Files are served only through a scoped view."""

    scoping = VIA_APPLICATION

    application = models.ForeignKey(
        CreditApplication, on_delete=models.CASCADE, related_name="documents"
    )
    name = models.CharField(_("document"), max_length=200)
    order = RangedPositiveSmallIntegerField(_("order"), default=0, maximum=1000)
    status = models.CharField(
        _("status"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.MISSING
    )
    file = models.FileField(
        _("file"), upload_to=application_document_path, max_length=200, blank=True
    )
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size_bytes = RangedPositiveIntegerField(
        _("size (bytes)"), null=True, blank=True, minimum=0, maximum=FILE_SIZE_MAX_BYTES
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)

    history = HistoricalRecords(excluded_fields=["file", "content_type"])

    class Meta:
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")
        ordering = ["application", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "name"], name="credit_document_once_per_application"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="rejected") | ~models.Q(rejection_reason=""),
                name="credit_document_rejected_has_reason",
                violation_error_message=_(
                    "A rejected document needs the reason for the rejection."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.name}"


class StatusChange(models.Model):
    """One step of the workflow: who moved the application from which status to which, when."""

    scoping = VIA_APPLICATION

    application = models.ForeignKey(
        CreditApplication, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=ApplicationStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=ApplicationStatus.choices)
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["application", "at", "id"]

    def __str__(self) -> str:
        return f"{self.application}: {self.from_status} → {self.to_status}"
