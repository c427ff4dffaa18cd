"""Bulk import (CSV/XLSX, dry run first, then all-or-nothing) and export of what the user sees."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from partners import imports, selectors
from partners.filters import FarmerFilter, PlotFilter
from partners.forms import ImportForm
from partners.permissions import Action, require
from tebu_site.pages import staff_required

SESSION_KEY = "registry_import"
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@staff_required
def import_page(request):
    """First a dry run that lists every row's errors; when the file is clean it is kept aside
    and one more click imports it for real, all or nothing."""
    require(request.user, Action.IMPORT)
    form = ImportForm()
    report = None
    staged = request.session.get(SESSION_KEY)
    if request.method == "POST" and request.POST.get("confirm") and staged:
        if request.POST.get("confirm") != staged["token"]:
            messages.error(request, _("This import has expired; upload the file again."))
            return redirect("registry-import")
        with default_storage.open(staged["path"], "rb") as handle:
            content = handle.read()
        report = _run(request, staged["kind"], staged["name"], content, dry_run=False)
        default_storage.delete(staged["path"])
        del request.session[SESSION_KEY]
        if report and report.committed:
            messages.success(
                request,
                _("Imported: %(c)s new, %(u)s changed, %(n)s unchanged.")
                % {"c": report.created, "u": report.updated, "n": report.unchanged},
            )
        staged = None
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read()
            kind = form.cleaned_data["kind"]
            report = _run(request, kind, upload.name, content, dry_run=True)
            _discard(request)
            staged = None
            if report and report.ok and (report.created or report.updated):
                extension = upload.name.rsplit(".", 1)[-1].lower()
                path = default_storage.save(
                    f"import-staging/{uuid.uuid4().hex}.{extension}", ContentFile(content)
                )
                staged = {
                    "token": uuid.uuid4().hex,
                    "path": path,
                    "kind": kind,
                    "name": upload.name,
                    "at": timezone.now().isoformat(),
                }
                request.session[SESSION_KEY] = staged
    return render(
        request,
        "partners/staff/import.html",
        {"form": form, "report": report, "staged": staged},
    )


def _run(request, kind, name, content, *, dry_run):
    try:
        return imports.import_file(
            by=request.user, kind=kind, name=name, content=content, dry_run=dry_run
        )
    except imports.ImportFileError as error:
        messages.error(request, str(error))
        return None


def _discard(request) -> None:
    staged = request.session.pop(SESSION_KEY, None)
    if staged:
        default_storage.delete(staged["path"])


def _file_response(dataset, kind: str, file_format: str) -> HttpResponse:
    file_format = file_format if file_format in CONTENT_TYPES else "csv"
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(
        imports.export_bytes(dataset, file_format), content_type=CONTENT_TYPES[file_format]
    )
    response["Content-Disposition"] = f'attachment; filename="{kind}-{stamp}.{file_format}"'
    response["Cache-Control"] = "private, no-store"
    return response


@staff_required
def farmer_export(request):
    """The farmers of the list page, with its filters, as CSV or XLSX."""
    require(request.user, Action.EXPORT)
    farmers = FarmerFilter(
        request.GET or None, queryset=selectors.farmers_visible_to(request.user), request=request
    ).qs
    return _file_response(imports.farmer_dataset(farmers), "farmers", request.GET.get("format"))


@staff_required
def plot_export(request):
    require(request.user, Action.EXPORT)
    plots = PlotFilter(
        request.GET or None, queryset=selectors.plots_visible_to(request.user), request=request
    ).qs
    return _file_response(imports.plot_dataset(plots), "plots", request.GET.get("format"))
