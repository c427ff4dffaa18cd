"""Farm records (usahatani) entered by staff, often on a phone during a farm visit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from analytics.farm_income_report import comparison_lines, labour_slip_note
from analytics.farm_records import farm_records_visible_to, record_as_dict
from analytics.forms import FarmRecordForm, cost_line_formset, revenue_line_formset
from analytics.messages import explain
from analytics.methods.errors import AnalysisInputError
from analytics.methods.farm_income import farm_from_dict, farm_income
from tebu_site.models import Role

ENTRY_ROLES = (Role.FIELD_STAFF, Role.MANAGER, Role.ANALYST)


def _require_entry_role(user):
    if not user.has_role(*ENTRY_ROLES):
        raise PermissionDenied


@login_required
def farm_record_list(request):
    _require_entry_role(request.user)
    records = farm_records_visible_to(request.user).order_by("-season__name", "farmer__name")
    page = Paginator(records, 30).get_page(request.GET.get("page"))
    return render(request, "analytics/farm_record_list.html", {"page": page})


@login_required
def farm_record_edit(request, pk: int | None = None):
    _require_entry_role(request.user)
    record = get_object_or_404(farm_records_visible_to(request.user), pk=pk) if pk else None
    form = FarmRecordForm(request.POST or None, instance=record, user=request.user)
    costs = cost_line_formset()(request.POST or None, instance=record, prefix="cost")
    revenues = revenue_line_formset()(request.POST or None, instance=record, prefix="revenue")
    if request.method == "POST" and form.is_valid() and costs.is_valid() and revenues.is_valid():
        with transaction.atomic():
            record = form.save(commit=False)
            record.entered_by = record.entered_by or request.user
            record.save()
            costs.instance = revenues.instance = record
            costs.save()
            revenues.save()
        messages.success(request, _("The farm record has been saved."))
        return redirect("analytics:farm-record-detail", pk=record.pk)
    return render(
        request,
        "analytics/farm_record_form.html",
        {"form": form, "costs": costs, "revenues": revenues, "record": record},
    )


@login_required
def farm_record_detail(request, pk: int):
    _require_entry_role(request.user)
    record = get_object_or_404(
        farm_records_visible_to(request.user).prefetch_related("cost_lines", "revenue_lines"),
        pk=pk,
    )
    result, error, comparisons, labour_note = None, None, [], ""
    try:
        result = farm_income(farm_from_dict(record_as_dict(record)))
    except AnalysisInputError as problem:
        error = explain(problem.code, problem.params, str(problem))
    else:
        comparisons = comparison_lines(result.to_dict())
        labour_note = labour_slip_note(result.labour_per_family_labour_rupiah)
    return render(
        request,
        "analytics/farm_record_detail.html",
        {
            "record": record,
            "result": result,
            "error": error,
            "comparisons": comparisons,
            "labour_note": labour_note,
        },
    )
