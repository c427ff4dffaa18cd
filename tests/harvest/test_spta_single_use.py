"""An SPTA carries one truckload: a second weighing on it is refused with a clear message and
nothing is saved. Expired and cancelled SPTAs carry none (domain.md 5, 10.7)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from harvest.models import Spta, SptaAction, SptaEvent, SptaStatus, Weighing
from harvest.services.spta import cancel_spta, issue_spta
from harvest.services.weighbridge import record_weighing

pytestmark = pytest.mark.django_db

D = Decimal


def issue(hw, **changes):
    return issue_spta(
        by=hw.sinder,
        plot=changes.pop("plot", hw.plot),
        cutting_date=changes.pop("cutting_date", timezone.localdate()),
        quota_kw=D("80"),
        truck_plate="p 9 xy",
        driver_name="Darto",
        **changes,
    )


def weigh(hw, spta, **changes):
    now = timezone.now()
    values = {
        "gross_kg": D("15000"),
        "tare_kg": D("7000"),
        "trash_percent": D("2"),
        "cut_at": now - timedelta(hours=8),
        "arrived_at": now - timedelta(hours=1),
        **changes,
    }
    return record_weighing(spta=spta, by=hw.clerk, **values)


def test_issued_spta_is_numbered_per_mill_and_season_and_logged(hw):
    first, second = issue(hw), issue(hw)

    assert first.number.endswith("/000001") and second.number.endswith("/000002")
    assert first.number.startswith(f"SPTA/{hw.mill.code.upper()}/2025/2026/")
    assert first.truck_plate == "P 9 XY"
    assert first.status == SptaStatus.ISSUED
    assert first.expires_at > timezone.now()
    event = SptaEvent.objects.get(spta=first)
    assert (event.action, event.by) == (SptaAction.ISSUE, hw.sinder)


def test_first_use_marks_the_spta_used_with_who_and_when(hw):
    spta = issue(hw)
    weighing = weigh(hw, spta)

    spta.refresh_from_db()
    assert spta.status == SptaStatus.USED
    assert spta.closed_by == hw.clerk
    assert spta.closed_at == weighing.weighed_at
    assert [e.action for e in spta.events.order_by("at", "id")] == ["issue", "use"]


def test_second_use_of_an_spta_is_refused_and_nothing_is_saved(hw):
    spta = issue(hw)
    weigh(hw, spta)
    events_before = SptaEvent.objects.count()

    with pytest.raises(ValidationError) as caught:
        weigh(hw, spta, gross_kg=D("16000"))

    message = " ".join(caught.value.message_dict["spta"])
    assert spta.number in message
    assert "sudah dipakai" in message
    assert Weighing.objects.filter(spta=spta).count() == 1
    assert Weighing.objects.get(spta=spta).gross_kg == D("15000")
    assert SptaEvent.objects.count() == events_before


def test_the_database_keeps_one_weighing_per_spta(hw):
    spta = issue(hw)
    first = weigh(hw, spta)
    duplicate = Weighing(
        spta=spta,
        gross_kg=first.gross_kg,
        tare_kg=first.tare_kg,
        net_kg=first.net_kg,
        cut_at=first.cut_at,
        arrived_at=first.arrived_at,
        hours_since_cut=first.hours_since_cut,
        recorded_by=hw.clerk,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_expired_spta_is_refused(hw):
    spta = issue(hw)
    Spta.objects.filter(pk=spta.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    spta.refresh_from_db()

    with pytest.raises(ValidationError) as caught:
        weigh(hw, spta)

    assert "kedaluwarsa" in " ".join(caught.value.message_dict["spta"])
    assert not Weighing.objects.exists()


def test_cancelled_spta_is_refused_and_cancel_needs_a_reason(hw):
    spta = issue(hw)
    with pytest.raises(ValidationError):
        cancel_spta(spta=spta, by=hw.sinder, reason=" ")
    cancel_spta(spta=spta, by=hw.sinder, reason="Truck broke down")
    spta.refresh_from_db()
    assert (spta.status, spta.closed_by, spta.cancel_reason) == (
        SptaStatus.CANCELLED,
        hw.sinder,
        "Truck broke down",
    )

    with pytest.raises(ValidationError) as caught:
        weigh(hw, spta)
    assert "dibatalkan" in " ".join(caught.value.message_dict["spta"])


def test_spta_only_for_a_plot_under_contract(hw):
    hw.plot.registration_status = "approved"
    hw.plot.save()

    with pytest.raises(ValidationError) as caught:
        issue(hw)

    assert "plot" in caught.value.message_dict
    assert not Spta.objects.exists()


def test_spta_for_a_plot_in_the_signed_season_contract(hw):
    from tests.factories import SeasonContractFactory

    hw.plot.registration_status = "approved"
    hw.plot.save()
    SeasonContractFactory(
        farmer=hw.farmer,
        season=hw.season,
        plots=[hw.plot],
        status="signed",
        signed_on=timezone.localdate(),
    )

    assert issue(hw).plot == hw.plot


def test_spta_cutting_date_cannot_be_past(hw):
    with pytest.raises(ValidationError) as caught:
        issue(hw, cutting_date=timezone.localdate() - timedelta(days=1))
    assert "cutting_date" in caught.value.message_dict


def test_field_staff_cannot_issue_for_another_region(hw):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        issue(hw, plot=hw.south_plot)
