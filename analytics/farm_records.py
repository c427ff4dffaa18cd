"""Reads of farm records in the shapes the analyses take (selectors for farm records)."""

from __future__ import annotations

from datetime import date

import pandas as pd
from django.db.models import Prefetch, QuerySet

from analytics.methods.farm_income import farm_from_dict, farm_income
from analytics.methods.farm_income.comparisons import BENCHMARK_KEYS
from analytics.models import FarmCostLine, FarmRecord, FarmRevenueLine
from partners.models import PartnerType
from partners.models.farmers import EDUCATION_YEARS
from tebu_site.access import scope_for

PARTNER = "mitra"
NON_PARTNER = "non-mitra"


def farm_records_visible_to(user) -> QuerySet[FarmRecord]:
    return scope_for(user, FarmRecord.objects.select_related("farmer", "season"))


def records_for(*, mill_id: int, season_id: int) -> QuerySet[FarmRecord]:
    return (
        FarmRecord.objects.filter(farmer__mill_id=mill_id, season_id=season_id)
        .select_related("farmer", "season")
        .prefetch_related(
            Prefetch("cost_lines", queryset=FarmCostLine.objects.order_by("id")),
            Prefetch("revenue_lines", queryset=FarmRevenueLine.objects.order_by("id")),
        )
        .order_by("farmer__name", "id")
    )


def _cost(line: FarmCostLine) -> dict:
    base = {"item": line.item, "kind": line.kind, "category": line.category}
    if line.category == "depreciation" and line.purchase_price is not None and line.life_years:
        return {
            **base,
            "purchase_price": str(line.purchase_price),
            "salvage_value": str(line.salvage_value or 0),
            "life_years": line.life_years,
        }
    return {**base, "amount": str(line.amount)}


def record_as_dict(record: FarmRecord) -> dict:
    """One record in the shape analytics.methods.farm_income.farm_from_dict reads."""
    costs = list(record.cost_lines.all())
    main = [line for line in record.revenue_lines.all() if line.main_product]
    return {
        "name": record.farmer.name,
        "group": group_of(record.farmer.partner_type),
        "area_ha": str(record.area_ha),
        "family_labour_hko": None
        if record.family_labour_hko is None
        else str(record.family_labour_hko),
        "bep_unit": "kg" if main and main[0].unit == "kw" else None,
        **{
            key: None if getattr(record, key) is None else str(getattr(record, key))
            for key in BENCHMARK_KEYS
        },
        "fixed_costs": [_cost(line) for line in costs if line.is_fixed],
        "variable_costs": [_cost(line) for line in costs if not line.is_fixed],
        "revenues": [
            {
                "item": line.item,
                "quantity": str(line.quantity),
                "unit": line.unit,
                "price": str(line.price),
                "main_product": line.main_product,
            }
            for line in record.revenue_lines.all()
        ],
    }


def group_of(partner_type: str) -> str:
    return NON_PARTNER if partner_type == PartnerType.NON_PARTNER else PARTNER


def farms_payload(parameters: dict) -> list[dict]:
    return [
        record_as_dict(r)
        for r in records_for(mill_id=parameters["mill_id"], season_id=parameters["season_id"])
    ]


def farmer_frame(parameters: dict) -> pd.DataFrame:
    """One row per farm record: group, income per ha (Rp million), and the farmer's traits the
    studies use to explain partnering (experience, education years, household size)."""
    rows = []
    for record in records_for(mill_id=parameters["mill_id"], season_id=parameters["season_id"]):
        result = farm_income(farm_from_dict(record_as_dict(record)))
        income_per_ha = result.income / record.area_ha
        farmer = record.farmer
        season_year = (
            int(record.season.name[:4]) if record.season.name[:4].isdigit() else date.today().year
        )
        rows.append(
            {
                "farmer": farmer.name,
                "group": group_of(farmer.partner_type),
                "partner": 1 if farmer.partner_type != PartnerType.NON_PARTNER else 0,
                "income_per_ha": float(income_per_ha),
                "income_million_per_ha": float(income_per_ha / 1_000_000),
                "experience_years": None
                if farmer.farming_since_year is None
                else season_year - farmer.farming_since_year,
                "education_years": EDUCATION_YEARS.get(farmer.education)
                if farmer.education
                else None,
                "household_size": farmer.household_size,
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "farmer",
            "group",
            "partner",
            "income_per_ha",
            "income_million_per_ha",
            "experience_years",
            "education_years",
            "household_size",
        ],
    )
