"""Settlement scheme pages: the mill's schemes and a new one, with worked examples of each kind of
scheme the studies describe (domain.md 5b).
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from harvest import selectors as reads
from harvest.forms import (
    SchemeForm,
)
from harvest.permissions import HarvestAction, allowed_harvest_actions, require
from harvest.services.schemes import create_scheme
from tebu_site.pages import (
    add_service_errors,
    staff_required,
)

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
        # Profit sharing computed from the auction price recorded for the period: the farmer's
        # share of the gain above the bridging price, at least 60 % (Permentan 245/2011).
        "rendemen_tier + profit_sharing_farmer_share",
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
            "profit_sharing_farmer_share": "1",
            "natura_price_per_kw": "1105000",
            "molasses_kg_per_kw_cane": "3",
            "molasses_price_per_kg": "1200",
            "sack_fee_per_kw_auctioned": "7500",
        },
    ),
    (
        # Relative quality payment: the sugar is shared on the mill's average rendemen of the
        # period plus half of the farmer's distance from it (South Africa's RV, Australia's CCS).
        "flat_value_share + relative_quality_share",
        {
            "kind": "flat_value_share",
            "flat_farmer_share": "0.65",
            "sugar_price_per_kw": "1000000",
            "molasses_kg_per_kw_cane": "3",
            "molasses_price_per_kg": "1100",
            "relative_quality_share": "0.5",
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
        {
            "kind": "price_per_kg",
            "contract_price_per_kg": "380",
            "below_standard_price_per_kg": "250",
            "quality_standards": {
                "min_age_months": "12",
                "min_stalk_height_cm": "200",
                "min_variety_purity_percent": "95",
            },
        },
    ),
    (
        "multi_stream",
        {
            "kind": "multi_stream",
            "stream_shares": {"harvest": "0.70", "molasses_sales": "0.60", "sugar_sales": "0.65"},
            "stream_sources": {
                "harvest": {"from": "weighings", "price_per_kw_cane": "40000"},
                "molasses_sales": {"from": "sales", "basis": "cane"},
                "sugar_sales": {"from": "sales", "basis": "hablur"},
            },
        },
    ),
]


# --- schemes ----------------------------------------------------------------------------------


@staff_required
def scheme_list(request):
    schemes = reads.schemes_visible_to(request.user).order_by(
        "mill__name", "-season__name", "-effective_from"
    )
    return render(
        request,
        "harvest/staff/scheme_list.html",
        {"schemes": schemes, "can": allowed_harvest_actions(request.user)},
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
            scheme = create_scheme(
                by=request.user,
                mill=data["season"].mill,
                season=data["season"],
                name=data["name"],
                parameters=data["parameters"],
                effective_from=data["effective_from"],
                effective_to=data["effective_to"],
                price_note=data["price_note"],
                final_rendemen_basis=data["final_rendemen_basis"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Scheme %(name)s saved.") % {"name": scheme.name})
            return redirect("scheme-list")
    return render(request, "harvest/staff/scheme_form.html", {"form": form, "examples": examples})
