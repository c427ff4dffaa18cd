"""PG Pakis Baru's terms on the staff pages (domain.md 5b): a product's first-harvest quality
bands, an application's guarantor (avalis), and subsidised fertiliser handed out against a
farmer's quota. Each page shows its form with errors beside the fields; the services decide."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from credit import selectors
from credit.forms import formset_values
from credit.forms_limits import (
    FertiliserDrawForm,
    GuaranteeForm,
    QualityBandFormSet,
    band_initial,
)
from credit.models import Guarantee
from credit.permissions import CreditAction, require
from credit.selectors_limits import quotas_of
from credit.services import guarantees, limit_rules
from credit.services.fertiliser import draw_fertiliser
from credit.views._common import can, credit_staff_required
from partners import selectors as partner_selectors
from tebu_site.formatting import format_rupiah
from tebu_site.pages import add_service_errors


@credit_staff_required
def product_bands(request, pk: int):
    """The quality bands a first harvest delivered without credit is held against; managers
    edit them."""
    product = get_object_or_404(selectors.products_visible_to(request.user), pk=pk)
    formset = None
    service_errors: list[str] = []
    if request.method == "POST":
        require(request.user, CreditAction.EDIT_PRODUCT)
        formset = QualityBandFormSet(request.POST, prefix="band")
        if formset.is_valid():
            try:
                limit_rules.set_first_harvest_bands(
                    product=product, by=request.user, bands=formset_values(formset)
                )
            except ValidationError as error:
                service_errors = error.messages
            else:
                messages.success(request, _("First-harvest bands saved."))
                return redirect("credit-product-bands", pk=pk)
    if formset is None:
        formset = QualityBandFormSet(prefix="band", initial=band_initial(product))
    return render(
        request,
        "credit/product_bands.html",
        {
            "product": product,
            "formset": formset,
            "service_errors": service_errors,
            "can": can(request),
        },
        status=400 if service_errors or formset.is_bound else 200,
    )


@credit_staff_required
def application_guarantee(request, pk: int):
    """Record or change who guarantees the application."""
    application = get_object_or_404(selectors.applications_visible_to(request.user), pk=pk)
    require(request.user, CreditAction.EDIT_APPLICATION)
    existing = Guarantee.objects.filter(application=application).first()
    initial = {"kind": "mill"}
    if existing is not None:
        initial = {
            "kind": existing.kind,
            "group": existing.group_id,
            "person_name": existing.person_name,
            "person_id_number": existing.person_id_number,
            "person_relation": existing.person_relation,
            "note": existing.note,
        }
    form = GuaranteeForm(request.POST or None, application=application, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            guarantee = guarantees.record_guarantee(
                application=application, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Guarantor recorded: %(name)s. Upload the signed letter on the checklist.")
                % {"name": guarantee.guarantor_name},
            )
            return redirect("credit-application", pk=application.pk)
    return render(
        request,
        "credit/guarantee_form.html",
        {"application": application, "form": form},
        status=400 if form.is_bound else 200,
    )


@credit_staff_required
def fertiliser_draw(request, pk: int):
    """Hand out Phonska and ZA from the farmer's quota (refused above what is left)."""
    farmer = get_object_or_404(selectors.farmers_for_credit(request.user), pk=pk)
    require(request.user, CreditAction.RECORD_IN_KIND)
    quotas = quotas_of(farmer)
    seasons = partner_selectors.seasons_visible_to(request.user).filter(
        pk__in=[quota.season.pk for quota in quotas]
    )
    initial = {"season": quotas[0].season.pk} if quotas else {}
    form = FertiliserDrawForm(request.POST or None, seasons=seasons, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            draw = draw_fertiliser(by=request.user, farmer=farmer, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Fertiliser handed out to %(farmer)s; %(value)s to recover.")
                % {"farmer": farmer.name, "value": format_rupiah(draw.advance.value)},
            )
            return redirect("credit-farmer-ledger", pk=farmer.pk)
    return render(
        request,
        "credit/fertiliser_form.html",
        {"farmer": farmer, "form": form, "quotas": quotas},
        status=400 if form.is_bound else 200,
    )
