"""Number formatting the way Indonesian readers and published tables expect.

Django's own localisation formats numbers by the active language (and rounds with Python's
banker's rounding via floatformat); money and measures here always use Indonesian separators and
half-up rounding, whatever the interface language, because that is how DOs and mill statements
print them.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


def to_decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        # repr gives the shortest string that round-trips, so 2.675 stays 2.675, not 2.67499...
        return Decimal(repr(value))
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def round_half_up(value, places: int = 0) -> Decimal | None:
    number = to_decimal(value)
    if number is None:
        return None
    return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_number(value, places: int = 2) -> str:
    """1234.565 -> '1.234,57' (half-up; Indonesian thousands '.' and decimal ',')."""
    number = round_half_up(value, places)
    if number is None:
        return "–"
    sign = "-" if number < 0 else ""
    text = f"{abs(number):,.{places}f}"  # '1,234.57'
    text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return f"{sign}{text}"


def format_rupiah(value, places: int = 0) -> str:
    """1234567 -> 'Rp 1.234.567'; negative amounts as '-Rp 1.234.567'."""
    number = to_decimal(value)
    if number is None:
        return "–"
    body = format_number(abs(number), places)
    return f"-Rp {body}" if round_half_up(number, places) < 0 else f"Rp {body}"
