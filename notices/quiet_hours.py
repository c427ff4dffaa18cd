"""When a quiet window ends: pure, no Django, so the rule is tested on its own.

A window is given in local wall-clock times (Asia/Jakarta for the mills we serve). ``21:00-06:00``
runs over midnight; equal ends, or none, mean no quiet hours at all.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta


def quiet_end(moment: datetime, start: time | None, end: time | None) -> datetime | None:
    """The end of the quiet window ``moment`` (local, aware) falls in, or None outside it."""
    if start is None or end is None or start == end:
        return None
    now = moment.time()
    today_end = datetime.combine(moment.date(), end, tzinfo=moment.tzinfo)
    if start < end:  # a window within one day, 13:00-15:00
        return today_end if start <= now < end else None
    if now >= start:  # over midnight, evening side: until tomorrow's end
        return today_end + timedelta(days=1)
    if now < end:  # over midnight, morning side
        return today_end
    return None
