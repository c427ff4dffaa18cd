"""The application's page and its workflow buttons: steps and how long each took, documents,
interview and plot visit, collateral, tranches, repayments and history, with the moves the user
may make (submit, documents complete, verify, approve, reject, declare in default). The other
application views render this page again with their submitted form when it has errors, so the
page builder and the small helpers they share live here.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from credit import selectors
from credit.forms import (
    AddTrancheForm,
    ApproveForm,
    DocumentUploadForm,
    InterviewForm,
    NoteForm,
    PlotVisitForm,
    ReasonForm,
    TranchePaidForm,
)
from credit.models import ApplicationStatus, DocumentStatus, WindowException
from credit.permissions import may
from credit.selectors_limits import limit_panel
from credit.selectors_pages import application_timeline
from credit.selectors_plans import unplanned_amount
from credit.services import approvals, windows, workflow
from credit.services.plans import unplanned_message
from credit.views._common import can, credit_staff_required, next_steps
from partners.services.approvals import refusal_for
from tebu_site.pages import add_service_errors

S = ApplicationStatus

MOVE_FORMS = {
    S.REJECTED: ReasonForm,
    S.IN_DEFAULT: ReasonForm,
}
MOVE_LABELS = {
    S.SUBMITTED: _("Submit"),
    S.DOCUMENTS_COMPLETE: _("Mark documents complete"),
    S.VERIFIED: _("Record verification"),
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
        moves.append(
            {
                "to": to,
                "label": MOVE_LABELS.get(to, to),
                "form": pick("move", to, form_class(prefix=f"move-{to}")),
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
    # Approved money no tranche pays out is shown, with the add-tranche form filled in for it.
    unplanned = unplanned_amount(application)
    unplanned_text = (
        unplanned_message(
            approved=application.approved_amount, planned=application.approved_amount - unplanned
        )
        if unplanned > 0
        else ""
    )
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
    # Outside the product's application windows a draft cannot be submitted without a
    # manager's exception: say so on the page, with the form to record one.
    window_exception = WindowException.objects.filter(application=application).first()
    window_refusal = ""
    if application.status == S.DRAFT:
        window_refusal, _exception = windows.check_window(
            product=application.product,
            farmer=application.farmer,
            on=today,
            application=application,
        )
    # The approval chain: each step, where it waits, and the form for whoever may take it (the
    # last step, the decision, asks the approved amount).
    chain = approvals.application_chain_state(application)
    refusal = refusal_for(chain, user, makers=approvals.application_makers(application))
    take_form = None
    if chain.is_last_waiting and not refusal:
        take_form = bound.get("chain", (None, None))[1] or ApproveForm(
            prefix="chain", initial={"amount": application.requested_amount, "approved_on": today}
        )
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
        "add_tranche_form": bound.get(
            "add_tranche",
            (None, AddTrancheForm(initial={"planned_amount": unplanned} if unplanned else None)),
        )[1],
        "unplanned_message": unplanned_text,
        "window_exception": window_exception,
        "window_refusal": window_refusal,
        "window_exception_form": bound.get(
            "window_exception", (None, ReasonForm(prefix="window-exception"))
        )[1],
        "timeline": application_timeline(application),
        "chain": chain,
        "can_take": chain.waiting is not None and not refusal,
        "refusal": refusal,
        "take_form": take_form,
        "limit_panel": limit_panel(application),
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
