"""Issue 18: the credit providers' batch forms (for a batch settlement) answer exactly what the
single-farmer providers answer: the same deduction lines for any amount available, the same TMA
credits, for a farmer with a KUR, one with an in-kind package and one who owes nothing."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from credit.services.in_kind import give_in_kind_package
from credit.services.repayments import deductions_for_do, deductions_for_farmers
from credit.services.tma import tma_credits_for_do, tma_credits_for_farmers
from tests.credit.conftest import contracted_farmer
from tests.credit.factories import dompu_package
from tests.credit.helpers import paid_kur

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def owing(cw):
    paid_kur(cw)
    packaged, _plots, _contract = contracted_farmer(
        cw.north, cw.season, [("pc", D("1.2"))], partner_type="trm"
    )
    give_in_kind_package(
        by=cw.sinder,
        farmer=packaged,
        package=dompu_package(cw.mill, cw.season),
        given_on=timezone.localdate() - timedelta(days=10),
    )
    return [cw.farmer, packaged, cw.south_farmer]


def test_the_deductions_read_at_once_are_the_single_farmers(cw, owing):
    today = timezone.localdate()
    batch = deductions_for_farmers(farmer_ids=[f.pk for f in owing], on_date=today)
    for farmer in owing:
        for available in (D("0"), D("1000000.5"), D("5000000"), D("999999999")):
            one = deductions_for_do(
                farmer=farmer, season=cw.season, available_amount=available, on_date=today
            )
            assert (
                batch(farmer=farmer, season=cw.season, available_amount=available, on_date=today)
                == one
            )
    assert deductions_for_do(
        farmer=cw.farmer, season=cw.season, available_amount=D("5000000"), on_date=today
    )


def test_the_tma_credits_read_at_once_are_the_single_farmers(cw, owing):
    batch = tma_credits_for_farmers(farmer_ids=[f.pk for f in owing], season=cw.season)
    for farmer in owing:
        one = tma_credits_for_do(farmer=farmer, season=cw.season, delivery_order=None)
        assert batch(farmer=farmer, season=cw.season, delivery_order=None) == one
    assert tma_credits_for_do(farmer=cw.farmer, season=cw.season, delivery_order=None)


def test_answering_asks_the_database_nothing_more(cw, owing):
    today = timezone.localdate()
    deductions = deductions_for_farmers(farmer_ids=[f.pk for f in owing], on_date=today)
    credits = tma_credits_for_farmers(farmer_ids=[f.pk for f in owing], season=cw.season)
    with CaptureQueriesContext(connection) as queries:
        for farmer in owing:
            deductions(farmer=farmer, season=cw.season, available_amount=D("9e6"), on_date=today)
            credits(farmer=farmer, season=cw.season, delivery_order=None)
    assert len(queries.captured_queries) == 0
