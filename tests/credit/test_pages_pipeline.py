"""The pipeline page: applications by status in workflow order with days in the step; a PKBL
application approved 61 days ago and unpaid carries the overdue flag (threshold 60 days), one
approved 59 days ago does not; filters by season and product."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from credit.models import ApplicationStatus
from tests.credit.factories import CreditApplicationFactory, pkbl_product

pytestmark = pytest.mark.django_db

D = Decimal


def approved_days_ago(cw, days, product, farmer=None):
    at = timezone.now() - timedelta(days=days)
    return CreditApplicationFactory(
        farmer=farmer or cw.farmer,
        product=product,
        status=ApplicationStatus.APPROVED,
        status_changed_at=at,
        approved_amount=D("15000000"),
        approved_on=timezone.localdate(at),
        created_by=cw.credit,
    )


def cards(response, status):
    column = next(c for c in response.context["columns"] if c.status == status)
    return {row.application.pk: row for row in column.rows}


def test_the_pkbl_application_approved_61_days_ago_is_flagged_overdue(client, cw):
    pkbl = pkbl_product(cw.season)
    late = approved_days_ago(cw, 61, pkbl)
    on_time = approved_days_ago(cw, 59, pkbl, farmer=cw.south_farmer)
    client.force_login(cw.credit)
    response = client.get(reverse("credit-pipeline"))
    rows = cards(response, "approved")
    assert rows[late.pk].overdue and not rows[on_time.pk].overdue
    page = response.content.decode()
    assert page.count('data-testid="overdue-flag"') == 1
    # The flag sits on the late application's card.
    card = page.split(reverse("credit-application", args=[late.pk]))[1].split("</a>")[0]
    assert 'data-testid="overdue-flag"' in card and "61" in card and "60" in card


def test_columns_follow_the_workflow_order(client, cw):
    client.force_login(cw.manager)
    response = client.get(reverse("credit-pipeline"))
    statuses = [c.status for c in response.context["columns"]]
    assert statuses[:7] == [
        "draft",
        "submitted",
        "documents_complete",
        "verified",
        "approved",
        "disbursing",
        "active",
    ]


def test_the_product_filter_narrows_the_board(client, cw):
    pkbl = pkbl_product(cw.season)
    kept = approved_days_ago(cw, 3, pkbl)
    other = approved_days_ago(cw, 3, cw.kur, farmer=cw.south_farmer)
    client.force_login(cw.manager)
    response = client.get(reverse("credit-pipeline"), {"product": pkbl.pk})
    rows = cards(response, "approved")
    assert kept.pk in rows and other.pk not in rows


def test_field_staff_see_only_their_region_on_the_board(client, cw):
    pkbl = pkbl_product(cw.season)
    mine = approved_days_ago(cw, 3, pkbl)
    theirs = approved_days_ago(cw, 3, pkbl, farmer=cw.south_farmer)
    client.force_login(cw.sinder)
    rows = cards(client.get(reverse("credit-pipeline")), "approved")
    assert mine.pk in rows and theirs.pk not in rows


def test_the_board_costs_the_same_queries_for_more_applications(client, cw):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    pkbl = pkbl_product(cw.season)
    client.force_login(cw.manager)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse("credit-pipeline")).status_code == 200
        return len(context.captured_queries)

    approved_days_ago(cw, 3, pkbl)
    few = queries()
    for farmer in (cw.south_farmer, cw.farmer, cw.south_farmer):
        approved_days_ago(cw, 5, pkbl, farmer=farmer)
    assert queries() == few


def test_a_crowded_step_shows_its_longest_waiting_and_all_of_it_on_its_own_page(
    client, cw, django_assert_max_num_queries
):
    """A mill's board draws the 12 longest waiting of a step and counts the rest (issue 18);
    the step's own page lists every one of them."""
    from credit.selectors_pipeline import CARDS_PER_STEP

    pkbl = pkbl_product(cw.season)
    waiting = [approved_days_ago(cw, 90 - n, pkbl) for n in range(CARDS_PER_STEP + 3)]
    client.force_login(cw.credit)
    with django_assert_max_num_queries(30):
        response = client.get(reverse("credit-pipeline"))
    column = next(c for c in response.context["columns"] if c.status == "approved")
    assert column.count == CARDS_PER_STEP + 3
    assert [row.application for row in column.rows] == waiting[:CARDS_PER_STEP]
    assert column.overdue == CARDS_PER_STEP + 3  # 76 to 90 days, over PKBL's 60
    assert column.more == 3
    page = response.content.decode()
    assert 'data-testid="column-more"' in page and "step=approved" in page

    response = client.get(reverse("credit-pipeline"), {"step": "approved"})
    [column] = response.context["columns"]
    assert [row.application for row in column.rows] == waiting
    assert column.more == 0
    assert response.content.decode().count('data-testid="pipeline-card"') == len(waiting)


def test_the_board_reads_the_same_number_of_queries_for_few_and_many(client, cw):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    pkbl = pkbl_product(cw.season)
    client.force_login(cw.credit)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("credit-pipeline")).status_code == 200
        return len(captured)

    approved_days_ago(cw, 5, pkbl)
    few = queries()
    for n in range(30):
        approved_days_ago(cw, 6 + n, pkbl)
    assert queries() == few
