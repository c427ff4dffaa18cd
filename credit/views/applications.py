"""The application: the phone form (with the ceiling computed and shown), its page with steps,
documents, interview, plot visit, collateral, tranches, repayments and history, and the workflow
buttons. Every write goes through credit.services; every read is scoped by credit.selectors."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from credit import selectors
from credit.forms import (
    AddTrancheForm,
    ApplicantForm,
    ApplicationForm,
    ApproveForm,
    CollateralFormSet,
    DocumentUploadForm,
    InterviewForm,
    NoteForm,
    PlotVisitForm,
    RdkkFormSet,
    ReasonForm,
    TranchePaidForm,
    formset_values,
)
from credit.models import ApplicationStatus, DocumentStatus
from credit.permissions import CreditAction, may, require
from credit.selectors_pages import application_timeline, contracted_plots_for
from credit.services import applications as application_services
from credit.services import disbursements as disbursement_services
from credit.services import documents as document_services
from credit.services import workflow
from credit.views._common import can, credit_staff_required, next_steps
from tebu_site.files import private_file_response
from tebu_site.formatting import format_number, format_rupiah
from tebu_site.pages import add_service_errors, error_text

S = ApplicationStatus

# --- the ceiling ------------------------------------------------------------------------------


def _ceiling_view(farmer, product, lines, requested, exclude=None) -> dict:
    """The ceiling of (crop class, area) lines and, when the amount asked is more, the reason."""
    ceiling = selectors.ceiling_for(
        farmer=farmer, product=product, plot_lines=lines, exclude=exclude
    )
    reason = ""
    if requested is not None and requested > 0:
        reason = application_services.refusal_reason(ceiling, requested, product)
    return {"ceiling": ceiling, "reason": reason, "ceiling_detail": _ceiling_detail(ceiling)}


def _ceiling_detail(ceiling) -> str:
    text = _("%(area)s ha × the rate per crop class = %(amount)s") % {
        "area": format_number(ceiling.financed_area_ha, 4),
        "amount": format_rupiah(ceiling.by_area),
    }
    if ceiling.limited_by == "cap":
        text += " · " + _("limited by the cap per farmer (%(room)s left)") % {
            "room": format_rupiah(ceiling.cap_room)
        }
    elif ceiling.limited_by == "limit":
        text += " · " + _("limited by the credit limit (%(limit)s)") % {
            "limit": format_rupiah(ceiling.limit)
        }
    if ceiling.unfinanced_classes:
        text += " · " + _("a crop class ticked is not financed by this product")
    return text


def _lines_from(data, plots) -> list[tuple[str, Decimal]]:
    """Ticked plots of a (possibly incomplete) form, leniently: for the live ceiling."""
    lines = []
    for plot in plots:
        if not data.get(f"plot_{plot.pk}"):
            continue
        try:
            area = Decimal(str(data.get(f"area_{plot.pk}") or plot.area_ha).replace(",", "."))
        except InvalidOperation:
            continue
        if area <= 0:
            continue
        lines.append((data.get(f"class_{plot.pk}") or plot.crop_class, min(area, plot.area_ha)))
    return lines


def _parse_amount(raw) -> Decimal | None:
    """A number input sends "66300000" or "66300000.50"; a typed "66.300.000" is read too."""
    text = str(raw or "").strip()
    for candidate in (text, text.replace(".", "").replace(",", ".")):
        try:
            return Decimal(candidate) if candidate else None
        except InvalidOperation:
            continue
    return None


@credit_staff_required
def ceiling_json(request):
    """The live ceiling for the application form (a small fetch, no page reload)."""
    farmer = get_object_or_404(
        selectors.farmers_for_credit(request.user), pk=_pk(request, "farmer")
    )
    product = get_object_or_404(
        selectors.products_visible_to(request.user), pk=_pk(request, "product")
    )
    exclude = None
    if request.GET.get("application"):
        exclude = get_object_or_404(
            selectors.applications_visible_to(request.user), pk=_pk(request, "application")
        )
    plots = list(contracted_plots_for(request.user, farmer, product.season))
    requested = _parse_amount(request.GET.get("requested_amount"))
    view = _ceiling_view(farmer, product, _lines_from(request.GET, plots), requested, exclude)
    ceiling = view["ceiling"]
    return JsonResponse(
        {
            "amount": str(ceiling.amount),
            "amount_text": format_rupiah(ceiling.amount),
            "by_area_text": format_rupiah(ceiling.by_area),
            "detail": view["ceiling_detail"],
            "limited_by": ceiling.limited_by,
            "reason": view["reason"],
        }
    )


def _pk(request, name: str) -> int:
    raw = request.GET.get(name, "")
    if not raw.isdigit():
        raise Http404
    return int(raw)


# --- the form ---------------------------------------------------------------------------------


def _application_form_page(request, *, farmer, product, application=None):
    """Create (application None) or edit: the plots, the amount with the ceiling, RDKK lines,
    collateral. "Check ceiling" recomputes it without saving."""
    plots = list(contracted_plots_for(request.user, farmer, product.season))
    if application is not None:
        selected = {
            line.plot_id: (line.crop_class, line.area_ha) for line in application.plot_lines.all()
        }
        initial = {
            "requested_amount": application.requested_amount,
            "declares_no_bank_loan": application.declares_no_bank_loan,
            "notes": application.notes,
        }
        rdkk_initial = [
            {"item": r.item, "quantity": r.quantity, "unit": r.unit, "amount": r.amount}
            for r in application.rdkk_lines.all()
        ]
        collateral_initial = [
            {
                "kind": c.kind,
                "owner_name": c.owner_name,
                "value": c.value,
                "description": c.description,
            }
            for c in application.collateral_items.all()
        ]
    else:
        selected, initial, rdkk_initial, collateral_initial = None, {}, [], []
    data = request.POST if request.method == "POST" else None
    form = ApplicationForm(data, plots=plots, selected=selected, initial=initial)
    rdkk = RdkkFormSet(data, prefix="rdkk", initial=rdkk_initial)
    collateral = CollateralFormSet(data, prefix="collateral", initial=collateral_initial)
    if data is not None:
        lines = _lines_from(data, plots)
        requested = _parse_amount(data.get("requested_amount"))
    elif application is not None:
        lines = [(c, a) for c, a in selected.values()]
        requested = application.requested_amount
    else:
        lines = [(plot.crop_class, plot.area_ha) for plot in plots]
        requested = None
    ceiling = _ceiling_view(farmer, product, lines, requested, exclude=application)
    valid = data is not None and all(f.is_valid() for f in (form, rdkk, collateral))
    if valid and request.POST.get("action") == "check":
        if ceiling["reason"]:
            form.add_error("requested_amount", ceiling["reason"])
    elif valid:
        fields = {
            "plots": form.plot_lines(),
            "requested_amount": form.cleaned_data["requested_amount"],
            "declares_no_bank_loan": form.cleaned_data["declares_no_bank_loan"],
            "rdkk_lines": formset_values(rdkk),
            "collateral": formset_values(collateral),
            "notes": form.cleaned_data["notes"],
        }
        try:
            if application is None:
                application = application_services.create_application(
                    by=request.user, farmer=farmer, product=product, **fields
                )
                messages.success(
                    request, _("Application %(n)s saved as a draft.") % {"n": application.number}
                )
            else:
                application_services.update_application(
                    application=application, by=request.user, **fields
                )
                messages.success(request, _("Application saved."))
        except ValidationError as error:
            _service_errors(form, rdkk, collateral, error)
        else:
            return redirect("credit-application", pk=application.pk)
    return render(
        request,
        "credit/application_form.html",
        {
            "form": form,
            "rdkk": rdkk,
            "collateral": collateral,
            "farmer": farmer,
            "product": product,
            "application": application,
            "plots": plots,
            **ceiling,
        },
    )


def _service_errors(form, rdkk, collateral, error: ValidationError) -> None:
    """Plot errors go above the plot list, RDKK and collateral errors above their formsets."""
    if hasattr(error, "error_dict"):
        errors = dict(error.error_dict)
        form.plot_errors = [m for e in errors.pop("plots", []) for m in e.messages]
        rdkk.service_errors = [m for e in errors.pop("rdkk_lines", []) for m in e.messages]
        collateral.service_errors = [m for e in errors.pop("collateral", []) for m in e.messages]
        if errors:
            add_service_errors(form, ValidationError(errors))
    else:
        add_service_errors(form, error)


@credit_staff_required
def application_new(request):
    require(request.user, CreditAction.EDIT_APPLICATION)
    if "farmer" in request.GET and "product" in request.GET:
        applicant = ApplicantForm(request.GET, user=request.user)
    else:  # from a farmer's ledger: the farmer chosen, the product still to choose
        applicant = ApplicantForm(user=request.user, initial=request.GET.dict())
    if not applicant.is_bound or not applicant.is_valid():
        return render(request, "credit/application_start.html", {"form": applicant})
    return _application_form_page(
        request, farmer=applicant.cleaned_data["farmer"], product=applicant.cleaned_data["product"]
    )


@credit_staff_required
def application_edit(request, pk: int):
    require(request.user, CreditAction.EDIT_APPLICATION)
    application = get_object_or_404(selectors.application_detail_queryset(request.user), pk=pk)
    if not application.is_editable:
        messages.error(
            request,
            _("Application %(number)s is %(status)s and can no longer be changed.")
            % {"number": application.number, "status": application.get_status_display()},
        )
        return redirect("credit-application", pk=pk)
    return _application_form_page(
        request, farmer=application.farmer, product=application.product, application=application
    )


# --- the page ---------------------------------------------------------------------------------

MOVE_FORMS = {
    S.APPROVED: ApproveForm,
    S.REJECTED: ReasonForm,
    S.IN_DEFAULT: ReasonForm,
}
MOVE_LABELS = {
    S.SUBMITTED: _("Submit"),
    S.DOCUMENTS_COMPLETE: _("Mark documents complete"),
    S.VERIFIED: _("Record verification"),
    S.APPROVED: _("Approve"),
    S.REJECTED: _("Reject"),
    S.IN_DEFAULT: _("Declare in default"),
}


def _moves(user, application) -> list[str]:
    return [
        to
        for to, (sources, action) in workflow.MOVES.items()
        if application.status in sources and may(user, action)
    ]


def _detail(request, application, *, bound: dict | None = None, status: int = 200):
    """The application page; ``bound`` replaces one default form with the submitted one (errors
    beside its fields): {"move": (to, form)} / {"upload": (doc pk, form)} / ..."""
    bound = bound or {}
    user = request.user
    today = timezone.localdate()

    def pick(kind, key, default):
        hit = bound.get(kind)
        return hit[1] if hit and hit[0] == key else default

    moves = []
    for to in _moves(user, application):
        form_class = MOVE_FORMS.get(to, NoteForm)
        initial = {}
        if to == S.APPROVED:
            initial = {
                "amount": application.requested_amount,
                "approved_on": today,
            }
        moves.append(
            {
                "to": to,
                "label": MOVE_LABELS.get(to, to),
                "form": pick("move", to, form_class(initial=initial, prefix=f"move-{to}")),
                "danger": to in (S.REJECTED, S.IN_DEFAULT),
            }
        )
    documents = [
        {
            "doc": doc,
            "upload": pick("upload", doc.pk, DocumentUploadForm(prefix=f"doc-{doc.pk}")),
            "reject": pick("reject", doc.pk, ReasonForm(prefix=f"reject-{doc.pk}")),
        }
        for doc in application.documents.all()
    ]
    tranches = [
        {
            "t": tranche,
            "state": tranche.state,
            "form": pick(
                "paid",
                tranche.pk,
                TranchePaidForm(
                    prefix=f"paid-{tranche.pk}",
                    initial={"paid_on": today, "amount": tranche.planned_amount},
                ),
            ),
        }
        for tranche in application.disbursements.all()
    ]
    repayments = list(
        application.allocations.select_related("repayment__delivery_order").order_by(
            "repayment__paid_on", "id"
        )
    )
    position = selectors.loan_position(application, today) if application.approved_amount else None
    ceiling = selectors.ceiling_of_application(application) if application.is_editable else None
    interview_initial = {
        "held_on": application.interview_on,
        "skipped": application.interview_skipped,
        "notes": application.interview_notes,
    }
    visit_initial = {
        "visited_on": application.plot_visit_on,
        "report": application.plot_visit_report,
    }
    steps = selectors.steps_of(application, today)
    threshold = application.product.max_days_for(application.status)
    current_days = steps[-1].days if steps else 0
    context = {
        "application": application,
        "product": application.product,
        "steps": steps,
        "next_steps": next_steps(application.status),
        "threshold": threshold,
        "current_overdue": threshold is not None and current_days > threshold,
        "verified_count": sum(
            1 for d in application.documents.all() if d.status == DocumentStatus.VERIFIED
        ),
        "ceiling": ceiling,
        "position": position,
        "moves": moves,
        "documents": documents,
        "docs_open": application.status in (S.DRAFT, S.SUBMITTED, S.DOCUMENTS_COMPLETE),
        "tranches": tranches,
        "repayments": repayments,
        "collateral_total": sum((c.value for c in application.collateral_items.all()), Decimal(0)),
        "interview_form": bound.get("interview", (None, InterviewForm(initial=interview_initial)))[
            1
        ],
        "visit_form": bound.get("visit", (None, PlotVisitForm(initial=visit_initial)))[1],
        "add_tranche_form": bound.get("add_tranche", (None, AddTrancheForm()))[1],
        "timeline": application_timeline(application),
        "can": can(request),
        "today": today,
    }
    return render(request, "credit/application_detail.html", context, status=status)


def _load(request, pk: int):
    return get_object_or_404(selectors.application_detail_queryset(request.user), pk=pk)


@credit_staff_required
def application_detail(request, pk: int):
    return _detail(request, _load(request, pk))


def _done(request, application, text):
    messages.success(request, text)
    return redirect("credit-application", pk=application.pk)


@credit_staff_required
@require_POST
def application_move(request, pk: int, to: str):
    application = _load(request, pk)
    if to not in workflow.MOVES:
        raise Http404
    form_class = MOVE_FORMS.get(to, NoteForm)
    form = form_class(request.POST, prefix=f"move-{to}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            if to == S.SUBMITTED:
                workflow.submit_application(
                    application=application, by=request.user, note=data["note"]
                )
            elif to == S.DOCUMENTS_COMPLETE:
                workflow.mark_documents_complete(
                    application=application, by=request.user, note=data["note"]
                )
            elif to == S.VERIFIED:
                workflow.verify_application(
                    application=application, by=request.user, note=data["note"]
                )
            elif to == S.APPROVED:
                workflow.approve_application(
                    application=application,
                    by=request.user,
                    amount=data["amount"],
                    approved_on=data["approved_on"],
                    note=data["note"],
                )
            elif to == S.REJECTED:
                workflow.reject_application(
                    application=application, by=request.user, reason=data["reason"]
                )
            else:
                workflow.declare_default(
                    application=application, by=request.user, reason=data["reason"]
                )
        except ValidationError as error:
            # Errors about this small form's fields go beside them, the others above it.
            add_service_errors(form, error)
        else:
            label = ApplicationStatus(to).label
            return _done(
                request, application, _("Application is now: %(status)s.") % {"status": label}
            )
    return _detail(request, _load(request, pk), bound={"move": (to, form)}, status=400)


# --- documents --------------------------------------------------------------------------------


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


# --- interview, plot visit, tranches ----------------------------------------------------------


@credit_staff_required
@require_POST
def interview(request, pk: int):
    application = _load(request, pk)
    form = InterviewForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            application_services.record_interview(
                application=application,
                by=request.user,
                held_on=data["held_on"],
                notes=data["notes"],
                skipped=data["skipped"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, application, _("Interview recorded."))
    return _detail(request, application, bound={"interview": (None, form)}, status=400)


@credit_staff_required
@require_POST
def plot_visit(request, pk: int):
    application = _load(request, pk)
    form = PlotVisitForm(request.POST)
    if form.is_valid():
        try:
            application_services.record_plot_visit(
                application=application, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, application, _("Plot visit recorded."))
    return _detail(request, application, bound={"visit": (None, form)}, status=400)


@credit_staff_required
@require_POST
def tranche_paid(request, pk: int):
    tranche = get_object_or_404(selectors.disbursements_visible_to(request.user), pk=pk)
    form = TranchePaidForm(request.POST, prefix=f"paid-{pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            disbursement_services.record_tranche_paid(
                disbursement=tranche,
                by=request.user,
                paid_on=data["paid_on"],
                amount=data["amount"],
                reference=data["reference"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(
                request,
                tranche.application,
                _("Tranche %(n)s recorded as paid.") % {"n": tranche.order},
            )
    return _detail(
        request, _load(request, tranche.application_id), bound={"paid": (pk, form)}, status=400
    )


@credit_staff_required
@require_POST
def tranche_add(request, pk: int):
    application = _load(request, pk)
    if not may(request.user, CreditAction.DISBURSE):
        raise PermissionDenied
    form = AddTrancheForm(request.POST)
    if form.is_valid():
        try:
            disbursement_services.add_tranche(
                application=application, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, application, _("Tranche added."))
    return _detail(request, application, bound={"add_tranche": (None, form)}, status=400)
