"""Season contracts: draft, edit, the printable page (also the farmer's), sign, renew, cancel."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partners import selectors
from partners.forms import ContractForm, ReasonForm, RenewContractForm, SignContractForm
from partners.models import Season
from partners.permissions import Action, allowed_actions, require
from partners.services import contracts as services
from tebu_site.pages import add_service_errors, error_text, staff_required


@staff_required
def contract_create(request, farmer_pk: int):
    require(request.user, Action.EDIT_CONTRACT)
    farmer = get_object_or_404(selectors.farmers_visible_to(request.user), pk=farmer_pk)
    template = services.template_for(farmer.mill)
    current = Season.objects.filter(mill=farmer.mill, is_current=True).first()
    initial = {
        "season": current,
        "partner_type": farmer.partner_type,
        "partnership_pattern": template.partnership_pattern if template else None,
        "clauses": "\n".join(template.clause_list) if template else "",
    }
    form = ContractForm(request.POST or None, farmer=farmer, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contract = services.create_contract(
                by=request.user,
                farmer=farmer,
                season=data["season"],
                plots=data["plots"],
                partner_type=data["partner_type"],
                partnership_pattern=data["partnership_pattern"],
                template=template,
                clauses=data["clauses"],
                notes=data["notes"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Contract %(n)s drafted.") % {"n": contract.number})
            return redirect("contract-detail", pk=contract.pk)
    return render(
        request,
        "partners/staff/contract_form.html",
        {"form": form, "farmer": farmer, "template": template, "title": _("New season contract")},
    )


@staff_required
def contract_edit(request, pk: int):
    require(request.user, Action.EDIT_CONTRACT)
    contract = get_object_or_404(selectors.contracts_visible_to(request.user), pk=pk)
    initial = {
        "partner_type": contract.partner_type,
        "partnership_pattern": contract.partnership_pattern,
        "plots": list(contract.plots.all()),
        "clauses": "\n".join(contract.clauses),
        "notes": contract.notes,
    }
    form = ContractForm(request.POST or None, farmer=contract.farmer, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_contract(
                contract=contract,
                by=request.user,
                changes={
                    "partner_type": data["partner_type"],
                    "partnership_pattern": data["partnership_pattern"],
                    "clauses": data["clauses"],
                    "notes": data["notes"],
                },
                plots=data["plots"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("contract-detail", pk=contract.pk)
    return render(
        request,
        "partners/staff/contract_form.html",
        {
            "form": form,
            "farmer": contract.farmer,
            "contract": contract,
            "title": _("Edit contract %(n)s") % {"n": contract.number},
        },
    )


@login_required
def contract_detail(request, pk: int):
    """The contract as printed for signing; farmers see their own through the same scoping."""
    contract = get_object_or_404(selectors.contracts_visible_to(request.user), pk=pk)
    plots = list(contract.plots.all())
    context = {
        "contract": contract,
        "plots": plots,
        "total_area": sum((plot.area_ha for plot in plots), Decimal(0)),
    }
    if request.user.is_mill_staff:
        context.update(
            can=allowed_actions(request.user),
            sign_form=SignContractForm(),
            renew_form=RenewContractForm(contract=contract),
            cancel_form=ReasonForm(),
            renewals=list(contract.renewals.all()),
        )
    return render(request, "partners/contract_detail.html", context)


@staff_required
@require_POST
def contract_sign(request, pk: int):
    contract = get_object_or_404(selectors.contracts_visible_to(request.user), pk=pk)
    form = SignContractForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date the farmer signed."))
        return redirect("contract-detail", pk=pk)
    try:
        services.sign_contract(
            contract=contract, by=request.user, signed_on=form.cleaned_data["signed_on"]
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Contract %(n)s signed.") % {"n": contract.number})
    return redirect("contract-detail", pk=pk)


@staff_required
@require_POST
def contract_renew(request, pk: int):
    contract = get_object_or_404(selectors.contracts_visible_to(request.user), pk=pk)
    form = RenewContractForm(request.POST, contract=contract)
    season = form.cleaned_data["season"] if form.is_valid() else None
    try:
        renewal = services.renew_contract(contract=contract, by=request.user, season=season)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("contract-detail", pk=pk)
    messages.success(
        request,
        _("Contract %(n)s drafted from the previous season's; review it with the farmer.")
        % {"n": renewal.number},
    )
    return redirect("contract-detail", pk=renewal.pk)


@staff_required
@require_POST
def contract_cancel(request, pk: int):
    contract = get_object_or_404(selectors.contracts_visible_to(request.user), pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for cancelling."))
        return redirect("contract-detail", pk=pk)
    try:
        services.cancel_contract(
            contract=contract, by=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Contract cancelled."))
    return redirect("contract-detail", pk=pk)
