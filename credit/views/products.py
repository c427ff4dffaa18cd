"""Product settings for managers: products per mill and season with their rates, ceilings, cap,
clocks, documents and eligible partner types; the tranche template; the application windows
(their forms post to credit.views.windows); in-kind packages by band."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from credit import selectors
from credit.forms import (
    BandFormSet,
    PackageForm,
    ProductForm,
    TrancheFormSet,
    WindowExceptionForm,
    WindowFormSet,
    formset_values,
)
from credit.permissions import CreditAction, require
from credit.services import products as product_services
from credit.services import windows
from credit.views._common import can, credit_staff_required
from tebu_site.pages import add_service_errors


@credit_staff_required
def product_list(request):
    products = selectors.products_visible_to(request.user)
    packages = selectors.in_kind_packages_visible_to(request.user)
    return render(
        request,
        "credit/product_list.html",
        {"products": products, "packages": packages, "can": can(request)},
    )


@credit_staff_required
def product_form(request, pk: int | None = None):
    require(request.user, CreditAction.EDIT_PRODUCT)
    product = None
    if pk is not None:
        product = get_object_or_404(selectors.products_visible_to(request.user), pk=pk)
    form = ProductForm(request.POST or None, instance=product, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            if product is None:
                season = form.cleaned_data["season"]
                product = product_services.create_product(
                    by=request.user, mill=season.mill, season=season, **form.changes()
                )
            else:
                product_services.update_product(
                    product=product, by=request.user, changes=form.changes()
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Product %(name)s saved.") % {"name": product.name})
            return redirect("credit-product-tranches", pk=product.pk)
    return render(request, "credit/product_form.html", {"form": form, "product": product})


def product_page(
    request,
    product,
    *,
    formset=None,
    service_errors=(),
    windows_formset=None,
    exception_form=None,
    status: int = 200,
):
    """The product's page: its terms, application windows and exceptions, and the tranche
    template (editable by managers); ``formset`` / ``windows_formset`` / ``exception_form`` are
    the submitted forms when one came back with errors."""
    if formset is None:
        formset = TrancheFormSet(
            prefix="tranche",
            initial=[
                {
                    "purpose": line.purpose,
                    "crop_class": line.crop_class,
                    "amount_per_ha": line.amount_per_ha,
                    "payee": line.payee,
                    "when": line.when,
                    "days_after_approval": line.days_after_approval,
                }
                for line in product.tranche_templates.all()
            ],
        )
    product_windows = windows.windows_of(product)
    if windows_formset is None:
        windows_formset = WindowFormSet(
            prefix="window",
            initial=[
                {
                    "opens_on": w.opens_on,
                    "closes_on": w.closes_on,
                    "paid_from": w.paid_from,
                    "paid_until": w.paid_until,
                }
                for w in product_windows
            ],
        )
    if exception_form is None:
        exception_form = WindowExceptionForm(
            user=request.user, mill=product.mill, prefix="exception"
        )
    return render(
        request,
        "credit/product_detail.html",
        {
            "product": product,
            "formset": formset,
            "service_errors": service_errors,
            "windows": [(w, windows.window_text(w)) for w in product_windows],
            "open_today": windows.is_open(product, timezone.localdate()),
            "windows_formset": windows_formset,
            "exception_form": exception_form,
            "exceptions": selectors.window_exceptions_visible_to(request.user).filter(
                product=product
            ),
            "can": can(request),
        },
        status=status,
    )


@credit_staff_required
def product_tranches(request, pk: int):
    """The product's page; a POST saves the tranche template (managers)."""
    product = get_object_or_404(selectors.products_visible_to(request.user), pk=pk)
    if request.method != "POST":
        return product_page(request, product)
    require(request.user, CreditAction.EDIT_PRODUCT)
    formset = TrancheFormSet(request.POST, prefix="tranche")
    service_errors = []
    if formset.is_valid():
        try:
            product_services.set_tranche_template(
                product=product, by=request.user, lines=formset_values(formset)
            )
        except ValidationError as error:
            service_errors = error.messages
        else:
            messages.success(request, _("Tranche template saved."))
            return redirect("credit-product-tranches", pk=pk)
    return product_page(request, product, formset=formset, service_errors=service_errors)


@credit_staff_required
def package_form(request, pk: int | None = None):
    require(request.user, CreditAction.EDIT_PRODUCT)
    package = None
    initial, bands_initial = {}, []
    if pk is not None:
        package = get_object_or_404(selectors.in_kind_packages_visible_to(request.user), pk=pk)
        initial = {"season": package.season, "name": package.name, "is_free": package.is_free}
        initial.update({name: getattr(package, name) for name in PackageForm.PRICES})
        bands_initial = [
            {
                "area_from_ha": b.area_from_ha,
                "area_to_ha": b.area_to_ha,
                "seed_stalks": b.seed_stalks,
                "za_kg": b.za_kg,
                "npk_kg": b.npk_kg,
                "sp36_kg": b.sp36_kg,
            }
            for b in package.bands.all()
        ]
    data = request.POST if request.method == "POST" else None
    form = PackageForm(data, user=request.user, initial=initial)
    bands = BandFormSet(data, prefix="band", initial=bands_initial)
    service_errors = []
    if data is not None and form.is_valid() and bands.is_valid():
        season = form.cleaned_data["season"]
        try:
            package = product_services.save_in_kind_package(
                by=request.user,
                mill=season.mill,
                season=season,
                name=form.cleaned_data["name"],
                bands=formset_values(bands),
                is_free=form.cleaned_data["is_free"],
                prices=form.prices(),
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "bands" in error.error_dict:
                service_errors = [m for e in error.error_dict.pop("bands") for m in e.messages]
            if not hasattr(error, "error_dict") or error.error_dict:
                add_service_errors(form, error)
        else:
            messages.success(request, _("Package %(name)s saved.") % {"name": package.name})
            return redirect("credit-product-list")
    return render(
        request,
        "credit/package_form.html",
        {"form": form, "bands": bands, "package": package, "service_errors": service_errors},
    )
