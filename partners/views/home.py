from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from partners import selectors
from partners.models import PartnerType


@login_required
def home(request):
    user = request.user
    if user.is_farmer:
        farmer = getattr(user, "farmer", None)
        plots = selectors.plots_visible_to(user) if farmer else []
        return render(request, "partners/home_farmer.html", {"farmer": farmer, "plots": plots})
    overview = selectors.staff_overview(user)
    labels = dict(PartnerType.choices)
    for row in overview["by_partner_type"]:
        row["label"] = labels.get(row["partner_type"], row["partner_type"])
    return render(request, "partners/home_staff.html", {"overview": overview})
