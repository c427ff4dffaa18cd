"""Reads of the season close (issue 16), scoped to the reader: a mill's staff see its runs, a
region's staff only their region's farmers in them."""

from __future__ import annotations

from django.db.models import QuerySet

from harvest.models import SeasonClose, SeasonCloseFarmer
from tebu_site.access import scope_for


def season_closes(user) -> QuerySet[SeasonClose]:
    return scope_for(
        user,
        SeasonClose.objects.select_related("mill", "season", "requested_by", "committed_by"),
    )


def season_close_farmers(user, run: SeasonClose) -> QuerySet[SeasonCloseFarmer]:
    """The run's farmers the reader may see, by name, with the final DO's number; the per-DO
    figures (``orders``) are left in the database."""
    return (
        scope_for(user, SeasonCloseFarmer.objects.filter(run=run))
        .select_related("farmer", "delivery_order")
        .only(
            "pk",
            "run_id",
            "farmer__name",
            "farmer__nik",
            "final_rendemen_percent",
            "paid",
            "due",
            "difference",
            "committed",
            "debit_carried",
            "error",
            "delivery_order__number",
            "delivery_order__payable",
        )
        .order_by("farmer__name", "pk")
    )
