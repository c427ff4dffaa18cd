"""Documents: upload, verify, and the only way a file leaves the server (download)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partners import selectors
from partners.forms import DocumentForm
from partners.permissions import Action, require
from partners.services import documents as services
from tebu_site import params
from tebu_site.files import private_file_response
from tebu_site.pages import add_service_errors, error_text, staff_required


@staff_required
def document_upload(request, farmer_pk: int):
    require(request.user, Action.UPLOAD_DOCUMENT)
    farmer = get_object_or_404(selectors.farmers_visible_to(request.user), pk=farmer_pk)
    initial = {"plot": params.read_object(request.GET, "plot", farmer.plots.all())}
    form = DocumentForm(request.POST or None, request.FILES or None, farmer=farmer, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.upload_document(
                by=request.user,
                farmer=farmer,
                plot=data["plot"],
                doc_type=data["doc_type"],
                file=data["file"],
                note=data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Document uploaded."))
            if data["plot"]:
                return redirect("plot-detail", pk=data["plot"].pk)
            return redirect("farmer-detail", pk=farmer.pk)
    return render(request, "partners/staff/document_form.html", {"form": form, "farmer": farmer})


@login_required
def document_download(request, pk: int):
    """Serve a document to a user who may see its farmer (scope_for), and to no one else:
    documents are never exposed as public media URLs."""
    document = get_object_or_404(selectors.documents_visible_to(request.user), pk=pk)
    return private_file_response(
        document.file,
        as_attachment=request.GET.get("inline") != "1",
        filename=document.original_name,
        content_type=document.content_type,
    )


@staff_required
@require_POST
def document_verify(request, pk: int):
    document = get_object_or_404(selectors.documents_visible_to(request.user), pk=pk)
    try:
        services.verify_document(document=document, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Document marked as verified."))
    if request.POST.get("next") == "plot" and document.plot_id:
        return redirect("plot-detail", pk=document.plot_id)
    return redirect("farmer-detail", pk=document.farmer_id)
