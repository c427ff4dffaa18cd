"""DO and SPTA numbers come from a counter (issue 18): the next number costs the same few queries
however many documents the season holds, continues after numbers given before the counter
existed, and is never handed out twice."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from harvest.services.settlement import _next_do_number
from harvest.services.spta import _next_number
from tests.factories import DeliveryOrderFactory, SptaFactory
from tests.harvest.helpers import deliver, settled

pytestmark = pytest.mark.django_db


def queries_for(make_number) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as captured:
        number = make_number()
    return number, len(captured)


def test_the_do_number_continues_after_the_highest_given_before_the_counter(hw):
    prefix = f"DO/{hw.mill.code.upper()}/{hw.season.name}/"
    for serial in (3, 41, 7):
        DeliveryOrderFactory(farmer=hw.farmer, number=f"{prefix}{serial:05d}")
    order = settled(hw, [deliver(hw, net_kg=Decimal("10000"), rendemen=Decimal("7"))])
    assert order.number == f"{prefix}00042"
    assert _next_do_number(hw.mill, hw.season) == f"{prefix}00043"


def test_a_series_past_its_padding_continues_after_its_longest_number(hw):
    """99999 is greater than 100000 as text: the counter must start after 100000 (a season
    close on a loaded mill once drew 100000 again and every final DO was refused)."""
    prefix = f"DO/{hw.mill.code.upper()}/{hw.season.name}/"
    for serial in (99998, 99999, 100000, 100001):
        DeliveryOrderFactory(farmer=hw.farmer, number=f"{prefix}{serial:05d}")
    assert _next_do_number(hw.mill, hw.season) == f"{prefix}100002"


@pytest.mark.parametrize("existing", [5, 60])
def test_a_number_costs_the_same_queries_whatever_the_season_holds(hw, existing):
    prefix = f"DO/{hw.mill.code.upper()}/{hw.season.name}/"
    for serial in range(1, existing + 1):
        DeliveryOrderFactory(farmer=hw.farmer, number=f"{prefix}{serial:05d}")
    _next_do_number(hw.mill, hw.season)  # the series gets its counter
    number, queries = queries_for(lambda: _next_do_number(hw.mill, hw.season))
    assert number == f"{prefix}{existing + 2:05d}"
    assert queries <= 4  # savepoint, lock the counter row, update it, release


def test_spta_numbers_are_never_given_twice(hw):
    prefix = f"SPTA/{hw.mill.code.upper()}/{hw.season.name}/"
    SptaFactory(plot=hw.plot, number=f"{prefix}000010")
    numbers = [_next_number(hw.mill, hw.season) for _ in range(3)]
    assert numbers == [f"{prefix}000011", f"{prefix}000012", f"{prefix}000013"]
