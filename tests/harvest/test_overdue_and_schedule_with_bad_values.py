"""The overdue DO page and the cutting schedule with values typed or crafted into their URL
(issue 13): a number of days no date sum survives, a date whose next week does not exist, a day
that is not in the month. The page answers, with the form's error or the default week."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from harvest.forms import MAX_OVERDUE_DAYS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("days", ["1000000", "99999999999999999999999", "-1", "²", "NaN", "1e9"])
def test_overdue_days_out_of_range_is_the_forms_error_not_a_500(hw, client, days):
    client.force_login(hw.manager)
    response = client.get(reverse("do-overdue"), {"days": days})
    assert response.status_code == 200
    assert response.context["days"] is None  # the mills' own payment days, as without a number
    assert response.context["form"].errors["days"]
    assert 'data-testid="days-error"' in response.content.decode()


def test_overdue_days_within_the_range_still_filters(hw, client):
    client.force_login(hw.manager)
    response = client.get(reverse("do-overdue"), {"days": str(MAX_OVERDUE_DAYS)})
    assert response.status_code == 200 and response.context["days"] == MAX_OVERDUE_DAYS
    assert 'data-testid="days-error"' not in response.content.decode()


@pytest.mark.parametrize("start", ["9999-12-31", "0001-01-01", "2026-02-30", "abc", "\x00"])
def test_a_schedule_start_that_is_no_usable_date_shows_this_week(hw, client, start):
    client.force_login(hw.sinder)
    response = client.get(reverse("cutting-schedule"), {"start": start})
    assert response.status_code == 200
    today = timezone.localdate()
    assert response.context["schedule"].start == today
    assert response.context["next"] == today + timedelta(days=7)


def test_a_schedule_start_in_range_is_kept(hw, client):
    client.force_login(hw.sinder)
    response = client.get(reverse("cutting-schedule"), {"start": "2026-08-17"})
    assert response.status_code == 200
    assert response.context["schedule"].start.isoformat() == "2026-08-17"
