"""A PG Pakis Baru product and a farmer's earlier season written straight to the database: SPTAs,
weighings and DOs with figures chosen so that every rate works out by hand."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from credit.models import GuarantorRule, LimitRule
from credit.services.limit_rules import QualityBandSpec, set_first_harvest_bands
from harvest.models import DoStatus, SptaStatus, Weighing
from partners.models import ContractStatus
from tests.credit.factories import CreditProductFactory
from tests.factories import (
    DeliveryOrderFactory,
    SeasonContractFactory,
    SeasonFactory,
    SptaFactory,
    UserFactory,
)

D = Decimal

# Rendemen ≥ 7 %, ≥ 900 kw/ha, ≤ 5 % loads rejected: Rp 12,000,000/ha; rendemen ≥ 6 %,
# ≥ 700 kw/ha, ≤ 10 % rejected, ≤ 5 % trash: Rp 8,000,000/ha.
BANDS = [
    QualityBandSpec(D("12000000"), D("7"), D("900"), D("5")),
    QualityBandSpec(D("8000000"), D("6"), D("700"), D("10"), D("5")),
]


def pakis_baru_product(cw, **changes):
    """BRI credit at 6 % guaranteed by the mill, at most 2 ha, land certificate as collateral,
    limits by the harvest record; 500 kg subsidised fertiliser per ha, 60 % Phonska."""
    values = {
        "season": cw.season,
        "name": "Kredit BRI avalis PG",
        "funder": "BRI, dijamin PG (avalis)",
        "annual_rate_percent": D("6"),
        "max_financed_ha": D("2"),
        "limit_rule": LimitRule.HARVEST_RECORD,
        "record_expected_yield_kw_per_ha": D("720"),
        "record_full_limit_per_ha": D("14000000"),
        "record_min_score_percent": D("60"),
        "limit_step_per_membership_year": D("500000"),
        "guarantor_rule": GuarantorRule.MILL,
        "fertiliser_kg_per_ha": D("500"),
        "required_documents": ["KTP", "Sertifikat tanah"],
        **changes,
    }
    product = CreditProductFactory(**values)
    set_first_harvest_bands(product=product, by=cw.manager, bands=BANDS)
    return product


def earlier_season(cw, name="2017/2018"):
    return SeasonFactory(mill=cw.mill, name=name, is_current=False)


def past_harvest(
    cw,
    season,
    *,
    loads: int,
    net_kg: Decimal,
    trash: Decimal = Decimal(4),
    rejected: int = 0,
    expired: int = 0,
    dos=(),
    contract: bool = False,
):
    """``loads`` accepted truckloads of ``net_kg`` from Buriyanto's ratoon plot (2 ha), each the
    cane that leaves ``net_kg`` after ``trash`` %; ``rejected`` more loads turned back
    at QC; ``expired`` cutting orders left unused; ``dos``: (cane kw, rendemen %, number of the
    accepted loads it settles) per issued DO. With ``contract``, a signed contract of the
    season on both of his plots (3 ha)."""
    clerk = UserFactory()
    now = timezone.now()
    cane_kg = net_kg / (1 - trash / 100)  # gross − tare
    accepted = []
    for index in range(loads + rejected):
        spta = SptaFactory(
            plot=cw.ratoon_plot, season=season, status=SptaStatus.USED, closed_at=now
        )
        is_rejected = index >= loads
        weighing = Weighing(
            spta=spta,
            gross_kg=cane_kg + D("7000"),
            tare_kg=D("7000"),
            trash_percent=trash,
            net_kg=net_kg,
            cut_at=now - datetime.timedelta(hours=10),
            arrived_at=now - datetime.timedelta(hours=1),
            weighed_at=now,
            hours_since_cut=D("10"),
            rejected=is_rejected,
            rejection_reason="Tebu tidak MBS" if is_rejected else "",
            recorded_by=clerk,
        )
        weighing.save()
        if not is_rejected:
            accepted.append(weighing)
    for _index in range(expired):
        SptaFactory(plot=cw.ratoon_plot, season=season, status=SptaStatus.EXPIRED, closed_at=now)
    start = 0
    for cane_kw, rendemen, count in dos:
        order = DeliveryOrderFactory(
            farmer=cw.farmer,
            season=season,
            cane_kw=cane_kw,
            rendemen_percent=rendemen,
            status=DoStatus.PAID,
        )
        Weighing.objects.filter(pk__in=[w.pk for w in accepted[start : start + count]]).update(
            delivery_order=order
        )
        start += count
    if contract:
        SeasonContractFactory(
            farmer=cw.farmer,
            season=season,
            partner_type="trk",
            plots=[cw.ratoon_plot, cw.plant_plot],
            status=ContractStatus.SIGNED,
            signed_on=datetime.date(2017, 5, 1),
        )


def first_harvest(cw, season):
    """The first-loan case: 10 accepted loads of 17,280 kg (cane 18,000 kg less 4 % trash) =
    1,728 kw from the 2 ha plot (864 kw/ha), one load rejected (1 of 11 = 9.09 %), settled in
    two DOs: 1,036.8 kw at 7.0 % and 691.2 kw at 6.5 %, so rendemen (7,257.6 + 4,492.8) /
    1,728 = 6.8 %."""
    past_harvest(
        cw,
        season,
        loads=10,
        net_kg=D("17280"),
        rejected=1,
        dos=[(D("1036.8"), D("7.0"), 6), (D("691.2"), D("6.5"), 4)],
    )
