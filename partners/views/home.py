from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from partners import selectors
from partners.models import PartnerType, RegistrationStatus
from partners.permissions import allowed_actions
from tebu_site.home_cards import farmer_cards, staff_cards
from tebu_site.navigation import home_actions_for


@login_required
def home(request):
    user = request.user
    if user.is_farmer:
        farmer = getattr(user, "farmer", None)
        plots = selectors.plots_visible_to(user).order_by("code") if farmer else []
        contract = selectors.current_contract_glance(user, farmer) if farmer else None
        return render(
            request,
            "partners/home_farmer.html",
            {
                "farmer": farmer,
                "plots": plots,
                "contract": contract,
                "cards": farmer_cards(user) if farmer else [],
            },
        )
    overview = selectors.staff_overview(user)
    labels = dict(PartnerType.choices)
    for row in overview["by_partner_type"]:
        row["label"] = labels.get(row["partner_type"], row["partner_type"])
    status_labels = dict(RegistrationStatus.choices)
    for row in overview["by_registration_status"]:
        row["label"] = status_labels.get(row["registration_status"], row["registration_status"])
    return render(
        request,
        "partners/home_staff.html",
        {
            "overview": overview,
            "can": allowed_actions(user),
            "cards": staff_cards(user),
            "actions": home_actions_for(user),
        },
    )
