"""Reads for the partnership, each already narrowed to what the user may see."""

from __future__ import annotations

from django.db.models import Count, QuerySet, Sum

from partners.models import Farmer, Mill, Plot, Region, Season
from tebu_site.access import scope_for


def mills_visible_to(user) -> QuerySet[Mill]:
    return scope_for(user, Mill.objects.select_related("company"))


def regions_visible_to(user) -> QuerySet[Region]:
    return scope_for(user, Region.objects.select_related("mill"))


def seasons_visible_to(user) -> QuerySet[Season]:
    return scope_for(user, Season.objects.select_related("mill"))


def farmers_visible_to(user) -> QuerySet[Farmer]:
    return scope_for(
        user, Farmer.objects.select_related("mill", "region", "desa__kecamatan", "group")
    )


def plots_visible_to(user) -> QuerySet[Plot]:
    return scope_for(user, Plot.objects.select_related("farmer", "mill", "desa__kecamatan"))


def staff_overview(user) -> dict:
    """Counts for a staff member's home page, over what they may see."""
    farmers = farmers_visible_to(user)
    plots = plots_visible_to(user)
    plot_totals = plots.aggregate(count=Count("id"), area=Sum("area_ha"))
    return {
        "farmer_count": farmers.count(),
        "plot_count": plot_totals["count"],
        "plot_area_ha": plot_totals["area"],
        "mills": list(mills_visible_to(user)),
        "regions": list(regions_visible_to(user)),
        "by_partner_type": list(
            farmers.values("partner_type").annotate(count=Count("id")).order_by("partner_type")
        ),
    }
