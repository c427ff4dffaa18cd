"""The application's document checklist: upload a file for a line, verify it, or reject it with
the reason (the farmer then brings a better copy)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from credit.models import ApplicationDocument, DocumentStatus
from credit.permissions import CreditAction, require
from partners.services.documents import CONTENT_TYPES
from partners.validators import validate_document_file
from tebu_site.services import require_visible, save_with_history

# Documents are checked until the bank or cooperative has verified the application.
_OPEN_FOR_DOCUMENTS = ("draft", "submitted", "documents_complete")


def _locked(document: ApplicationDocument) -> ApplicationDocument:
    document = (
        ApplicationDocument.objects.select_for_update()
        .select_related("application")
        .get(pk=document.pk)
    )
    if document.application.status not in _OPEN_FOR_DOCUMENTS:
        raise ValidationError(
            _("The application is %(status)s: its documents can no longer be changed.")
            % {"status": document.application.get_status_display()}
        )
    return document


@transaction.atomic
def upload_application_document(*, document: ApplicationDocument, by, file) -> ApplicationDocument:
    """Attach a file (PDF, JPG or PNG) to a checklist line; a new upload replaces a rejected or
    unchecked one and waits to be checked again."""
    require(by, CreditAction.UPLOAD_DOCUMENT)
    require_visible(by, document)
    document = _locked(document)
    if document.status == DocumentStatus.VERIFIED:
        raise ValidationError(_("This document is already verified."))
    try:
        extension = validate_document_file(file)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    original_name = str(file.name).replace("\\", "/").rsplit("/", 1)[-1][:200]
    document.file.save(original_name, file, save=False)
    document.original_name = original_name
    document.content_type = CONTENT_TYPES[extension]
    document.size_bytes = file.size
    document.uploaded_by = by
    document.uploaded_at = timezone.now()
    document.status = DocumentStatus.UPLOADED
    document.checked_by = None
    document.checked_at = None
    document.rejection_reason = ""
    save_with_history(document, by)
    return document


@transaction.atomic
def verify_application_document(*, document: ApplicationDocument, by) -> ApplicationDocument:
    """Staff compared the file with the original paper."""
    require(by, CreditAction.CHECK_DOCUMENT)
    require_visible(by, document)
    document = _locked(document)
    if document.status != DocumentStatus.UPLOADED:
        raise ValidationError(
            _("Only an uploaded document that waits for checking can be verified.")
        )
    document.status = DocumentStatus.VERIFIED
    document.checked_by = by
    document.checked_at = timezone.now()
    save_with_history(document, by)
    return document


@transaction.atomic
def reject_application_document(
    *, document: ApplicationDocument, by, reason: str
) -> ApplicationDocument:
    require(by, CreditAction.CHECK_DOCUMENT)
    require_visible(by, document)
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Say what is wrong with the document.")]})
    document = _locked(document)
    if document.status not in (DocumentStatus.UPLOADED, DocumentStatus.VERIFIED):
        raise ValidationError(_("There is no uploaded file to reject."))
    document.status = DocumentStatus.REJECTED
    document.rejection_reason = reason.strip()
    document.checked_by = by
    document.checked_at = timezone.now()
    save_with_history(document, by)
    return document
