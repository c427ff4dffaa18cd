"""The error type the partnership calculations raise, and the exact-number helpers they share.

Like ``analytics.methods.errors``: the calculations cannot use Django's translation machinery,
so an error carries a stable ``code`` and the ``params`` needed to word it; the Django layer turns
the code into a translated sentence. ``str(error)`` is a plain English fallback for logs.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any


class SettlementInputError(ValueError):
    """Settlement or rendemen input that cannot be computed, with a reason a person understands.

    Known codes: not_decimal, not_finite, negative_value, not_positive, out_of_range,
    rendemen_out_of_range, pol_exceeds_brix, unknown_scheme_kind, unknown_field, invalid_shape,
    missing_setting, not_applicable, tiers_not_contiguous, fractions_do_not_sum_to_one,
    natura_consumed_exceeds_natura, tma_fee_not_configured, missing_stream_value, unknown_stream.
    """

    def __init__(self, code: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


def to_decimal(value: Any, field: str) -> Decimal:
    """``value`` as an exact, finite Decimal; floats are refused because they are not exact.

    Accepts Decimal, int and numeric strings (the JSON shape of the reference files).
    """
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise SettlementInputError(
            "not_decimal",
            f"{field} must be a Decimal, int or numeric string, not {type(value).__name__}",
            field=field,
        )
    try:
        number = Decimal(value.strip() if isinstance(value, str) else value)
    except InvalidOperation:
        raise SettlementInputError(
            "not_decimal", f"{field} is not a number: {value!r}", field=field
        ) from None
    if not number.is_finite():
        raise SettlementInputError("not_finite", f"{field} must be finite", field=field)
    return number


def decimal_to_str(value: Decimal | None) -> str | None:
    """A Decimal as a plain JSON string, unrounded, no exponent or trailing zeros ("13.41", "0")."""
    if value is None:
        return None
    return "0" if value == 0 else format(value.normalize(), "f")
