"""An application's documents: uploading a file, verifying or rejecting it, and the scoped
download that is the only way the file leaves the server. Kept apart because documents have their
own permissions (any user who may see the farmer may download) and their own service.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from credit import selectors
from credit.forms import DocumentUploadForm, ReasonForm
from credit.models import DocumentStatus
from credit.services import documents as document_services
from credit.views._common import credit_staff_required
from credit.views.applications.page import _detail, _done, _load
from tebu_site.files import private_file_response
from tebu_site.pages import add_service_errors, error_text


def _document(request, pk: int):
    return get_object_or_404(selectors.application_documents_visible_to(request.user), pk=pk)


@credit_staff_required
@require_POST
def document_upload(request, pk: int):
    document = _document(request, pk)
    form = DocumentUploadForm(request.POST, request.FILES, prefix=f"doc-{pk}")
    if form.is_valid():
        try:
            document_services.upload_application_document(
                document=document, by=request.user, file=form.cleaned_data["file"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(
                request, document.application, _("%(name)s uploaded.") % {"name": document.name}
            )
    return _detail(
        request, _load(request, document.application_id), bound={"upload": (pk, form)}, status=400
    )


@credit_staff_required
@require_POST
def document_verify(request, pk: int):
    document = _document(request, pk)
    try:
        document_services.verify_application_document(document=document, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("credit-application", pk=document.application_id)
    return _done(request, document.application, _("%(name)s verified.") % {"name": document.name})


@credit_staff_required
@require_POST
def document_reject(request, pk: int):
    document = _document(request, pk)
    form = ReasonForm(request.POST, prefix=f"reject-{pk}")
    if form.is_valid():
        try:
            document_services.reject_application_document(
                document=document, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(
                request, document.application, _("%(name)s rejected.") % {"name": document.name}
            )
    return _detail(
        request, _load(request, document.application_id), bound={"reject": (pk, form)}, status=400
    )


@login_required
def document_download(request, pk: int):
    """The only way an application's file leaves the server: to users who may see its farmer."""
    document = _document(request, pk)
    if document.status == DocumentStatus.MISSING:
        raise Http404
    return private_file_response(
        document.file,
        as_attachment=request.GET.get("inline") != "1",
        filename=document.original_name or "document",
        content_type=document.content_type,
    )
