"""Farmers' and plots' supporting documents (KTP, KK, land certificate...)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partners.models import Document, Farmer, Plot
from partners.permissions import Action, require
from partners.validators import validate_document_file
from tebu_site.services import require_visible, save_with_history

CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}


@transaction.atomic
def upload_document(
    *, by, farmer: Farmer, doc_type: str, file, plot: Plot | None = None, note: str = ""
) -> Document:
    require(by, Action.UPLOAD_DOCUMENT)
    require_visible(by, farmer)
    if plot is not None and plot.farmer_id != farmer.pk:
        raise ValidationError({"plot": [_("The plot belongs to another farmer.")]})
    try:
        extension = validate_document_file(file)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    original_name = str(file.name).replace("\\", "/").rsplit("/", 1)[-1][:200]
    document = Document(
        farmer=farmer,
        plot=plot,
        doc_type=doc_type,
        original_name=original_name,
        content_type=CONTENT_TYPES[extension],
        size_bytes=file.size,
        note=note.strip(),
        uploaded_by=by,
    )
    document.file.save(original_name, file, save=False)
    document.full_clean()
    save_with_history(document, by)
    return document


@transaction.atomic
def verify_document(*, document: Document, by) -> Document:
    """Staff compared the file with the original paper: record who and when."""
    require(by, Action.VERIFY_DOCUMENT)
    require_visible(by, document)
    if document.is_verified:
        return document
    document.verified_by = by
    document.verified_at = timezone.now()
    save_with_history(document, by)
    return document
