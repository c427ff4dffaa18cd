"""Staff DO pages: the register, overdue DOs, batch settlement, a DO's page and its actions (draft
changes, issue, audited adjustment, payment, deletion of a draft). Thin: forms check input,
harvest.services write, harvest.selectors read.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from harvest import selectors as reads
from harvest.filters import DeliveryOrderFilter
from harvest.forms import (
    AdjustForm,
    BatchSettleForm,
    CompensationPaidForm,
    DraftForm,
    OverdueFilterForm,
    PaymentForm,
    PromiseForm,
)
from harvest.models import AdjustmentKind, RunStatus
from harvest.permissions import HarvestAction, allowed_harvest_actions, may, require
from harvest.services.delivery_orders import (
    adjust_do,
    issue_do,
    promise_payment,
    record_payment,
)
from harvest.services.late_payment import record_compensation_paid
from harvest.services.settlement import delete_draft, update_draft
from harvest.services.settlement_issue import drafts_left, request_issue
from harvest.services.settlement_runs import request_settlement
from harvest.services.summaries import ensure_summaries
from harvest.statement import statement_context
from harvest.views.staff.register_rows import format_rows
from partners import selectors
from tebu_site.pages import (
    add_service_errors,
    error_text,
    query_without_page,
    staff_required,
)
from tebu_site.pagination import paginate_without_count

# A run's page lists its first drafts; all of them are in the register's drafts.
RUN_DRAFTS_SHOWN = 100

# --- DOs --------------------------------------------------------------------------------------


def register_page(request, orders):
    """A page of a register's DOs, with each row formatted once (format_rows)."""
    page = paginate_without_count(request, reads.register_rows(orders))
    page.rows = format_rows(page.object_list)
    return page


@staff_required
def do_register(request):
    orders = reads.do_register(request.user)
    filterset = DeliveryOrderFilter(request.GET or None, queryset=orders, request=request)
    filtered = any(v for k, v in request.GET.items() if k != "page")
    # A mill's season is tens of thousands of DOs: pages without a count, and the total from
    # the maintained summaries when the register is not filtered.
    totals = None
    if not filtered:
        ensure_summaries(selectors.mills_visible_to(request.user).values_list("pk", flat=True))
        totals = reads.do_totals(request.user)
    return render(
        request,
        "harvest/staff/do_register.html",
        {
            "filter": filterset,
            "page": register_page(request, filterset.qs),
            "totals": totals,
            "query": query_without_page(request),
            "filtered": filtered,
            "can": allowed_harvest_actions(request.user),
        },
    )


@staff_required
def do_overdue(request):
    """DOs unpaid beyond a threshold: each mill's payment days by default, or ?days=N."""
    form = OverdueFilterForm(request.GET)
    days = form.days_or_none()
    overdue = reads.overdue_filter(today=timezone.localdate(), days=days)
    orders = reads.do_register(request.user).filter(overdue).order_by("issued_at", "id")
    return render(
        request,
        "harvest/staff/do_overdue.html",
        {
            "page": register_page(request, orders),
            "total": reads.overdue_count(request.user, overdue),
            "query": query_without_page(request),
            "days": days,
            "form": form,
        },
    )


