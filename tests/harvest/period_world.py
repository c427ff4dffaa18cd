# ruff: noqa: F811 - cw, the credit world fixture imported below, is the helpers' argument too
"""A settlement period with every case a batch must handle (issue 18), shared by the tests that
prove the batch settlement and the batch issue do what the one-by-one paths do."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from credit.services.in_kind import give_in_kind_package
from harvest.services.spta import issue_spta
from harvest.services.weighbridge import record_weighing
from partners.models import CropClass
from tests.credit.conftest import _fast_password_hashing, contracted_farmer, cw  # noqa: F401
from tests.credit.deliveries import harvest_world
from tests.credit.factories import dompu_package
from tests.credit.helpers import paid_kur
from tests.harvest.helpers import TARE_KG, deliver

D = Decimal
# Every DO of the period keeps 1 kw of natura: a farmer whose small load makes less is refused.
NATURA_KEPT = D("1")


@pytest.fixture(autouse=True)
def _sqlite_binds_more(monkeypatch):
    # Django's SQLite backend still assumes the old limit of 999 parameters a query and splits a
    # bulk insert of more into several; this SQLite takes 32,766, PostgreSQL has no such split.
    if connection.vendor == "sqlite":
        monkeypatch.setattr(connection.features, "max_query_params", 32766)


def farmer_with_plot(cw, name: str):
    farmer, (plot,), _contract = contracted_farmer(
        cw.north, cw.season, [(CropClass.RATOON, D("2"))], name=name
    )
    return harvest_world(cw, plot)


def unanalysed(world):
    """A load weighed today that the laboratory has not analysed yet."""
    spta = issue_spta(
        by=world.manager,
        plot=world.plot,
        cutting_date=timezone.localdate(),
        quota_kw=D("300"),
        truck_plate="p 1234 ab",
        driver_name="Sukardi",
    )
    now = timezone.now()
    record_weighing(
        spta=spta,
        gross_kg=D("30000") + TARE_KG,
        tare_kg=TARE_KG,
        trash_percent=D("0"),
        cut_at=now - timedelta(hours=10),
        arrived_at=now - timedelta(hours=1),
        weighed_at=now,
        by=world.manager,
    )


@pytest.fixture
def period(cw):
    """Buriyanto (the KUR) with two loads cut by the mill's crews and one by his own; the south
    farmer with one analysed load and one waiting for rendemen; Anwar, whose one small load makes
    less natura than the period keeps (skipped); Eka, given an in-kind package; two more."""
    paid_kur(cw)
    ratoon = harvest_world(cw, cw.ratoon_plot)
    for _ in range(2):
        deliver(ratoon, net_kg=D("30000"), rendemen=D("8.00"), tma_by_mill=True)
    deliver(harvest_world(cw, cw.plant_plot), net_kg=D("25000"), rendemen=D("7.40"))
    south = harvest_world(cw, cw.south_farmer.plots.get())
    deliver(south, net_kg=D("28000"), rendemen=D("7.10"))
    unanalysed(south)
    deliver(farmer_with_plot(cw, "Anwar"), net_kg=D("5000"), rendemen=D("7.00"))
    for name, rendemen in (("Citra", D("6.80")), ("Dwi", D("9.25"))):
        deliver(farmer_with_plot(cw, name), net_kg=D("29000"), rendemen=rendemen)
    eka, (plot,), _contract = contracted_farmer(
        cw.north, cw.season, [("pc", D("1.2"))], partner_type="trm", name="Eka"
    )
    give_in_kind_package(
        by=cw.sinder,
        farmer=eka,
        package=dompu_package(cw.mill, cw.season),
        given_on=timezone.localdate(),
    )
    deliver(harvest_world(cw, plot), net_kg=D("30000"), rendemen=D("8.00"))
    return cw


def settle(path, cw) -> dict:
    """The period of the last week settled by ``path``, with what its progress heard."""
    heard = []
    today = timezone.localdate()
    result = path(
        by=cw.manager,
        mill=cw.mill,
        season=cw.season,
        start=today - timedelta(days=6),
        end=today,
        natura_consumed_kw=NATURA_KEPT,
        progress=lambda done, total: heard.append((done, total)),
    )
    return {"result": result, "progress": heard}
