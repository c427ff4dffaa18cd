"""Display rounding that matches the published tables.

The studies the project reproduces (theses and mill reports, typed into Excel or by hand) round
half-up: 4.125 is printed 4.13 and 2.675 is printed 2.68. Python's ``round()`` does neither: it
rounds half to even (``round(4.125, 2) == 4.12``) and works on the binary float, which for 2.675
is 2.67499999999999982236431605997495353221893310546875 (``round(2.675, 2) == 2.67``).

``round_half_up`` therefore goes through the float's shortest decimal representation
(``repr``), which is the decimal the value stands for when it is a short decimal, and rounds that
with ``decimal.ROUND_HALF_UP``. Methods keep their results unrounded; round only for display and
for comparing against printed numbers.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction


def round_half_up(value: float | int | Decimal | Fraction, places: int = 2) -> Decimal:
    """Round ``value`` to ``places`` decimals, halves away from zero, as the published tables do.

    Negative halves round away from zero as well (-1.005 -> -1.01), which is what "half-up"
    means in a table of gaps. Returns a ``Decimal`` with exactly ``places`` decimals
    (``round_half_up(3.0) == Decimal("3.00")``) so it prints as the table does.

    Raises ``ValueError`` for NaN or infinity (nothing sensible to print) and for negative
    ``places``.
    """
    if places < 0:
        raise ValueError(f"places must be >= 0, got {places}")
    if isinstance(value, Decimal):
        exact = value
    elif isinstance(value, Fraction):
        # Enough digits that the exact rational decides the half; a Fraction is never "about" 0.5.
        exact = Decimal(value.numerator) / Decimal(value.denominator)
    elif isinstance(value, int):
        exact = Decimal(value)
    else:
        exact = Decimal(repr(float(value)))
    if not exact.is_finite():
        raise ValueError(f"cannot round a non-finite value: {value!r}")
    quantum = Decimal(1).scaleb(-places)
    return exact.quantize(quantum, rounding=ROUND_HALF_UP)
