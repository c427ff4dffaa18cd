"""A DO is stored once: its statement lines packed on the DO (harvest.models.lines, issue 18), the
same figures read back as the rows gave them, their range checked on every save, not copied into
``computation`` or history, carried over by the migration without losing a rupiah; and one
history row for each change of an issued DO, not two.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from harvest.models import DeliveryOrder, DoLine, DoStatus
from harvest.models.lines import MAX_LINES, pack_lines, unpack_lines
from harvest.services.delivery_orders import adjust_do, issue_do
from tests.factories import DeliveryOrderFactory, farmer_user
from tests.harvest.helpers import deliver, settled

D = Decimal


def test_lines_read_back_as_written_with_the_places_a_column_kept():
    lines = [
        DoLine(position=2, code="hablur", quantity=D("153.3913"), unit="kw", rate=D("0.0717")),
        DoLine(position=1, code="cane", quantity=D("153.3913"), unit="kw"),
        DoLine(position=3, code="payable", amount=D("-12.5"), amount_unit="Rp", label="Bayar"),
    ]
    packed = pack_lines(lines)
    assert [row[0] for row in packed] == ["cane", "hablur", "payable"]
    assert packed[1][2:5] == ["153.3913", "kw", "0.0717"]
    back = unpack_lines(packed)
    assert [line.position for line in back] == [1, 2, 3]
    assert back[0] == DoLine(position=1, code="cane", quantity=D("153.3913"), unit="kw")
    assert str(back[1].rate) == "0.07170000"
    assert (back[2].label, back[2].amount, back[2].quantity) == ("Bayar", D("-12.5"), None)


@pytest.mark.django_db
def test_a_settled_do_keeps_its_lines_on_itself_and_nowhere_else(hw):
    order = settled(hw, [deliver(hw, net_kg=D("10000"), rendemen=D("7.00"))])
    stored = DeliveryOrder.objects.get(pk=order.pk)
    codes = [line.code for line in stored.lines]
    assert codes[0] == "cane" and codes[-1] == "payable"
    assert [line.position for line in stored.lines] == list(range(1, len(codes) + 1))
    assert stored.line("payable").amount == stored.payable
    assert stored.line("total_revenue").amount == stored.total_revenue
    # Stored once: not again inside the unrounded computation, nor on every history row. The
    # computation keeps only what the columns round and something reads.
    assert set(stored.computation) == {
        "kind", "cane_kw", "rendemen_percent", "tma_charges", "tma_uses"
    }  # fmt: skip
    assert not hasattr(stored.history.first(), "lines_packed")


@pytest.mark.django_db
def test_lines_are_left_out_of_lists():
    order = DeliveryOrderFactory()
    listed = DeliveryOrder.objects.filter(pk=order.pk).defer("lines_packed").get()
    assert "lines_packed" in listed.get_deferred_fields()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "amount", ["1e16", "-1000000000000000.01", "NaN", "Infinity", "abc", "123.456789015"]
)
def test_a_line_figure_out_of_range_is_refused_on_save_with_a_field_error(amount):
    order = DeliveryOrderFactory()
    order.lines_packed = [["payable", "", None, "", None, amount, "Rp"]]
    if amount == "123.456789015":
        order.save()  # within range: kept at 8 places, rounded half-up as any stored number
        assert DeliveryOrder.objects.get(pk=order.pk).line("payable").amount == D("123.45678902")
        return
    with pytest.raises(ValidationError) as caught:
        order.save()
    assert set(caught.value.message_dict) == {"lines_packed"}
    assert DeliveryOrder.objects.get(pk=order.pk).lines == ()


@pytest.mark.django_db
def test_a_do_carries_at_most_the_declared_number_of_lines():
    order = DeliveryOrderFactory()
    order.lines = [DoLine(position=n, code="x", amount=D(n)) for n in range(1, MAX_LINES + 2)]
    with pytest.raises(ValidationError, match=str(MAX_LINES)):
        order.save()


def test_line_lookup_by_code_says_when_there_is_not_exactly_one():
    order = DeliveryOrder(number="DO/1")
    order.lines = [DoLine(position=1, code="a"), DoLine(position=2, code="a")]
    with pytest.raises(LookupError):
        order.line("a")
    with pytest.raises(LookupError):
        order.line("b")


@pytest.mark.django_db(transaction=True)
def test_the_migration_packs_the_old_line_rows_in_order_and_drops_the_computed_copy(settings):
    order = DeliveryOrderFactory(computation={"lines": [{"code": "cane"}], "net": "5"})
    other = DeliveryOrderFactory()
    # The suite builds its database from the models (--nomigrations): read the real migrations
    # and record them as applied, so that only this one is undone and done again.
    settings.MIGRATION_MODULES = {}
    executor = MigrationExecutor(connection)
    for app_label, name in executor.loader.graph.nodes:
        executor.recorder.record_applied(app_label, name)
    executor = MigrationExecutor(connection)
    before, after = ("harvest", "0014_recovery_message"), ("harvest", "0015_do_lines_stored_once")
    executor.migrate([before])
    old = executor.loader.project_state([before]).apps
    old_line = old.get_model("harvest", "DoLine")
    # Written out of order: the position decides.
    old_line.objects.create(
        delivery_order_id=order.pk, position=2, code="payable", amount=D("5000000.00000000"),
        amount_unit="Rp",
    )  # fmt: skip
    old_line.objects.create(
        delivery_order_id=order.pk, position=1, code="cane", quantity=D("100.50000000"),
        unit="kw", label="",
    )  # fmt: skip
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([after])
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    moved = DeliveryOrder.objects.get(pk=order.pk)
    assert moved.lines_packed == [
        ["cane", "", "100.5", "kw", None, None, ""],
        ["payable", "", None, "", None, "5000000", "Rp"],
    ]
    assert moved.line("payable").amount == D("5000000")
    assert moved.computation == {"net": "5"}
    assert DeliveryOrder.objects.get(pk=other.pk).lines == ()


@pytest.mark.django_db
def test_issuing_and_adjusting_each_write_one_history_row_with_the_figures_they_replaced(hw):
    draft = settled(hw, [deliver(hw, net_kg=D("10000"), rendemen=D("7.00"))])
    rows = draft.history.count()
    drafted_payable = DeliveryOrder.objects.get(pk=draft.pk).payable
    order = issue_do(do=draft, by=hw.manager)
    assert order.history.count() == rows + 1
    issue = order.history.first()
    # The row names the issue (who) and keeps the draft it replaced (before); after is the DO.
    assert (issue.status, issue.payable, issue.history_user) == (
        DoStatus.DRAFT,
        drafted_payable,
        hw.manager,
    )
    issued_payable = order.payable
    adjust_do(do=order, by=hw.credit, reason="Iuran", other_deductions=[("Iuran", D("25000"))])
    order.refresh_from_db()
    assert order.history.count() == rows + 2
    adjustment = order.history.first()
    assert (adjustment.status, adjustment.payable, adjustment.history_user) == (
        DoStatus.ISSUED,
        issued_payable,
        hw.credit,
    )
    assert order.payable == issued_payable - D("25000")


@pytest.mark.django_db
def test_the_api_reads_a_do_with_its_lines_in_one_row(settings, hw):
    settings.FARMER_PAGE_CACHE_SECONDS = 0  # what drawing the answer reads
    order = settled(hw, [deliver(hw, net_kg=D("10000"), rendemen=D("7.00"))])
    issue_do(do=order, by=hw.manager)
    client = APIClient()
    client.force_authenticate(farmer_user(hw.farmer))
    with CaptureQueriesContext(connection) as queries:
        body = client.get(f"/api/delivery-orders/{order.pk}/").json()
    assert [line["code"] for line in body["lines"]][-1] == "payable"
    assert body["lines"][0]["position"] == 1
    assert body["inputs"] == DeliveryOrder.objects.get(pk=order.pk).inputs
    # The DO (inputs, computation and lines in its row), its loads, adjustments, payments.
    assert len(queries) == 4, [q["sql"][:80] for q in queries]
