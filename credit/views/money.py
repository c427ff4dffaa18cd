"""Money outside the tranches: a repayment paid directly, in-kind advances (the package of the
farmer's area band, tractor hire, haulage), and a farmer's ledger as staff see it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from credit import selectors
from credit.forms import InKindAdvanceForm, InKindPackageGiveForm, RepaymentForm, band_label
from credit.permissions import CreditAction, require
from credit.services import in_kind as in_kind_services
from credit.services import repayments as repayment_services
from credit.views._common import can, credit_staff_required, ledger_context
from tebu_site import params
from tebu_site.formatting import format_rupiah
from tebu_site.pages import add_service_errors


def _initial_farmer(request) -> dict:
    farmer = params.read_object(request.GET, "farmer", selectors.farmers_for_credit(request.user))
    return {"farmer": farmer} if farmer is not None else {}


@credit_staff_required
def repayment_new(request):
    require(request.user, CreditAction.RECORD_REPAYMENT)
    form = RepaymentForm(request.POST or None, user=request.user, initial=_initial_farmer(request))
    if request.method == "POST" and form.is_valid():
        try:
            repayment = repayment_services.record_repayment(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Repayment of %(amount)s recorded.")
                % {"amount": format_rupiah(repayment.amount, 2)},
            )
            return redirect("credit-farmer-ledger", pk=repayment.farmer_id)
    return render(request, "credit/repayment_form.html", {"form": form})


@credit_staff_required
def in_kind_new(request):
    """Two small forms: the package of the farmer's band, or another advance at its value."""
    require(request.user, CreditAction.RECORD_IN_KIND)
    initial = _initial_farmer(request)
    which = request.POST.get("which") if request.method == "POST" else None
    package_form = InKindPackageGiveForm(
        request.POST if which == "package" else None, user=request.user, initial=initial
    )
    advance_form = InKindAdvanceForm(
        request.POST if which == "advance" else None, user=request.user, initial=initial
    )
    form = package_form if which == "package" else advance_form if which == "advance" else None
    if form is not None and form.is_valid():
        try:
            if which == "package":
                advance = in_kind_services.give_in_kind_package(
                    by=request.user, **form.cleaned_data
                )
            else:
                advance = in_kind_services.record_in_kind_advance(
                    by=request.user, **form.cleaned_data
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            text = _("%(what)s recorded for %(farmer)s: %(value)s to recover.") % {
                "what": advance.get_kind_display(),
                "farmer": advance.farmer.name,
                "value": format_rupiah(advance.value),
            }
            if advance.band_id:
                text += " " + _("Band %(band)s.") % {"band": band_label(advance.band)}
            messages.success(request, text)
            return redirect("credit-farmer-ledger", pk=advance.farmer_id)
    packages = selectors.in_kind_packages_visible_to(request.user)
    return render(
        request,
        "credit/in_kind_form.html",
        {"package_form": package_form, "advance_form": advance_form, "packages": packages},
    )


@credit_staff_required
def farmer_ledger(request, pk: int):
    farmer = get_object_or_404(selectors.farmers_for_credit(request.user), pk=pk)
    ledger = selectors.ledger_for(request.user, farmer)
    if ledger is None:
        raise Http404
    return render(
        request,
        "credit/farmer_ledger.html",
        {"farmer": farmer, "can": can(request), **ledger_context(ledger)},
    )
