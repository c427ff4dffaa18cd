"""The application form on a phone: starting an application (farmer and product), creating or
editing it with its plots, amount, RDKK lines and collateral, and the ceiling computed from the
ticked plots and shown beside the amount, also live through a small JSON view while the form is
filled in. Kept apart from the application page because the form and its ceiling are the part
field staff use most and change most.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from credit import selectors
from credit.forms import (
    ApplicantForm,
    ApplicationForm,
    CollateralFormSet,
    RdkkFormSet,
    formset_values,
)
from credit.permissions import CreditAction, require
from credit.selectors_pages import contracted_plots_for
from credit.services import applications as application_services
from credit.services import windows
from credit.views._common import credit_staff_required
from tebu_site import params
from tebu_site.formatting import format_number, format_rupiah
from tebu_site.forms import normalise_decimal_mark, normalise_rupiah
from tebu_site.idempotency import idempotent_submission
from tebu_site.pages import add_service_errors

# An area financed, in hectares: more than any plot (the plot's own area cuts it), 4 decimals.
AREA_MIN, AREA_MAX = Decimal("0.0001"), Decimal("100000")


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
    """Ticked plots of a (possibly incomplete) form, leniently: for the live ceiling. An area
    left empty is the plot's, one larger is cut to it, one that is no area (NaN, 1e999999) leaves
    the plot out."""
    lines = []
    for plot in plots:
        if not data.get(f"plot_{plot.pk}"):
            continue
        raw = normalise_decimal_mark(str(data.get(f"area_{plot.pk}") or plot.area_ha))
        area = params.read_decimal(
            {"area": raw}, "area", min_value=AREA_MIN, max_value=AREA_MAX, decimal_places=4
        )
        if area is None:
            continue
        lines.append((data.get(f"class_{plot.pk}") or plot.crop_class, min(area, plot.area_ha)))
    return lines


def _parse_amount(raw) -> Decimal | None:
    """The amount as typed: "66.300.000", "Rp 66.300.000" or "66300000" (the form field's own
    reading). Not an amount (NaN, inf, 1e999999, more than a money column holds): None."""
    return params.read_money({"amount": normalise_rupiah(str(raw or ""))}, "amount")


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
    pk = params.read_id(request.GET, name)
    if pk is None:
        raise Http404
    return pk


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
@idempotent_submission
def application_new(request):
    require(request.user, CreditAction.EDIT_APPLICATION)
    if "farmer" in request.GET and "product" in request.GET:
        applicant = ApplicantForm(request.GET, user=request.user)
    else:  # from a farmer's ledger: the farmer chosen, the product still to choose
        applicant = ApplicantForm(user=request.user, initial=request.GET.dict())
    if applicant.is_bound and applicant.is_valid():
        # Outside the product's windows, say so before the form is filled in (the service
        # refuses the save as well).
        refusal, _exception = windows.check_window(
            product=applicant.cleaned_data["product"],
            farmer=applicant.cleaned_data["farmer"],
            on=timezone.localdate(),
        )
        if refusal:
            applicant.add_error("product", refusal)
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
