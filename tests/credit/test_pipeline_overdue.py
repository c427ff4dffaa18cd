"""The pipeline's clocks: a PKBL application approved 61 days ago and still unpaid is overdue
with a 60-day threshold; the farmer and the credit officer are told once, however often the
scheduled task runs."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from credit.models import ApplicationStatus, StatusChange
from credit.selectors_pipeline import overdue_applications, pipeline_board
from credit.tasks import notify_overdue_applications
from notices.models import Notice
from tests.credit.factories import CreditApplicationFactory, pkbl_product

pytestmark = pytest.mark.django_db

D = Decimal


def approved_days_ago(cw, days: int, product):
    at = timezone.now() - timedelta(days=days)
    application = CreditApplicationFactory(
        farmer=cw.farmer,
        product=product,
        status=ApplicationStatus.APPROVED,
        status_changed_at=at,
        approved_amount=D("15000000"),
        approved_on=timezone.localdate(at),
        created_by=cw.credit,
    )
    StatusChange.objects.create(
        application=application,
        from_status="submitted",
        to_status="submitted",
        at=at - timedelta(days=150),
        by=cw.sinder,
    )
    StatusChange.objects.create(
        application=application, from_status="verified", to_status="approved", at=at, by=cw.credit
    )
    return application


def test_pkbl_approved_61_days_ago_and_unpaid_is_overdue(cw):
    pkbl = pkbl_product(cw.season)
    late = approved_days_ago(cw, 61, pkbl)
    on_time = approved_days_ago(cw, 59, pkbl)
    board = {column.status: column for column in pipeline_board(cw.credit)}
    rows = {row.application.pk: row for row in board["approved"].rows}
    assert (board["approved"].count, board["approved"].overdue) == (2, 1)
    assert rows[late.pk].overdue is True
    assert rows[late.pk].days_in_step == 61
    assert rows[late.pk].threshold_days == 60
    assert rows[on_time.pk].overdue is False
    assert rows[late.pk].days_by_step == {"submitted": 150, "approved": 61}
    assert [row.application for row in overdue_applications()] == [late]
    # Out of scope, out of the board.
    assert all(not column.rows for column in pipeline_board(cw.other_manager))
    assert all(not column.count for column in pipeline_board(cw.other_manager))


def test_the_overdue_notice_is_sent_once(cw):
    pkbl = pkbl_product(cw.season)
    late = approved_days_ago(cw, 61, pkbl)
    notify_overdue_applications.delay()
    notify_overdue_applications.delay()
    portal = Notice.objects.filter(event="credit_overdue", farmer=cw.farmer, channel="portal")
    assert portal.count() == 1
    assert late.number in portal.get().subject
    assert Notice.objects.filter(event="credit_overdue_staff", recipient=cw.credit).count() == 1
