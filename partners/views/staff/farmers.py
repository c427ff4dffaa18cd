"""Staff pages for farmers: the list with search and filters, the farmer page, registration."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partners import audit, selectors
from partners.filters import FarmerFilter
from partners.forms import FarmerForm
from partners.models import Farmer
from partners.permissions import Action, allowed_actions, require
from partners.services import farmers as services
from tebu_site.idempotency import idempotent_submission
from tebu_site.pages import (
    add_service_errors,
    error_text,
    paginate,
    query_without_page,
    staff_required,
)


@staff_required
def farmer_list(request):
    farmers = selectors.farmer_list(request.user).order_by("name", "pk")
    filterset = FarmerFilter(request.GET or None, queryset=farmers, request=request)
    page = paginate(request, filterset.qs)
    return render(
        request,
        "partners/staff/farmer_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query_without_page(request),
            "filtered": any(v for k, v in request.GET.items() if k != "page"),
            "can": allowed_actions(request.user),
        },
    )


@staff_required
def farmer_detail(request, pk: int):
    user = request.user
    farmer = get_object_or_404(selectors.farmers_visible_to(user), pk=pk)
    plots = list(selectors.plots_visible_to(user).filter(farmer=farmer).order_by("code"))
    return render(
        request,
        "partners/staff/farmer_detail.html",
        {
            "farmer": farmer,
            "plots": plots,
            "contracts": list(selectors.farmer_contracts(user, farmer)),
            "documents": list(
                selectors.documents_visible_to(user).filter(farmer=farmer).order_by("doc_type")
            ),
            "timeline": audit.farmer_timeline(farmer),
            "can": allowed_actions(user),
        },
    )


@staff_required
@idempotent_submission
def farmer_create(request):
    require(request.user, Action.EDIT_FARMER)
    form = FarmerForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        region = data.pop("region")
        try:
            farmer = services.register_farmer(
                by=request.user, mill=region.mill, region=region, **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Farmer %(name)s registered.") % {"name": farmer.name})
            return redirect("farmer-detail", pk=farmer.pk)
    return render(
        request, "partners/staff/farmer_form.html", {"form": form, "title": _("Register a farmer")}
    )


@staff_required
def farmer_edit(request, pk: int):
    require(request.user, Action.EDIT_FARMER)
    farmer = get_object_or_404(selectors.farmers_visible_to(request.user), pk=pk)
    form = FarmerForm(request.POST or None, instance=farmer, user=request.user)
    if request.method == "POST" and form.is_valid():
        fresh = Farmer.objects.get(pk=farmer.pk)  # the form has already changed `farmer`
        changes = {k: v for k, v in form.cleaned_data.items() if k in services.EDITABLE_FIELDS}
        try:
            changed = services.update_farmer(farmer=fresh, by=request.user, changes=changes)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if changed:
                messages.success(request, _("Changes saved."))
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect("farmer-detail", pk=farmer.pk)
    return render(
        request,
        "partners/staff/farmer_form.html",
        {"form": form, "farmer": farmer, "title": _("Edit farmer")},
    )


@staff_required
@require_POST
def farmer_login(request, pk: int):
    """Create the farmer's login, or issue a new first password; shown once, on this page only
    (never stored in a message cookie)."""
    farmer = get_object_or_404(selectors.farmers_visible_to(request.user), pk=pk)
    try:
        user, password = services.create_farmer_login(farmer=farmer, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("farmer-detail", pk=farmer.pk)
    response = render(
        request,
        "partners/staff/farmer_login_created.html",
        {"farmer": farmer, "username": user.username, "password": password},
    )
    response["Cache-Control"] = "no-store"
    return response
