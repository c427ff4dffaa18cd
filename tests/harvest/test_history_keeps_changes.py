"""The history of the rows a season has millions of keeps each change, not each version
(tebu_site.history.ChangeHistory, issue 18): who, when, why, and the values before and after."""

from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from harvest.models import DoPayment, Weighing
from harvest.services.delivery_orders import issue_do
from harvest.services.weighbridge import correct_weighing
from tebu_site.history import changes, convert_to_changes_only, keeps_creation, versions
from tests.factories import farmer_user
from tests.harvest.helpers import deliver, settled

pytestmark = pytest.mark.django_db


def _rows(obj):
    return list(obj.history.select_related("history_user").order_by("history_date", "history_id"))


def _correct(load, by, reason, tare_kg):
    correct_weighing(
        weighing=load,
        by=by,
        reason=reason,
        gross_kg=load.gross_kg,
        tare_kg=tare_kg,
        trash_percent=load.trash_percent,
    )
    load.refresh_from_db()


def test_a_creation_writes_no_row_and_each_change_writes_what_it_replaced(hw):
    load = deliver(hw, net_kg=D("20000"), rendemen=D("7"))
    assert load.history.count() == 0  # its maker and time are on the row
    first_tare = load.tare_kg

    _correct(load, hw.clerk, "Tare of the wrong truck", first_tare - D("1000"))
    _correct(load, hw.manager, "Tare checked again", first_tare - D("500"))

    rows = _rows(load)
    assert [(row.tare_kg, row.history_user, row.history_change_reason) for row in rows] == [
        (first_tare, hw.clerk, "Tare of the wrong truck"),
        (first_tare - D("1000"), hw.manager, "Tare checked again"),
    ]
    found = [(c.before.tare_kg, c.after.tare_kg, c.by) for c in changes(load, rows)]
    assert found == [
        (first_tare, first_tare - D("1000"), hw.clerk),
        (first_tare - D("1000"), first_tare - D("500"), hw.manager),
    ]
    timeline = versions(load, rows, created_by=load.recorded_by, created_at=load.created_at)
    assert [(v.values.tare_kg, v.by, v.created) for v in timeline] == [
        (first_tare, load.recorded_by, True),
        (first_tare - D("1000"), hw.clerk, False),
        (first_tare - D("500"), hw.manager, False),
    ]


def test_a_save_that_changes_nothing_writes_nothing(hw):
    load = deliver(hw, net_kg=D("20000"), rendemen=D("7"))
    load.save()
    Weighing.objects.get(pk=load.pk).save()
    assert load.history.count() == 0


def test_a_deletion_keeps_the_last_values_and_who_deleted(hw):
    order = issue_do(
        do=settled(hw, [deliver(hw, net_kg=D("20000"), rendemen=D("7"))]), by=hw.manager
    )
    payment = DoPayment.objects.create(
        delivery_order=order,
        paid_on=timezone.localdate(),
        amount=D("1000"),
        method="cash",
        recorded_by=hw.manager,
    )
    assert payment.history.count() == 0
    payment._history_user = hw.manager
    pk = payment.pk
    payment.delete()
    (row,) = DoPayment.history.filter(id=pk)
    assert (row.history_type, row.amount, row.history_user) == ("-", D("1000"), hw.manager)


def test_the_models_of_a_season_keep_changes_and_the_others_every_version():
    from compliance.models import ComplianceEvent
    from harvest.models import DeliveryOrder, RendemenAnalysis
    from partners.models import Farmer

    for model in (DeliveryOrder, DoPayment, Weighing, RendemenAnalysis, ComplianceEvent):
        assert not keeps_creation(model), model
    assert keeps_creation(Farmer)


