"""Weighbridge rules: tare above gross refused with a clear message and nothing saved; the net
after the trash deduction; the freshness flag; rejection with a reason; and the database
constraints behind them."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from harvest.models import Freshness, HarvestPolicy, SptaStatus, Weighing
from harvest.services.delivery_orders import issue_do
from harvest.services.weighbridge import correct_weighing, record_weighing, reject_load
from tests.factories import SptaFactory
from tests.harvest.helpers import weigh

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def spta(hw):
    return SptaFactory(plot=hw.plot)


def test_tare_above_gross_is_refused_and_nothing_is_saved(hw, spta):
    with pytest.raises(ValidationError) as caught:
        weigh(hw, spta, gross_kg=D("7000"), tare_kg=D("15000"))

    message = " ".join(caught.value.message_dict["tare_kg"])
    assert "lebih besar dari berat bruto" in message
    assert "15.000" in message and "7.000" in message  # the numbers, the Indonesian way
    assert not Weighing.objects.exists()
    spta.refresh_from_db()
    assert spta.status == SptaStatus.ISSUED  # still usable once the numbers are right


def test_net_is_gross_less_tare_less_the_trash_percentage(hw, spta):
    # (15,000 − 7,000) × (100 − 3.5) % = 8,000 × 0.965 = 7,720 kg.
    weighing = weigh(hw, spta, trash_percent=D("3.5"))

    assert weighing.net_kg == D("7720")
    assert weighing.cane_kw == D("77.2")
    assert weighing.trash_kg == D("280")


@pytest.mark.parametrize(
    ("hours", "expected"),
    [(10, Freshness.FRESH), (24, Freshness.FRESH), (25, Freshness.WARNING), (37, Freshness.ALERT)],
)
def test_freshness_warns_after_24_hours_and_alerts_after_36(hw, spta, hours, expected):
    weighing = weigh(hw, spta, hours=hours)

    assert weighing.freshness == expected
    assert weighing.hours_since_cut == D(hours)


def test_freshness_thresholds_come_from_the_mill_policy(hw, spta):
    HarvestPolicy.objects.update_or_create(
        mill=hw.mill, defaults={"freshness_warning_hours": 12, "freshness_alert_hours": 20}
    )

    assert weigh(hw, spta, hours=13).freshness == Freshness.WARNING


@pytest.mark.parametrize("trash", [D("-1"), D("100"), D("120")])
def test_trash_outside_0_to_100_is_refused(hw, spta, trash):
    with pytest.raises(ValidationError) as caught:
        weigh(hw, spta, trash_percent=trash)
    assert "trash_percent" in caught.value.message_dict


def test_arrival_before_cutting_is_refused(hw, spta):
    now = timezone.now()
    with pytest.raises(ValidationError) as caught:
        weigh(hw, spta, cut_at=now - timedelta(hours=2), arrived_at=now - timedelta(hours=3))
    assert "arrived_at" in caught.value.message_dict


def test_rejected_load_keeps_its_reason_and_history(hw, spta):
    weighing = weigh(hw, spta)
    with pytest.raises(ValidationError):
        reject_load(weighing=weighing, by=hw.qc, reason="")

    reject_load(weighing=weighing, by=hw.qc, reason="Not MBS: 40 % trash")

    weighing.refresh_from_db()
    assert weighing.rejected and weighing.rejection_reason == "Not MBS: 40 % trash"
    latest = weighing.history.latest()
    assert latest.history_user == hw.qc
    assert latest.history_change_reason == "Not MBS: 40 % trash"
    assert spta.events.filter(action="reject").exists()


def test_only_the_weighbridge_or_a_manager_may_weigh(hw, spta):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        record_weighing(
            spta=spta,
            by=hw.sinder,
            gross_kg=D("1"),
            tare_kg=D("0"),
            cut_at=timezone.now(),
            arrived_at=timezone.now(),
        )


@pytest.mark.parametrize(
    "changes",
    [
        {"gross_kg": D("100"), "tare_kg": D("200")},
        {"tare_kg": D("-1")},
        {"trash_percent": D("100")},
        {"rejected": True, "rejection_reason": ""},
    ],
)
def test_database_constraints_hold_without_the_service(hw, spta, changes):
    now = timezone.now()
    values = {
        "spta": spta,
        "gross_kg": D("100"),
        "tare_kg": D("10"),
        "trash_percent": D("0"),
        "net_kg": D("90"),
        "cut_at": now,
        "arrived_at": now,
        "hours_since_cut": D("0"),
        "recorded_by": hw.clerk,
        **changes,
    }
    # bulk_create skips the model's own checks (save validates the numbers first): the database
    # itself refuses the row.
    with pytest.raises(IntegrityError), transaction.atomic():
        Weighing.objects.bulk_create([Weighing(**values)])


def test_weighing_correction_keeps_history_and_adjusts_an_issued_do(hw):
    from tests.harvest.helpers import deliver, settled

    load = deliver(hw, net_kg=D("20000"), rendemen=D("7"))
    order = issue_do(do=settled(hw, [load]), by=hw.manager)

    correct_weighing(
        weighing=load,
        by=hw.clerk,
        reason="Tare read from the wrong truck",
        gross_kg=load.gross_kg,
        tare_kg=load.tare_kg - D("1000"),
        trash_percent=D("0"),
    )

    load.refresh_from_db()
    order.refresh_from_db()
    assert load.net_kg == D("21000")
    assert order.cane_kw == D("210")
    adjustment = order.adjustments.get()
    assert (adjustment.kind, adjustment.by) == ("weighing", hw.clerk)
    assert load.history.latest().history_change_reason == "Tare read from the wrong truck"
    with pytest.raises(ValidationError):
        correct_weighing(
            weighing=load,
            by=hw.clerk,
            reason="x",
            gross_kg=D("100"),
            tare_kg=D("200"),
            trash_percent=D("0"),
        )