@staff_required
def do_batch(request):
    """Ask for a batch settlement of a period; a worker drafts the DOs (a mill's week takes
    longer than a request may), and the run's page follows it."""
    require(request.user, HarvestAction.SETTLE)
    season = selectors.seasons_visible_to(request.user).filter(is_current=True).first()
    start, end = reads.default_settlement_period(request.user, season=season)
    form = BatchSettleForm(
        request.POST or None,
        user=request.user,
        initial={"season": season, "start": start, "end": end},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run = request_settlement(
                by=request.user,
                season=data["season"],
                start=data["start"],
                end=data["end"],
                natura_consumed_kw=data["natura_consumed_kw"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("do-batch-run", pk=run.pk)
    return render(
        request,
        "harvest/staff/do_batch.html",
        {"form": form, "runs": reads.settlement_runs(request.user)[:5]},
    )


@staff_required
def do_batch_run(request, pk: int):
    run = get_object_or_404(reads.settlement_runs(request.user), pk=pk)
    may_issue = (
        run.status == RunStatus.DONE
        and not run.is_issuing
        and may(request.user, HarvestAction.SETTLE)
    )
    return render(
        request,
        "harvest/staff/do_batch_run.html",
        {
            "run": run,
            "drafts": reads.run_drafts(request.user, run)[:RUN_DRAFTS_SHOWN],
            "drafts_left": drafts_left(run).count() if may_issue else 0,
        },
    )


@staff_required
@require_POST
def do_batch_issue(request, pk: int):
    """Issue the run's reviewed drafts at once: a worker issues each, the run's page follows."""
    run = get_object_or_404(reads.settlement_runs(request.user), pk=pk)
    try:
        request_issue(by=request.user, run=run)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("do-batch-run", pk=run.pk)


def _detail_or_404(request, pk: int) -> reads.DoDetail:
    detail = reads.do_detail(request.user, pk)
    if detail is None:
        raise Http404
    return detail


@staff_required
def do_detail(request, pk: int):
    detail = _detail_or_404(request, pk)
    order = detail.order
    inputs = order.inputs
    initial = {
        "natura_consumed_kw": inputs.get("natura_consumed_kw", "0"),
        "credit_deductions": inputs.get("credit_deductions", []),
        "other_deductions": inputs.get("other_deductions", []),
        "stream_corrections": inputs.get("stream_corrections", {}),
    }
    draft_form, adjust_form = DraftForm(initial=initial), AdjustForm(initial=initial)
    if not order.scheme.parameters.get("stream_sources"):
        # Only streams fed from weighings and sales are corrected by hand.
        del draft_form.fields["stream_corrections"], adjust_form.fields["stream_corrections"]
    context = statement_context(detail)
    context.update(
        can=allowed_harvest_actions(request.user),
        draft_form=draft_form,
        adjust_form=adjust_form,
        payment_form=PaymentForm(initial={"amount": detail.outstanding}),
        compensation_form=CompensationPaidForm(),
        promise_form=PromiseForm(),
    )
    return render(request, "harvest/staff/do_detail.html", context)


def _redirect_with_errors(request, pk: int, error: ValidationError):
    messages.error(request, error_text(error))
    return redirect("do-detail", pk=pk)


def _do_action(request, pk: int, act, *, form_class=None, success, to: str = "do-detail"):
    """One DO action from the DO page: the scoped DO, the form (if any) validated, the service
    called; its refusal comes back on the DO page, its success (text, or a function of the DO)
    where ``to`` says."""
    order = get_object_or_404(reads.do_register(request.user), pk=pk)
    data = {}
    if form_class is not None:
        form = form_class(request.POST)
        if not form.is_valid():
            return _redirect_with_errors(request, pk, ValidationError(form.errors.as_data()))
        data = dict(form.cleaned_data)
    try:
        act(order, data)
    except ValidationError as error:
        return _redirect_with_errors(request, pk, error)
    messages.success(request, success(order) if callable(success) else success)
    return redirect(to, pk=pk) if to == "do-detail" else redirect(to)


@staff_required
@require_POST
def do_update_draft(request, pk: int):
    return _do_action(
        request,
        pk,
        lambda order, data: update_draft(do=order, by=request.user, **data),
        form_class=DraftForm,
        success=_("Draft settled again."),
    )


@staff_required
@require_POST
def do_issue(request, pk: int):
    return _do_action(
        request,
        pk,
        lambda order, _data: issue_do(do=order, by=request.user),
        success=lambda order: _("%(n)s issued.") % {"n": order.number},
    )


@staff_required
@require_POST
def do_adjust(request, pk: int):
    return _do_action(
        request,
        pk,
        lambda order, data: adjust_do(
            do=order, by=request.user, kind=AdjustmentKind.DEDUCTIONS, **data
        ),
        form_class=AdjustForm,
        success=_("Adjustment recorded."),
    )


@staff_required
@require_POST
def do_payment(request, pk: int):
    return _do_action(
        request,
        pk,
        lambda order, data: record_payment(do=order, by=request.user, **data),
        form_class=PaymentForm,
        success=_("Payment recorded."),
    )


@staff_required
@require_POST
def do_promise(request, pk: int):
    return _do_action(
        request,
        pk,
        lambda order, data: promise_payment(do=order, by=request.user, **data),
        form_class=PromiseForm,
        success=_("New payment date recorded; the farmer is told."),
    )


@staff_required
@require_POST
def do_compensation_paid(request, pk: int):
    return _do_action(
        request,
        pk,
        lambda order, data: record_compensation_paid(do=order, by=request.user, **data),
        form_class=CompensationPaidForm,
        success=_("Compensation for paying late recorded as paid."),
    )


@staff_required
@require_POST
def do_delete(request, pk: int):
    return _do_action(
        request,
        pk,
        lambda order, _data: delete_draft(do=order, by=request.user),
        success=_("Draft deleted; its deliveries can be settled again."),
        to="do-register",
    )
