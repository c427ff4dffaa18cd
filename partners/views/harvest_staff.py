"""Staff pages from harvest to payment: SPTAs and the cutting schedule, the weighbridge, rendemen,
settlement schemes, the DO register, batch settlement, DO actions and payments.

Thin: forms check input, partners.services.harvest / settlement write, partners.selectors_harvest
reads (scoped).
"""

from __future__ import annotations

import json
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partners import selectors
from partners import selectors_harvest as reads
from partners.filters_harvest import DeliveryOrderFilter, SptaFilter
from partners.forms_harvest import (
    AdjustForm,
    BatchSettleForm,
    DraftForm,
    PaymentForm,
    ReasonForm,
    RendemenCorrectionForm,
    RendemenForm,
    SchemeForm,
    SptaForm,
    WeighingForm,
    WeighingImportForm,
)
from partners.models import AdjustmentKind, Freshness, HarvestPolicy
from partners.permissions_harvest import HarvestAction, allowed_harvest_actions, require
from partners.services import harvest as harvest_services
from partners.services import settlement as settlement_services
from partners.statement import sections, statement_rows
from partners.views._helpers import (
    add_service_errors,
    error_text,
    paginate,
    query_without_page,
    staff_required,
)
from tebu_site.formatting import format_number

SCHEME_EXAMPLES = [
    (
        "rendemen_tier",
        {
            "kind": "rendemen_tier",
            "sharing_tiers": [
                {"rendemen_from": "0", "rendemen_to": "6", "farmer_share": "0.66", "factor": "1"},
                {
                    "rendemen_from": "6",
                    "rendemen_to": None,
                    "farmer_share": "0.70",
                    "factor": "1.003",
                },
            ],
            "auction_fraction": "0.90",
            "natura_fraction": "0.10",
            "bridging_price_per_kw": "910000",
            "profit_sharing_per_kw_auctioned": "138000",
            "natura_price_per_kw": "1105000",
            "molasses_kg_per_kw_cane": "3",
            "molasses_price_per_kg": "1200",
            "sack_fee_per_kw_auctioned": "7500",
            "cutting_fee_per_kw_cane": "5500",
            "haulage_fee_per_kw_cane": "3000",
        },
    ),
    (
        "flat_value_share",
        {
            "kind": "flat_value_share",
            "flat_farmer_share": "0.65",
            "sugar_price_per_kw": "1000000",
            "molasses_kg_per_kw_cane": "3",
            "molasses_price_per_kg": "1100",
        },
    ),
    (
        "price_per_kg",
        {"kind": "price_per_kg", "contract_price_per_kg": "380", "paid_price_per_kg": "250"},
    ),
    (
        "multi_stream",
        {
            "kind": "multi_stream",
            "stream_shares": {"harvest": "0.70", "molasses_sales": "0.60", "sugar_sales": "0.65"},
        },
    ),
]


def _can(request) -> set[str]:
    return allowed_harvest_actions(request.user)


# --- SPTA -------------------------------------------------------------------------------------


@staff_required
def spta_list(request):
    sptas = reads.sptas_visible_to(request.user).order_by("-cutting_date", "-id")
    filterset = SptaFilter(request.GET or None, queryset=sptas, request=request)
    return render(
        request,
        "partners/harvest/spta_list.html",
        {
            "filter": filterset,
            "page": paginate(request, filterset.qs),
            "query": query_without_page(request),
            "can": _can(request),
        },
    )


