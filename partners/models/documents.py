"""Supporting documents (KTP, KK, land certificate...) kept per farmer or per plot.

Files live in private storage under random names and are served only by a view that checks the
user may see the farmer (partners.views.staff.documents.document_download), never as public media.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partners.models.farmers import Farmer
from partners.models.plots import Plot
from tebu_site.access import Scoping
from tebu_site.fields import FILE_SIZE_MAX_BYTES, RangedPositiveIntegerField
from tebu_site.models import TimeStampedModel


class DocumentType(models.TextChoices):
    KTP = "ktp", _("Identity card (KTP)")
    KK = "kk", _("Family card (KK)")
    LAND_CERTIFICATE = "land_certificate", _("Land certificate")
    LEASE = "lease", _("Land lease agreement")
    PLOT_DRAWING = "plot_drawing", _("Plot drawing")
    BANK_BOOK = "bank_book", _("Bank book")
    NPWP = "npwp", _("Tax number (NPWP)")
    SKU = "sku", _("Business statement letter (SKU)")
    MARRIAGE = "marriage", _("Marriage certificate")
    SIGNED_CONTRACT = "signed_contract", _("Signed contract")
    OTHER = "other", _("Other")


def document_path(instance: Document, filename: str) -> str:
    # A random name: the original name (often the farmer's name or NIK) is kept in a field only.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"documents/{instance.farmer_id}/{uuid.uuid4().hex}.{extension}"


class Document(TimeStampedModel):
    scoping = Scoping(mill="farmer__mill", region="farmer__region", farmer="farmer")

    farmer = models.ForeignKey(
        Farmer, on_delete=models.PROTECT, related_name="documents", verbose_name=_("farmer")
    )
    plot = models.ForeignKey(
        Plot,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("plot"),
    )
    doc_type = models.CharField(_("document type"), max_length=20, choices=DocumentType.choices)
    file = models.FileField(_("file"), upload_to=document_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size_bytes = RangedPositiveIntegerField(
        _("size (bytes)"), minimum=0, maximum=FILE_SIZE_MAX_BYTES
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["file", "content_type"])

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["farmer", "doc_type", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(verified_at__isnull=True, verified_by__isnull=True)
                | models.Q(verified_at__isnull=False, verified_by__isnull=False),
                name="document_verified_by_and_when",
                violation_error_message=_("A verified document records who verified it and when."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_doc_type_display()} · {self.farmer}"

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None
