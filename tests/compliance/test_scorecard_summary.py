"""The scorecard reads a stored summary per mill and season (issue 18): a change shows once the
refresh task has run (the task a change schedules), the page's query count does not grow with the
DOs, and percentiles from the stored histograms equal those over the rows."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from compliance.models import ScorecardSummary
from compliance.scorecard import calc, summary
from compliance.scorecard.build import build_scorecard
from compliance.tasks import refresh_scorecard_summaries
from harvest.models import DeliveryOrder
from tests.compliance.factories import issued_do

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_pending_marks():
    cache.clear()
    yield
    cache.clear()


def paid_copies(order, count: int) -> None:
    """``count`` more DOs like ``order`` (issued and paid the same days), written at once."""
    copies = []
    for n in range(count):
        copy = DeliveryOrder.objects.get(pk=order.pk)
        copy.pk = None
        copy._state.adding = True
        copy.number = f"{copy.number}-{n}"
        copies.append(copy)
    DeliveryOrder.objects.bulk_create(copies)


def test_a_change_shows_after_the_refresh_task_runs(hw, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    start = today - timedelta(days=60)
    issued_do(hw.farmer, issued_on=start, paid_on=start + timedelta(days=10))
    refresh_scorecard_summaries.delay(mill_id=hw.mill.pk).get()  # the run that DO scheduled
    assert build_scorecard(hw.manager, mill=hw.mill, season=hw.season).payment.paid_count == 1

    # A DO saved: the receiver schedules the mill's refresh after the commit.
    with django_capture_on_commit_callbacks() as callbacks:
        issued_do(hw.farmer, issued_on=start, paid_on=start + timedelta(days=30))
    # Until the task runs the page reads the stored figures...
    card = build_scorecard(hw.manager, mill=hw.mill, season=hw.season)
    assert card.payment.paid_count == 1 and card.payment.median_days == Decimal(10)

    assert callbacks, "saving a DO scheduled no refresh"
    for callback in callbacks:
        callback()  # the task (in-process in tests; countdown 20 s on a worker)

    card = build_scorecard(hw.manager, mill=hw.mill, season=hw.season)
    assert card.payment.paid_count == 2
    assert card.payment.median_days == Decimal(20)  # [10, 30]
    assert ScorecardSummary.objects.get(season=hw.season).computed_at > timezone.now() - timedelta(
        minutes=1
    )


def test_a_burst_of_changes_schedules_one_refresh(hw, django_capture_on_commit_callbacks):
    start = timezone.localdate() - timedelta(days=30)
    with django_capture_on_commit_callbacks() as callbacks:
        for _ in range(3):
            issued_do(hw.farmer, issued_on=start)
    assert len([c for c in callbacks if "send" in c.__qualname__]) == 1


def test_the_beat_task_refreshes_every_mill(hw):
    issued_do(hw.farmer, issued_on=timezone.localdate() - timedelta(days=3))
    assert refresh_scorecard_summaries.delay().get() >= 2  # both mills' seasons
    stored = ScorecardSummary.objects.get(season=hw.season).data
    assert stored[str(hw.north.pk)]["unpaid_issued"] == {
        (timezone.localdate() - timedelta(days=3)).isoformat(): 1
    }


def test_the_page_costs_the_same_queries_for_few_and_many_dos(hw, client):
    start = timezone.localdate() - timedelta(days=90)
    first = issued_do(hw.farmer, issued_on=start, paid_on=start + timedelta(days=12))
    client.force_login(hw.manager)
    url = reverse("compliance:scorecard")
    summary.refresh(hw.season)
    client.get(url, {"season": hw.season.pk})  # warm the per-process caches

    with CaptureQueriesContext(connection) as few:
        page = client.get(url, {"season": hw.season.pk})
    assert page.context["card"].payment.paid_count == 1

    paid_copies(first, 300)
    refresh_scorecard_summaries.delay(mill_id=hw.mill.pk).get()
    with CaptureQueriesContext(connection) as many:
        page = client.get(url, {"season": hw.season.pk})

    assert page.context["card"].payment.paid_count == 301
    assert len(many.captured_queries) == len(few.captured_queries)
    assert not any("harvest_deliveryorder" in q["sql"] for q in many.captured_queries)


def test_histogram_percentiles_equal_the_list_ones():
    values = [3, 10, 10, 20, 40, 40, 40, 70, 71]
    counts: dict[int, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    for p in (0, 10, 50, 75, 90, 99, 100):
        assert calc.percentile_of_counts(counts, p) == calc.percentile(values, p)
    assert calc.percentile_of_counts({}, 50) is None


def test_the_stored_figures_are_narrowed_to_what_the_user_sees(hw):
    """The summary holds every region; a reader counts only the regions of their scope."""
    from tebu_site.models import Role
    from tests.factories import UserFactory

    start = timezone.localdate() - timedelta(days=60)
    issued_do(hw.farmer, issued_on=start, paid_on=start + timedelta(days=5))  # north
    issued_do(hw.south_farmer, issued_on=start, paid_on=start + timedelta(days=9))  # south
    summary.refresh(hw.season)

    def paid(user, region=None):
        card = build_scorecard(user, mill=hw.mill, season=hw.season, region=region)
        return card.payment.paid_count

    assert paid(hw.manager) == 2
    assert paid(hw.manager, hw.south) == 1
    assert paid(hw.sinder) == 1  # field staff of the north region
    assert paid(hw.sinder, hw.south) == 0  # another region, asked for by name
    other_manager = UserFactory(role=Role.MANAGER, mills=[hw.other_mill])
    assert paid(other_manager) == 0
    assert paid(hw.other_sinder) == 0
