"""The scorecard's complaint answer time: hours from filing to the first answer."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from complaints import services
from complaints.selectors import complaint_answer_times
from tests.factories import FarmerFactory, SeasonFactory, farmer_user

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")


def test_answer_times_in_hours_per_mill_season_and_region(world):
    south_farmer = FarmerFactory(region=world.south)
    farmer_user(south_farmer)
    start = datetime(2026, 7, 1, 8, 0, tzinfo=WIB)

    def filed(farmer, hours_to_answer, offset):
        at = start + timedelta(hours=offset)
        complaint = services.file_complaint(
            by=farmer.user, farmer=farmer, category="other", text="x", now=at
        )
        if hours_to_answer is not None:
            services.answer_complaint(
                complaint=complaint,
                by=complaint.handler,
                text="jawab",
                now=at + timedelta(hours=hours_to_answer),
            )
            # A second answer does not change the answer time.
            services.answer_complaint(
                complaint=complaint, by=complaint.handler, text="lagi", now=at + timedelta(days=9)
            )
        return complaint

    filed(world.farmer, 5, 0)
    filed(world.farmer, 30.5, 1)
    filed(world.farmer, None, 2)  # not answered yet: no answer time
    filed(south_farmer, 2, 3)
    assert complaint_answer_times(world.mill, world.season) == [5.0, 30.5, 2.0]
    assert complaint_answer_times(world.mill, world.season, region=world.north) == [5.0, 30.5]
    other_season = SeasonFactory(mill=world.mill, name="2024/2025", is_current=False)
    assert complaint_answer_times(world.mill, other_season) == []


def test_the_scorecard_shows_the_median_answer_time_of_the_scope(world):
    from compliance.scorecard.build import build_scorecard

    start = datetime(2026, 7, 1, 8, 0, tzinfo=WIB)
    for offset, hours in enumerate([4, 10, 40]):
        at = start + timedelta(hours=offset)
        complaint = services.file_complaint(
            by=world.farmer.user, farmer=world.farmer, category="other", text="x", now=at
        )
        services.answer_complaint(
            complaint=complaint, by=complaint.handler, text="ok", now=at + timedelta(hours=hours)
        )

    card = build_scorecard(world.cane_manager, mill=world.mill, season=world.season)

    answer_time = {p.slot.key: p for p in card.plugged}["complaint_answer_time"]
    assert answer_time.available
    assert answer_time.value.value == 10  # the middle of 4, 10 and 40 hours
    assert answer_time.value.count == 3
