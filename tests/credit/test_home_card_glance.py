"""The farmer's home credit card reads a glance of his credit, not his whole ledger (issue 18):
the same figures as the ledger page, in a number of queries that does not grow with his loans,
advances or repayments."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from credit.home_cards import my_credit_card
from credit.models import InKindKind
from credit.selectors import ledger_for
from credit.selectors_home import credit_glance_for
from credit.services import in_kind, repayments
from tests.credit.helpers import kur_application, paid_kur

pytestmark = pytest.mark.django_db

D = Decimal


def _owe_more(cw, times: int) -> None:
    today = timezone.localdate()
    for step in range(times):
        repayments.record_repayment(
            by=cw.credit,
            farmer=cw.farmer,
            season=cw.season,
            paid_on=today - timedelta(days=10 - step),
            amount=D("1000000"),
        )
        in_kind.record_in_kind_advance(
            by=cw.credit,
            farmer=cw.farmer,
            season=cw.season,
            kind=InKindKind.TRACTOR_HIRE,
            value=D("750000"),
            given_on=today - timedelta(days=5),
        )


def _card_queries(user) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as queries:
        card = my_credit_card(user)
    return len(queries), card.context


def test_glance_gives_the_ledgers_figures(cw):
    paid_kur(cw)
    _owe_more(cw, 2)
    kur_application(cw, requested=D("10000000"))  # a second one, still waiting at its first step
    ledger = ledger_for(cw.farmer_login, cw.farmer)
    glance = credit_glance_for(cw.farmer_login, cw.farmer)
    assert glance.outstanding == ledger.total_outstanding > 0
    assert glance.approved == sum(loan.approved_amount or 0 for loan in ledger.loans)
    assert glance.withheld == sum(loan.withheld for loan in ledger.loans) > 0
    waiting = ledger.loans[-1]
    assert waiting.approved_amount is None
    assert glance.waiting_step.status == waiting.steps[-1].status
    assert glance.waiting_step.days == waiting.steps[-1].days


def test_card_queries_do_not_grow_with_the_farmers_credit(cw):
    paid_kur(cw)
    _owe_more(cw, 1)
    few, few_context = _card_queries(cw.farmer_login)
    _owe_more(cw, 4)
    kur_application(cw, requested=D("10000000"))
    many, many_context = _card_queries(cw.farmer_login)
    assert many_context["outstanding"] != few_context["outstanding"]
    # The waiting application's steps are read only when one waits: one query more.
    assert many == few + 1
    assert few <= 5


def test_no_card_without_credit_and_none_for_another_farmers_credit(cw):
    assert my_credit_card(cw.farmer_login) is None
    paid_kur(cw)
    assert credit_glance_for(cw.south_login, cw.farmer) is None
