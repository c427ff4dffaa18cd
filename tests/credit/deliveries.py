"""Deliveries and DOs for credit tests, made by the partners services (tests/partners/harvest)."""

from __future__ import annotations

from types import SimpleNamespace

from harvest.models import SettlementScheme
from tebu_site.models import Role
from tests.factories import DJATIROTO_SCHEME, SettlementSchemeFactory, UserFactory
from tests.harvest.helpers import deliver


def harvest_world(cw, plot):
    """What tests.harvest.helpers.deliver needs: a manager, QC and the plot; plus the
    PG Djatiroto settlement scheme for the season."""
    if not SettlementScheme.objects.filter(mill=cw.mill, season=cw.season).exists():
        # PG Djatiroto 2016 with the TMA fees of domain.md 5 (cutting Rp 5,500, haulage Rp 3,000
        # per kw of cane), so the mill's crews may cut.
        parameters = {
            **DJATIROTO_SCHEME,
            "cutting_fee_per_kw_cane": "5500",
            "haulage_fee_per_kw_cane": "3000",
        }
        SettlementSchemeFactory(mill=cw.mill, season=cw.season, parameters=parameters)
    return SimpleNamespace(
        manager=cw.manager,
        qc=UserFactory(role=Role.QC, mills=[cw.mill]),
        plot=plot,
        season=cw.season,
    )


def delivered(cw, plot, **kwargs):
    return deliver(harvest_world(cw, plot), plot=plot, **kwargs)
