"""Demo farm records for `make run`, so the analyses have data on a fresh machine.

Partners get the mill's guidance and credit, so their cane yields a little more on average; the
numbers are shaped like the Pakis Baru and Djatiroto studies (domain.md section 7), not copied.
"""

from __future__ import annotations

import random
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum

from analytics.models import CostCategory, FarmCostLine, FarmRecord, FarmRevenueLine
from partners.models import Farmer, PartnerType, Season

TWO = Decimal("0.01")
# What the demo farmers' labour, money and land would earn elsewhere: the wage family labour is
# valued at below, PG Semboro's KUR rate, and the rent of the rented land below.
DEMO_COMPARISONS = {
    "local_wage_per_hko": Decimal("80000"),
    "interest_rate_percent": Decimal("7"),
    "land_rent_per_ha": Decimal("5000000"),
}


@transaction.atomic
def load_demo_farms() -> int:
    rng = random.Random(7)  # noqa: S311 - demo data
    created = 0
    for farmer in Farmer.objects.select_related("mill").order_by("id"):
        season = Season.objects.filter(mill=farmer.mill, is_current=True).first()
        area = farmer.plots.aggregate(total=Sum("area_ha"))["total"]
        if season is None or not area:
            continue
        record, was_created = FarmRecord.objects.get_or_create(
            farmer=farmer,
            season=season,
            defaults={
                "area_ha": area,
                "family_labour_hko": Decimal(rng.randrange(20, 60)),
                **DEMO_COMPARISONS,
            },
        )
        if not was_created:
            # Records of an older demo had no comparisons: give them the demo's, once.
            if all(getattr(record, key) is None for key in DEMO_COMPARISONS):
                FarmRecord.objects.filter(pk=record.pk).update(**DEMO_COMPARISONS)
            continue
        created += 1
        partner = farmer.partner_type != PartnerType.NON_PARTNER
        yield_kw_per_ha = Decimal(rng.gauss(960 if partner else 900, 140)).quantize(TWO)
        cane_kw = (yield_kw_per_ha * area).quantize(TWO)
        price_per_kw = Decimal(rng.gauss(38000 if partner else 37200, 1800)).quantize(TWO)
        costs = [
            ("Sewa lahan", CostCategory.LAND_RENT, area, Decimal("5000000")),
            ("Pajak lahan", CostCategory.LAND_TAX, area, Decimal("11000")),
            (
                "Tenaga kerja",
                CostCategory.HIRED_LABOUR,
                area,
                Decimal(rng.randrange(10_500_000, 12_500_000)),
            ),
            ("Pupuk ZA", CostCategory.FERTILISER, area * 5, Decimal("136000")),
            ("Pupuk Phonska", CostCategory.FERTILISER, area * 6, Decimal("230000")),
            ("Tebang angkut", CostCategory.HARVEST_HAUL, cane_kw, Decimal("2500")),
            (
                "Tenaga kerja keluarga",
                CostCategory.FAMILY_LABOUR,
                record.family_labour_hko,
                Decimal("80000"),
            ),
        ]
        FarmCostLine.objects.bulk_create(
            FarmCostLine(
                record=record,
                item=item,
                category=category,
                quantity=Decimal(quantity).quantize(Decimal("0.001")),
                unit_price=price,
            )
            for item, category, quantity, price in costs
        )
        FarmRevenueLine.objects.bulk_create(
            [
                FarmRevenueLine(
                    record=record,
                    item="Tebu",
                    quantity=cane_kw,
                    unit="kw",
                    price=price_per_kw,
                    main_product=True,
                ),
                FarmRevenueLine(
                    record=record,
                    item="Tetes",
                    quantity=cane_kw * 3,
                    unit="kg",
                    price=Decimal("1200"),
                ),
            ]
        )
    return created
