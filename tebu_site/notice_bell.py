"""The unread count on the notice bell of every page, filled in by the app that keeps notices.

tebu_site is the floor every app builds on and imports none of them (a test walks the imports), so
the notices app registers its counter here from its AppConfig.ready(), as apps register home cards.
"""

from __future__ import annotations

from collections.abc import Callable

UnreadCounter = Callable[[object], int]

_counter: UnreadCounter | None = None


def register_unread_counter(counter: UnreadCounter) -> UnreadCounter:
    global _counter  # one bell, one counter: the last app to register wins
    _counter = counter
    return counter


def unread_count(user) -> int:
    """The user's unread notices; 0 for anonymous users or when no app keeps notices."""
    if _counter is None or not user.is_authenticated:
        return 0
    return _counter(user)
