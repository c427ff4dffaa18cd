"""Reads of the season close (issue 16), scoped to the reader: a mill's staff see its runs, a
region's staff only their region's farmers in them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, F, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from harvest.models import SeasonClose, SeasonCloseFarmer
from tebu_site.access import scope_for

ZERO = Decimal(0)


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


@dataclass(frozen=True)
class CarriedDebit:
    """One season close's debit and what is still owed of it."""

    row_id: int
    farmer_id: int
    season_name: str
    debit: Decimal
    outstanding: Decimal


def still_owed(rows) -> list[CarriedDebit]:
    """The committed closes among ``rows`` whose debit is not all taken back, oldest first."""
    rows = (
        rows.filter(committed=True, debit_carried__gt=0)
        .annotate(
            recovered=Coalesce(
                Sum("recoveries__amount"),
                Value(ZERO),
                output_field=DecimalField(max_digits=16, decimal_places=2),
            )
        )
        .filter(recovered__lt=F("debit_carried"))
        .order_by("committed_at", "pk")
        .values_list("pk", "farmer_id", "season__name", "debit_carried", "recovered")
    )
    return [
        CarriedDebit(pk, farmer_id, name, debit, debit - recovered)
        for pk, farmer_id, name, debit, recovered in rows
    ]


def carried_debits_visible_to(user) -> list[CarriedDebit]:
    """The debits from season closes still owed that the reader may see: the farmer his own."""
    return still_owed(scope_for(user, SeasonCloseFarmer.objects.all()))
