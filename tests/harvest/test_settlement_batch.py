# ruff: noqa: F811 - cw, the credit world fixture imported below, is the helpers' argument too
"""Issue 18: settle_period settles a period as one set-based batch. It must make exactly the DOs
the farmer-by-farmer path made (numbers, figures, inputs, lines, history rows, linked loads,
skipped reasons), with a number of queries that does not grow with the DOs, and a farmer who is
skipped must leave nothing behind."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from harvest.models import DeliveryOrder, Weighing
from harvest.services.settlement import settle_period
from harvest.services.settlement_batch import _settle_period_one_by_one
from partners.models import Farmer
from tebu_site.models import NumberSequence
from tests.credit.conftest import _fast_password_hashing, cw  # noqa: F401
from tests.credit.deliveries import harvest_world
from tests.credit.helpers import paid_kur
from tests.harvest.helpers import deliver
from tests.harvest.period_world import (  # noqa: F401 - fixtures
    _sqlite_binds_more,
    farmer_with_plot,
    period,
    settle,
)

pytestmark = pytest.mark.django_db

D = Decimal


class _Undo(Exception):
    pass


def _snapshot(outcome) -> dict:
    result = outcome["result"]
    orders = list(DeliveryOrder.objects.filter(pk__in=[o.pk for o in result.created]))
    skip = {"id", "created_at", "updated_at"}
    fields = [f.attname for f in DeliveryOrder._meta.concrete_fields if f.attname not in skip]
    history_skip = skip | {"history_id", "history_date"}
    history_fields = [
        f.attname
        for f in DeliveryOrder.history.model._meta.concrete_fields
        if f.attname not in history_skip
    ]
    return {
        "created": [o.number for o in result.created],
        "skipped": result.skipped,
        "waiting": result.waiting_for_rendemen,
        "progress": outcome["progress"],
        "dos": sorted(
            ({f: getattr(o, f) for f in fields} for o in orders), key=lambda d: d["number"]
        ),
        "lines": sorted(
            (
                order.number,
                line.position,
                line.code,
                line.label,
                line.quantity,
                line.unit,
                line.rate,
                line.amount,
                line.amount_unit,
            )
            for order in orders
            for line in order.lines
        ),
        "history": sorted(
            (
                {f: getattr(h, f) for f in history_fields}
                for h in DeliveryOrder.history.filter(id__in=[o.pk for o in orders])
            ),
            key=lambda h: h["number"],
        ),
        "history_rows": DeliveryOrder.history.count(),
        "weighings": sorted(
            (w.pk, w.delivery_order.number)
            for w in Weighing.objects.filter(delivery_order__isnull=False).select_related(
                "delivery_order"
            )
        ),
        "counter": list(NumberSequence.objects.values_list("key", "last").order_by("key")),
    }


def _settled_and_undone(path, cw) -> dict:
    snapshot = {}
    try:
        with transaction.atomic():
            snapshot = _snapshot(settle(path, cw))
            raise _Undo
    except _Undo:
        pass
    return snapshot


def test_the_batch_makes_the_dos_the_farmer_by_farmer_path_made(period):
    one_by_one = _settled_and_undone(_settle_period_one_by_one, period)
    assert DeliveryOrder.objects.count() == 0  # undone

    batch = _snapshot(settle(settle_period, period))

    # The cases the period was built for are there.
    assert len(one_by_one["created"]) == 6 and one_by_one["waiting"] == 1
    assert [s.split(":")[0] for s in one_by_one["skipped"]] == ["Anwar"]
    by_farmer = {(d["farmer_id"], d["tma_by_mill"]): d for d in one_by_one["dos"]}
    mill_crews = by_farmer[(period.farmer.pk, True)]
    assert mill_crews["inputs"]["tma_credits"] and mill_crews["inputs"]["credit_deductions"]
    assert by_farmer[(period.farmer.pk, False)]["inputs"]["credit_deductions"]
    eka = by_farmer[(Farmer.objects.get(name="Eka").pk, False)]
    assert eka["inputs"]["credit_deductions"]  # the in-kind package recovered
    # A creation writes no history row (tebu_site.history): who made each DO is on the DO.
    assert one_by_one["history"] == []
    assert {d["created_by_id"] for d in one_by_one["dos"]} == {period.manager.pk}
    # And the batch made the same, to the last figure.
    for key in one_by_one:
        assert batch[key] == one_by_one[key], key


def test_a_skipped_farmer_leaves_nothing_behind(period):
    outcome = settle(settle_period, period)
    anwar = Weighing.objects.get(spta__farmer__name="Anwar")
    assert outcome["result"].skipped[0].startswith("Anwar: ")
    assert not DeliveryOrder.objects.filter(farmer=anwar.spta.farmer).exists()
    assert not DeliveryOrder.history.filter(farmer_id=anwar.spta.farmer_id).exists()
    assert anwar.delivery_order_id is None
    # The numbers run on without a gap where Anwar's would have been.
    numbers = sorted(o.number for o in outcome["result"].created)
    assert [int(n.rsplit("/", 1)[1]) for n in numbers] == [1, 2, 3, 4, 5, 6]


def _queries_tosettle(cw, farmers: int) -> int:
    """The queries of settle_period alone, the DOs then undone."""
    try:
        with transaction.atomic():
            with CaptureQueriesContext(connection) as queries:
                outcome = settle(settle_period, cw)
            assert len(outcome["result"].created) == farmers
            raise _Undo
    except _Undo:
        pass
    return len(queries.captured_queries)


def test_the_queries_do_not_grow_with_the_farmers(cw):
    paid_kur(cw)
    deliver(harvest_world(cw, cw.ratoon_plot), net_kg=D("30000"), rendemen=D("8"), tma_by_mill=True)
    for index in range(4):
        deliver(farmer_with_plot(cw, f"Petani {index:02d}"), net_kg=D("29000"), rendemen=D("7.5"))
    five = _queries_tosettle(cw, 5)
    for index in range(4, 29):
        deliver(farmer_with_plot(cw, f"Petani {index:02d}"), net_kg=D("29000"), rendemen=D("7.5"))
    thirty = _queries_tosettle(cw, 30)
    assert five == thirty
