"""Application windows on the pages: a manager sets a product's windows and records an exception
with a reason, for a farmer's next application or for a draft already entered outside the
windows. The rules and the audit are in credit.services.windows; the forms come back to the
product's page or the application's page with their errors."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from credit import selectors
from credit.forms import ReasonForm, WindowExceptionForm, WindowFormSet, formset_values
from credit.permissions import CreditAction, require
from credit.services import windows
from credit.views._common import credit_staff_required
from credit.views.applications.page import _detail, _done, _load
from credit.views.products import product_page
from tebu_site.pages import add_service_errors


def _product(request, pk: int):
    return get_object_or_404(selectors.products_visible_to(request.user), pk=pk)


@credit_staff_required
@require_POST
def product_windows(request, pk: int):
    require(request.user, CreditAction.EDIT_PRODUCT)
    product = _product(request, pk)
    formset = WindowFormSet(request.POST, prefix="window")
    if formset.is_valid():
        try:
            windows.set_application_windows(
                product=product, by=request.user, windows=formset_values(formset)
            )
        except ValidationError as error:
            formset.service_errors = error.messages
        else:
            messages.success(request, _("Application windows saved."))
            return redirect("credit-product-tranches", pk=pk)
    return product_page(request, _product(request, pk), windows_formset=formset, status=400)


@credit_staff_required
@require_POST
def product_window_exception(request, pk: int):
    """An exception for a farmer's next application to the product."""
    require(request.user, CreditAction.RECORD_WINDOW_EXCEPTION)
    product = _product(request, pk)
    form = WindowExceptionForm(
        request.POST, user=request.user, mill=product.mill, prefix="exception"
    )
    if form.is_valid():
        try:
            windows.record_window_exception(
                by=request.user,
                product=product,
                farmer=form.cleaned_data["farmer"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Exception recorded: %(farmer)s may apply to %(product)s.")
                % {"farmer": form.cleaned_data["farmer"].name, "product": product.name},
            )
            return redirect("credit-product-tranches", pk=pk)
    return product_page(request, product, exception_form=form, status=400)


@credit_staff_required
@require_POST
def application_window_exception(request, pk: int):
    """An exception for a draft entered outside the windows, so that it may be submitted."""
    require(request.user, CreditAction.RECORD_WINDOW_EXCEPTION)
    application = _load(request, pk)
    form = ReasonForm(request.POST, prefix="window-exception")
    if form.is_valid():
        try:
            windows.record_window_exception(
                by=request.user, application=application, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, application, _("Exception to the application windows recorded."))
    return _detail(request, application, bound={"window_exception": (None, form)}, status=400)
