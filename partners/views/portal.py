"""The farmer's own pages: profile, plots with their shapes and registration, contracts."""

from __future__ import annotations

from django.shortcuts import render

from partners import selectors
from tebu_site.pages import farmer_required


def _me(request):
    # Through the scoped selector like every read: a farmer login sees its own record only.
    return selectors.farmers_visible_to(request.user).first()


@farmer_required
def my_profile(request):
    farmer = _me(request)
    documents = (
        list(selectors.documents_visible_to(request.user).order_by("doc_type")) if farmer else []
    )
    return render(
        request, "partners/portal/profile.html", {"farmer": farmer, "documents": documents}
    )


@farmer_required
def my_plots(request):
    farmer = _me(request)
    plots = list(selectors.plots_visible_to(request.user).order_by("code")) if farmer else []
    steps = {}
    if plots:
        for step in selectors.steps_visible_to(request.user).filter(plot__in=plots):
            steps.setdefault(step.plot_id, []).append(step)
    for plot in plots:
        plot.step_list = steps.get(plot.pk, [])
    return render(request, "partners/portal/plots.html", {"farmer": farmer, "plots": plots})


@farmer_required
def my_contracts(request):
    farmer = _me(request)
    contracts = list(selectors.farmer_contracts(request.user, farmer)) if farmer else []
    current = selectors.current_contract(request.user, farmer) if farmer else None
    return render(
        request,
        "partners/portal/contracts.html",
        {"farmer": farmer, "contracts": contracts, "current": current},
    )
