"""The order of a sample's chain, as a pure check (no Django): which steps may follow which, which
were skipped, and whether a step came after the mill's time limit.

The chain runs taken -> sealed -> received at the lab -> analysed. A step may skip ahead (a sample
that reached the lab unsealed must still be analysed), but the skipped steps break the chain and
are named. Going back or repeating a step is refused: the record is append-only. A rejected sample
takes only "re-sampled", and analysed or re-sampled close the chain.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TAKEN = "taken"
SEALED = "sealed"
RECEIVED_AT_LAB = "received_at_lab"
ANALYSED = "analysed"
REJECTED = "rejected"
RESAMPLED = "resampled"

MAIN_LINE = (TAKEN, SEALED, RECEIVED_AT_LAB, ANALYSED)
CLOSED = frozenset({ANALYSED, RESAMPLED})


class StepRefused(ValueError):
    """The step cannot follow the chain as it stands; ``code`` says why (for the message)."""

    def __init__(self, code: str, *, last: str, step: str) -> None:
        super().__init__(code)
        self.code = code
        self.last = last
        self.step = step


@dataclass(frozen=True)
class StepCheck:
    skipped: tuple[str, ...]  # main-line steps jumped over: the chain is broken


def check_step(done: list[str], step: str) -> StepCheck:
    """May ``step`` follow the steps ``done`` (in order)? Raises StepRefused when not."""
    last = done[-1] if done else ""
    if not done:
        if step != TAKEN:
            raise StepRefused("not_taken", last=last, step=step)
        return StepCheck(skipped=())
    if last in CLOSED:
        raise StepRefused("closed", last=last, step=step)
    if last == REJECTED:
        if step != RESAMPLED:
            raise StepRefused("rejected", last=last, step=step)
        return StepCheck(skipped=())
    if step == RESAMPLED:
        raise StepRefused("not_rejected", last=last, step=step)
    if step == REJECTED:
        return StepCheck(skipped=())
    if step not in MAIN_LINE:
        raise StepRefused("unknown", last=last, step=step)
    here, there = MAIN_LINE.index(last), MAIN_LINE.index(step)
    if there <= here:
        raise StepRefused("backwards", last=last, step=step)
    return StepCheck(skipped=tuple(s for s in MAIN_LINE[here + 1 : there] if s not in done))


def next_step(done: list[str]) -> str | None:
    """The step the chain expects next, or None when it is closed."""
    if not done:
        return TAKEN
    last = done[-1]
    if last in CLOSED:
        return None
    if last == REJECTED:
        return RESAMPLED
    return MAIN_LINE[MAIN_LINE.index(last) + 1]


def hours_between(start, end) -> Decimal:
    """Whole tenths of an hour from ``start`` to ``end`` (datetimes), half up."""
    seconds = Decimal(str((end - start).total_seconds()))
    return (seconds / Decimal(3600)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def is_late(step: str, hours: Decimal, *, lab_limit: int, analysis_limit: int) -> bool:
    """Arrival at the lab and the analysis each have the mill's limit, counted from taking."""
    if step == RECEIVED_AT_LAB:
        return hours > lab_limit
    if step == ANALYSED:
        return hours > analysis_limit
    return False
