"""Document numbers from a counter: ``DO/SMB/2025/2026/00042`` without counting the series.

Counting a mill's DOs for each new number cost 25-275 ms at national scale and grew with the
season (issue 18); a locked counter row costs the same for the first number and the millionth.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.db.models import QuerySet
from django.db.models.functions import Length

from tebu_site.models import NumberSequence


def next_serial(key: str, *, highest_existing: Callable[[], int]) -> int:
    """The next serial of the series ``key``. ``highest_existing`` is asked once, when the series
    gets its counter, so numbers given before the counter existed are never handed out again."""
    with transaction.atomic():
        sequence = NumberSequence.objects.select_for_update().filter(key=key).first()
        if sequence is None:
            sequence, _ = NumberSequence.objects.get_or_create(
                key=key, defaults={"last": highest_existing()}
            )
            sequence = NumberSequence.objects.select_for_update().get(pk=sequence.pk)
        sequence.last += 1
        sequence.save(update_fields=["last"])
        return sequence.last


def highest_serial(numbers: QuerySet, field: str, prefix: str) -> int:
    """The serial of the highest ``field`` of ``numbers`` that starts with ``prefix``, 0 when
    there is none. Serials are zero-padded, but a series outgrows its padding (00099999 is
    followed by 100000 in a six-digit series, 99999 by 100000 in a five-digit one), so the
    longest number comes first, then the greatest: a plain ``Max`` of the text would give the
    series' 99999 after 100000 and hand out 100000 again. Asked once per series, when its counter
    is created."""
    highest = (
        numbers.filter(**{f"{field}__startswith": prefix})
        .annotate(number_length=Length(field))
        .order_by("-number_length", f"-{field}")
        .values_list(field, flat=True)
        .first()
    )
    if not highest:
        return 0
    tail = highest[len(prefix) :]
    return int(tail) if tail.isdigit() else 0


class SerialBlock:
    """A series' counter held locked for a batch: ``upcoming`` is the serial the next document
    would get, ``take()`` hands it out. The counter is written once, by ``close()``."""

    def __init__(self, sequence: NumberSequence) -> None:
        self._sequence = sequence
        self._first_last = sequence.last
        self.upcoming = sequence.last + 1

    def take(self) -> int:
        serial = self.upcoming
        self.upcoming += 1
        return serial

    def close(self) -> None:
        if self.upcoming - 1 != self._first_last:
            self._sequence.last = self.upcoming - 1
            self._sequence.save(update_fields=["last"])


def serial_block(key: str, *, highest_existing: Callable[[], int]) -> SerialBlock:
    """Lock the series ``key`` for a batch that numbers many documents in one transaction (the
    caller's: the lock lasts until it ends). A batch knows whether a document is made only after
    computing it with its number, so serials are taken one by one and written back once, which
    gives the same numbers as ``next_serial`` called per document, without a query per number."""
    sequence = NumberSequence.objects.select_for_update().filter(key=key).first()
    if sequence is None:
        sequence, _ = NumberSequence.objects.get_or_create(
            key=key, defaults={"last": highest_existing()}
        )
        sequence = NumberSequence.objects.select_for_update().get(pk=sequence.pk)
    return SerialBlock(sequence)