@staff_required
def spta_issue(request):
    require(request.user, HarvestAction.ISSUE_SPTA)
    initial = {"cutting_date": timezone.localdate(), "plot": request.GET.get("plot")}
    form = SptaForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            spta = harvest_services.issue_spta(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(n)s issued.") % {"n": spta.number})
            return redirect("spta-detail", pk=spta.pk)
    return render(request, "partners/harvest/spta_form.html", {"form": form})


@login_required
def spta_detail(request, pk: int):
    """The printable SPTA with its QR code; the farmer sees their own through the same scoping."""
    spta = get_object_or_404(reads.sptas_visible_to(request.user), pk=pk)
    weighing = reads.weighings_visible_to(request.user).filter(spta=spta).first()
    return render(
        request,
        "partners/harvest/spta_detail.html",
        {
            "spta": spta,
            "weighing": weighing,
            "events": list(reads.spta_events(request.user, spta)),
            "can": _can(request) if request.user.is_mill_staff else set(),
            "cancel_form": ReasonForm(),
            "reject_form": ReasonForm(),
        },
    )


@staff_required
@require_POST
def spta_cancel(request, pk: int):
    spta = get_object_or_404(reads.sptas_visible_to(request.user), pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for cancelling."))
        return redirect("spta-detail", pk=pk)
    try:
        harvest_services.cancel_spta(spta=spta, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("SPTA cancelled."))
    return redirect("spta-detail", pk=pk)


@staff_required
def cutting_schedule(request):
    mills = list(selectors.mills_visible_to(request.user))
    if not mills:
        raise Http404
    mill = next((m for m in mills if str(m.pk) == request.GET.get("mill")), mills[0])
    start = parse_date(request.GET.get("start") or "") or timezone.localdate()
    schedule = reads.cutting_schedule(request.user, mill=mill, start=start, days=7)
    return render(
        request,
        "partners/harvest/schedule.html",
        {
            "schedule": schedule,
            "mills": mills,
            "previous": start - timedelta(days=7),
            "next": start + timedelta(days=7),
            "can": _can(request),
        },
    )


# --- weighbridge ------------------------------------------------------------------------------


@staff_required
def weighing_entry(request):
    """The clerk's fast page: one form, focus on the SPTA number, the last loads below."""
    require(request.user, HarvestAction.WEIGH)
    # The clerk types or scans the SPTA number; the truck has just arrived.
    initial = {
        "spta_number": request.GET.get("spta", ""),
        "arrived_at": timezone.localtime().replace(second=0, microsecond=0),
    }
    form = WeighingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        number = data.pop("spta_number")
        spta = reads.sptas_visible_to(request.user).filter(number=number).first()
        if spta is None:
            form.add_error("spta_number", _("No SPTA with this number at your mill."))
        else:
            try:
                weighing = harvest_services.record_weighing(spta=spta, by=request.user, **data)
            except ValidationError as error:
                if hasattr(error, "error_dict") and "spta" in error.error_dict:
                    form.add_error("spta_number", error.error_dict.pop("spta"))
                add_service_errors(form, error)
            else:
                text = _("%(n)s: net %(net)s kg recorded.") % {
                    "n": spta.number,
                    "net": format_number(weighing.net_kg, 0),
                }
                if weighing.freshness != Freshness.FRESH:
                    text += " " + _("Cut %(hours)s hours before weighing: %(label)s.") % {
                        "hours": format_number(weighing.hours_since_cut, 1),
                        "label": weighing.get_freshness_display().lower(),
                    }
                level = (
                    messages.SUCCESS if weighing.freshness == Freshness.FRESH else messages.WARNING
                )
                messages.add_message(request, level, text)
                return redirect("weighing-entry")
    return render(
        request,
        "partners/harvest/weighing_entry.html",
        {
            "form": form,
            "recent": reads.recent_weighings(request.user),
            "can": _can(request),
            "reject_form": ReasonForm(),
        },
    )


@staff_required
def weighing_import(request):
    require(request.user, HarvestAction.WEIGH)
    form = WeighingImportForm(request.POST or None, request.FILES or None)
    mills = list(selectors.mills_visible_to(request.user))
    result = None
    if request.method == "POST" and form.is_valid() and mills:
        mill = next((m for m in mills if str(m.pk) == request.POST.get("mill")), mills[0])
        result = harvest_services.import_weighings_csv(
            by=request.user, mill=mill, text=form.cleaned_data["file"]
        )
        if result.ok:
            messages.success(
                request,
                _("%(created)s weighings imported; %(unchanged)s were already recorded.")
                % {"created": result.created, "unchanged": result.unchanged},
            )
            return redirect("weighing-entry")
    return render(
        request,
        "partners/harvest/weighing_import.html",
        {"form": form, "result": result, "mills": mills},
    )


@staff_required
@require_POST
def weighing_reject(request, pk: int):
    weighing = get_object_or_404(reads.weighings_visible_to(request.user), pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason the load is rejected."))
    else:
        try:
            harvest_services.reject_load(
                weighing=weighing, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("Load rejected; it goes back to the farmer."))
    return redirect(request.POST.get("next") or "weighing-entry")


# --- rendemen ---------------------------------------------------------------------------------


@staff_required
def rendemen_page(request):
    require(request.user, HarvestAction.RECORD_RENDEMEN)
    pending = reads.weighings_waiting_for_rendemen(request.user).order_by(
        "spta__farmer__name", "weighed_at"
    )
    form = RendemenForm(request.POST or None, weighings=pending)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            analysis = harvest_services.record_rendemen(
                by=request.user,
                weighings=list(data["weighings"]),
                readings=form.readings(),
                rendemen_percent=data["rendemen_percent"],
                direct_reason=data["direct_reason"],
                measured_at=data["measured_at"],
                sample_code=data["sample_code"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Rendemen %(r)s %% recorded.")
                % {"r": format_number(analysis.rendemen_percent, 2)},
            )
            return redirect("rendemen-page")
    recent = reads.analyses_visible_to(request.user).order_by("-measured_at", "-id")[:20]
    return render(
        request,
        "partners/harvest/rendemen.html",
        {"form": form, "pending_count": pending.count(), "recent": recent},
    )


@staff_required
def rendemen_correct(request, pk: int):
    require(request.user, HarvestAction.RECORD_RENDEMEN)
    analysis = get_object_or_404(reads.analyses_visible_to(request.user), pk=pk)
    initial = {name: getattr(analysis, name) for name in harvest_services.READING_FIELDS}
    if analysis.is_direct:
        initial.update(
            rendemen_percent=analysis.rendemen_percent, direct_reason=analysis.direct_reason
        )
    form = RendemenCorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            harvest_services.correct_rendemen(
                analysis=analysis,
                by=request.user,
                reason=data["reason"],
                readings=form.readings(),
                rendemen_percent=data["rendemen_percent"],
                direct_reason=data["direct_reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Rendemen corrected; the history keeps the old values."))
            return redirect("rendemen-page")
    return render(
        request,
        "partners/harvest/rendemen_correct.html",
        {
            "form": form,
            "analysis": analysis,
            "history": list(
                analysis.history.select_related("history_user").order_by("-history_date")
            ),
        },
    )


# --- schemes ----------------------------------------------------------------------------------


@staff_required
def scheme_list(request):
    schemes = reads.schemes_visible_to(request.user).order_by(
        "mill__name", "-season__name", "-effective_from"
    )
    return render(
        request,
        "partners/harvest/scheme_list.html",
        {"schemes": schemes, "can": _can(request)},
    )


@staff_required
def scheme_create(request):
    require(request.user, HarvestAction.EDIT_SCHEME)
    examples = [(kind, json.dumps(data, indent=2)) for kind, data in SCHEME_EXAMPLES]
    form = SchemeForm(
        request.POST or None,
        user=request.user,
        initial={"parameters": examples[0][1], "effective_from": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            scheme = settlement_services.create_scheme(
                by=request.user,
                mill=data["season"].mill,
                season=data["season"],
                name=data["name"],
                parameters=data["parameters"],
                effective_from=data["effective_from"],
                effective_to=data["effective_to"],
                price_note=data["price_note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Scheme %(name)s saved.") % {"name": scheme.name})
            return redirect("scheme-list")
    return render(
        request, "partners/harvest/scheme_form.html", {"form": form, "examples": examples}
    )


# --- DOs --------------------------------------------------------------------------------------


@staff_required
def do_register(request):
    orders = reads.do_register(request.user)
    filterset = DeliveryOrderFilter(request.GET or None, queryset=orders, request=request)
    return render(
        request,
        "partners/harvest/do_register.html",
        {
            "filter": filterset,
            "page": paginate(request, filterset.qs),
            "query": query_without_page(request),
            "filtered": any(v for k, v in request.GET.items() if k != "page"),
            "can": _can(request),
        },
    )


@staff_required
def do_overdue(request):
    """DOs unpaid beyond a threshold: each mill's payment days by default, or ?days=N."""
    raw = request.GET.get("days", "")
    days = int(raw) if raw.isdigit() else None
    orders = reads.do_register(request.user).filter(
        reads.overdue_filter(today=timezone.localdate(), days=days)
    )
    orders = orders.order_by("issued_at", "id")
    return render(
        request,
        "partners/harvest/do_overdue.html",
        {
            "page": paginate(request, orders),
            "query": query_without_page(request),
            "days": days,
            "policies": {
                p.mill_id: p
                for p in HarvestPolicy.objects.filter(
                    mill__in=selectors.mills_visible_to(request.user)
                )
            },
        },
    )


@staff_required
def do_batch(request):
    require(request.user, HarvestAction.SETTLE)
    season = selectors.seasons_visible_to(request.user).filter(is_current=True).first()
    start, end = reads.default_settlement_period(request.user, season=season)
    form = BatchSettleForm(
        request.POST or None,
        user=request.user,
        initial={"season": season, "start": start, "end": end},
    )
    result = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = settlement_services.settle_period(
                by=request.user,
                mill=data["season"].mill,
                season=data["season"],
                start=data["start"],
                end=data["end"],
                natura_consumed_kw=data["natura_consumed_kw"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
    return render(request, "partners/harvest/do_batch.html", {"form": form, "result": result})


def _detail_or_404(request, pk: int) -> reads.DoDetail:
    detail = reads.do_detail(request.user, pk)
    if detail is None:
        raise Http404
    return detail


def statement_context(detail: reads.DoDetail) -> dict:
    rows = statement_rows(detail.lines, parameters=detail.order.scheme.parameters)
    return {"detail": detail, "order": detail.order, "sections": sections(rows)}


@staff_required
def do_detail(request, pk: int):
    detail = _detail_or_404(request, pk)
    order = detail.order
    inputs = order.inputs
    initial = {
        "natura_consumed_kw": inputs.get("natura_consumed_kw", "0"),
        "credit_deductions": inputs.get("credit_deductions", []),
        "other_deductions": inputs.get("other_deductions", []),
    }
    context = statement_context(detail)
    context.update(
        can=_can(request),
        draft_form=DraftForm(initial=initial),
        adjust_form=AdjustForm(initial=initial),
        payment_form=PaymentForm(initial={"amount": detail.outstanding}),
    )
    return render(request, "partners/harvest/do_detail.html", context)


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
        lambda order, data: settlement_services.update_draft(do=order, by=request.user, **data),
        form_class=DraftForm,
        success=_("Draft settled again."),
    )


@staff_required
@require_POST
def do_issue(request, pk: int):
    return _do_action(
        request,
        pk,
        lambda order, _data: settlement_services.issue_do(do=order, by=request.user),
        success=lambda order: _("%(n)s issued.") % {"n": order.number},
    )


@staff_required
@require_POST
def do_adjust(request, pk: int):
    return _do_action(
        request,
        pk,
        lambda order, data: settlement_services.adjust_do(
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
        lambda order, data: settlement_services.record_payment(do=order, by=request.user, **data),
        form_class=PaymentForm,
        success=_("Payment recorded."),
    )


@staff_required
@require_POST
def do_delete(request, pk: int):
    return _do_action(
        request,
        pk,
        lambda order, _data: settlement_services.delete_draft(do=order, by=request.user),
        success=_("Draft deleted; its deliveries can be settled again."),
        to="do-register",
    )
