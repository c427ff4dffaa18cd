"""Unused SPTAs expire after the mill's valid hours; the service and its Celery task are safe to
run twice."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from harvest.models import HarvestPolicy, Spta, SptaAction, SptaStatus
from harvest.services.spta import expire_overdue_sptas, policy_for, spta_expiry
from harvest.tasks import expire_sptas
from tests.factories import SptaFactory

pytestmark = pytest.mark.django_db


def test_overdue_issued_sptas_expire_once(hw):
    overdue = SptaFactory(plot=hw.plot, expires_at=timezone.now() - timedelta(hours=1))
    fresh = SptaFactory(plot=hw.plot)
    used = SptaFactory(
        plot=hw.plot,
        status=SptaStatus.USED,
        closed_at=timezone.now(),
        expires_at=timezone.now() - timedelta(hours=1),
    )

    assert expire_overdue_sptas() == 1
    assert expire_overdue_sptas() == 0

    overdue.refresh_from_db()
    assert overdue.status == SptaStatus.EXPIRED and overdue.closed_at is not None
    event = overdue.events.get()
    assert (event.action, event.by) == (SptaAction.EXPIRE, None)
    assert Spta.objects.get(pk=fresh.pk).status == SptaStatus.ISSUED
    assert Spta.objects.get(pk=used.pk).status == SptaStatus.USED


def test_the_celery_task_runs_the_service(hw):
    SptaFactory(plot=hw.plot, expires_at=timezone.now() - timedelta(minutes=5))

    assert expire_sptas.delay().get() == 1


def test_validity_follows_the_mill_policy(hw):
    HarvestPolicy.objects.update_or_create(mill=hw.mill, defaults={"spta_valid_hours": 36})
    policy = policy_for(hw.mill)

    expiry = spta_expiry(cutting_date=date(2026, 7, 1), policy=policy)

    assert timezone.localtime(expiry).isoformat().startswith("2026-07-02T12:00")


def test_an_spta_issued_in_the_evening_for_today_is_good_for_the_full_hours(hw):
    """Issue 14: issued at 18:55 for today's cutting, it was valid only until midnight."""
    policy = policy_for(hw.mill)  # 24 hours by default
    evening = timezone.make_aware(datetime(2026, 7, 1, 18, 55))
    expiry = spta_expiry(cutting_date=date(2026, 7, 1), policy=policy, issued_at=evening)
    assert timezone.localtime(expiry).isoformat().startswith("2026-07-02T18:55")
    # Issued days ahead, it counts from the cutting day's start.
    early = timezone.make_aware(datetime(2026, 6, 28, 9, 0))
    expiry = spta_expiry(cutting_date=date(2026, 7, 1), policy=policy, issued_at=early)
    assert timezone.localtime(expiry).isoformat().startswith("2026-07-02T00:00")