def test_the_migration_turns_every_version_into_each_change(hw):
    """Rows as simple-history wrote them (the values after each save, creation included) become
    the rows ChangeHistory writes, and read the same changes."""
    load = deliver(hw, net_kg=D("20000"), rendemen=D("7"))
    first_tare = load.tare_kg
    _correct(load, hw.clerk, "Tare of the wrong truck", first_tare - D("1000"))
    _correct(load, hw.manager, "Tare checked again", first_tare - D("500"))
    written = [(row.tare_kg, row.history_user_id, row.history_change_reason) for row in _rows(load)]
    # The same story as simple-history told it: created, then the values after each change,
    # and a save that changed nothing.
    Weighing.history.filter(id=load.pk).delete()
    model = Weighing.history.model
    fields = {
        f.attname: getattr(load, f.attname)
        for f in model._meta.concrete_fields
        if not f.name.startswith("history_")
    }
    start = timezone.now() - timezone.timedelta(hours=1)
    story = [
        ("+", first_tare, load.recorded_by_id, None),
        ("~", first_tare - D("1000"), hw.clerk.pk, "Tare of the wrong truck"),
        ("~", first_tare - D("500"), hw.manager.pk, "Tare checked again"),
        ("~", first_tare - D("500"), hw.manager.pk, "saved again"),
    ]
    for minutes, (kind, tare, user, reason) in enumerate(story):
        model.objects.create(
            **{**fields, "tare_kg": tare},
            history_type=kind,
            history_date=start + timezone.timedelta(minutes=minutes),
            history_user_id=user,
            history_change_reason=reason,
        )

    # A second load whose history starts with a change (the "+" row never written), then one
    # that only filled in its analysis, then a real change.
    other = deliver(hw, net_kg=D("20000"), rendemen=D("7"))
    other_fields = {**fields, "id": other.pk, "spta_id": other.spta_id}
    for minutes, (tare, analysis, reason) in enumerate(
        [
            (D("5000"), None, "first seen"),
            (D("5000"), other.rendemen_analysis_id, "rendemen recorded"),
            (D("5500"), other.rendemen_analysis_id, "re-weighed"),
        ]
    ):
        model.objects.create(
            **{**other_fields, "tare_kg": tare, "rendemen_analysis_id": analysis},
            history_type="~",
            history_date=start + timezone.timedelta(minutes=minutes),
            history_user_id=hw.clerk.pk,
            history_change_reason=reason,
        )

    convert_to_changes_only(model, ("rendemen_analysis", "delivery_order"), batch_size=2)

    converted = [
        (row.tare_kg, row.history_user_id, row.history_change_reason) for row in _rows(load)
    ]
    assert converted == written
    assert [(row.tare_kg, row.history_change_reason) for row in _rows(other)] == [
        (D("5000"), "re-weighed")
    ]


def test_the_farmer_reads_a_correction_with_its_before_and_after(hw, client, english):
    load = deliver(hw, net_kg=D("20000"), rendemen=D("7"))
    order = issue_do(do=settled(hw, [load]), by=hw.manager)
    first_tare = load.tare_kg
    _correct(load, hw.clerk, "Tare of the wrong truck", first_tare - D("1000"))

    client.force_login(farmer_user(hw.farmer))
    page = client.get(reverse("my-do", args=[order.pk])).content.decode()
    assert "Tare of the wrong truck" in page
    assert "21,000" in page or "21.000" in page  # the net weight after
    assert "20,000" in page or "20.000" in page  # and before


def test_the_admin_history_page_says_what_a_row_holds(hw, client, admin_user):
    load = deliver(hw, net_kg=D("20000"), rendemen=D("7"))
    _correct(load, hw.clerk, "Tare of the wrong truck", load.tare_kg - D("1000"))
    client.force_login(admin_user)
    page = client.get(reverse("admin:harvest_weighing_history", args=[load.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Setiap baris adalah satu perubahan" in text  # Indonesian first
    assert "Tare of the wrong truck" in text
    # The row's change goes from the values it holds to the record's: the tare before → after.
    change = " ".join(text.split("Tare of the wrong truck")[1].split("</tr>")[0].split())
    assert "7000.0 &nbsp;&rarr;&nbsp;&nbsp;6000.0" in change
    assert "20000.00 &nbsp;&rarr;&nbsp;&nbsp;21000.00" in change
    assert "Revert" not in text and "Kembalikan" not in text
