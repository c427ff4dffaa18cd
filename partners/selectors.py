"""Reads for the partnership, each already narrowed to what the user may see."""

from __future__ import annotations

from django.db.models import (
    Count,
    DecimalField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from partners.models import (
    ContractStatus,
    Desa,
    Document,
    Farmer,
    FarmerGroup,
    Mill,
    Plot,
    PlotOverlap,
    PlotRegistrationStep,
    Region,
    Season,
    SeasonContract,
)
from tebu_site.access import scope_for
from tebu_site.scope_figures import scope_figures


def mills_visible_to(user) -> QuerySet[Mill]:
    return scope_for(user, Mill.objects.select_related("company"))


def regions_visible_to(user) -> QuerySet[Region]:
    return scope_for(user, Region.objects.select_related("mill"))


def seasons_visible_to(user) -> QuerySet[Season]:
    return scope_for(user, Season.objects.select_related("mill"))


def groups_visible_to(user) -> QuerySet[FarmerGroup]:
    return scope_for(user, FarmerGroup.objects.select_related("mill"))


def desa_of_visible_farmers(user) -> QuerySet[Desa]:
    """Villages where the user's farmers live (reference data is not scoped; this keeps the
    filter list short and relevant)."""
    return (
        Desa.objects.filter(pk__in=farmers_visible_to(user).values("desa"))
        .select_related("kecamatan")
        .order_by("name")
    )


def farmers_visible_to(user) -> QuerySet[Farmer]:
    return scope_for(
        user, Farmer.objects.select_related("mill", "region", "desa__kecamatan", "group")
    )


def farmer_list(user) -> QuerySet[Farmer]:
    """Farmers with their plot count and area, in one query whatever the page size. Each as a
    subquery on the plots' farmer index, not a join grouped by farmer: counting a search's
    farmers for the page's total then reads the farmers alone (issue 18)."""
    plots = Plot.objects.filter(farmer=OuterRef("pk")).order_by().values("farmer")
    return farmers_visible_to(user).annotate(
        plot_count=Coalesce(Subquery(plots.annotate(n=Count("id")).values("n")), 0),
        plot_area_ha=Coalesce(
            Subquery(plots.annotate(area=Sum("area_ha")).values("area")),
            Value(0),
            output_field=DecimalField(max_digits=12, decimal_places=4),
        ),
    )


def plots_visible_to(user) -> QuerySet[Plot]:
    return scope_for(
        user,
        Plot.objects.select_related("farmer__region", "mill", "desa__kecamatan"),
    )


def contracts_visible_to(user) -> QuerySet[SeasonContract]:
    return scope_for(
        user,
        SeasonContract.objects.select_related(
            "farmer__region", "farmer__desa__kecamatan__kabupaten", "mill__company", "season"
        ).prefetch_related(Prefetch("plots", queryset=Plot.objects.order_by("code"))),
    )


def documents_visible_to(user) -> QuerySet[Document]:
    return scope_for(
        user,
        Document.objects.select_related("farmer", "plot", "uploaded_by", "verified_by"),
    )


def steps_visible_to(user) -> QuerySet[PlotRegistrationStep]:
    return scope_for(user, PlotRegistrationStep.objects.select_related("by")).order_by("at", "id")


def steps_of(plot: Plot) -> QuerySet[PlotRegistrationStep]:
    return plot.registration_steps.select_related("by").order_by("at", "id")


def overlaps_of(plot: Plot) -> QuerySet[PlotOverlap]:
    return plot.overlaps.select_related("other_plot__mill", "released_by").order_by(
        "other_plot__code"
    )


def farmer_contracts(user, farmer: Farmer) -> QuerySet[SeasonContract]:
    return contracts_visible_to(user).filter(farmer=farmer).order_by("-season__name")


def _current_of(contracts: QuerySet[SeasonContract]) -> SeasonContract | None:
    """The contract of the mill's current season, else the latest signed one, in one query."""
    return (
        contracts.exclude(status=ContractStatus.CANCELLED)
        .filter(Q(season__is_current=True) | Q(status=ContractStatus.SIGNED))
        .order_by("-season__is_current", "-season__name", "-id")
        .first()
    )


def current_contract(user, farmer: Farmer) -> SeasonContract | None:
    """The contract of the mill's current season, else the latest signed one."""
    return _current_of(farmer_contracts(user, farmer))


def current_contract_glance(user, farmer: Farmer) -> SeasonContract | None:
    """The same contract with only what the farmer's home card shows (season, status, date):
    one query, without the plots, clauses and addresses of the contract page (issue 18)."""
    return _current_of(
        scope_for(user, SeasonContract.objects.filter(farmer=farmer))
        .select_related("season")
        .only("id", "status", "signed_on", "season__name", "season__is_current")
    )


def staff_overview(user) -> dict:
    """Counts for a staff member's home page, over what they may see. The counts are kept a
    short while per scope (tebu_site.scope_figures): they run over every farmer and plot of a
    mill."""

    def counts() -> dict:
        farmers = farmers_visible_to(user)
        plots = plots_visible_to(user)
        plot_totals = plots.aggregate(count=Count("id"), area=Sum("area_ha"))
        return {
            "farmer_count": farmers.count(),
            "plot_count": plot_totals["count"],
            "plot_area_ha": plot_totals["area"],
            "by_partner_type": list(
                farmers.values("partner_type").annotate(count=Count("id")).order_by("partner_type")
            ),
            "by_registration_status": list(
                plots.values("registration_status")
                .annotate(count=Count("id"))
                .order_by("registration_status")
            ),
        }

    return {
        **scope_figures(user, "staff-overview", counts),
        "mills": list(mills_visible_to(user)),
        "regions": list(regions_visible_to(user)),
    }
