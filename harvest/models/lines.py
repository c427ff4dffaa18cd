"""A DO's statement lines, stored once and compactly on the DO (issue 18).

A DO has about twenty lines (cane, rendemen, sugar, each price, each deduction, the totals). As
rows of their own they cost 170 bytes each with their indexes, 3.8 KB a DO, more than the DO
itself: at a national season of two million DOs that is 7.6 GB. They are only ever read whole,
with their DO, so they live in one JSON column of the DO instead, as arrays in a fixed order that
PostgreSQL compresses with the row. Positions are the order; numbers are exact decimal strings.

The range every line number may take is declared here once (``DoLinesField``) and checked on
every save of a DO, like any stored number (``tebu_site.fields.validate_stored_numbers``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from harvest.calculations.errors import decimal_to_str

# Line figures keep more digits than the printed DO so that each step still multiplies out; the
# bound is the plausibility ceiling's order of magnitude, either sign (a line may subtract).
LINE_PLACES = 8
LINE_MINIMUM = Decimal(-(10**15))
LINE_MAXIMUM = Decimal(10**15)
# The most lines one DO may carry (a final DO explains each DO of the season on three lines).
MAX_LINES = 1000
_QUANTUM = Decimal(1).scaleb(-LINE_PLACES)
# The stored array: [code, label, quantity, unit, rate, amount, amount_unit].
_NUMBERS = (2, 4, 5)


@dataclass(frozen=True, slots=True)
class DoLine:
    """One step of the DO from cane to rupiah: quantity × rate = amount (a settlement line)."""

    code: str
    label: str = ""
    quantity: Decimal | None = None
    unit: str = ""
    rate: Decimal | None = None
    amount: Decimal | None = None
    amount_unit: str = ""
    position: int = 0


def pack_lines(lines: Iterable[DoLine]) -> list[list[Any]]:
    """The JSON the DO stores, in position order."""
    return [
        [
            line.code,
            line.label or "",
            decimal_to_str(line.quantity),
            line.unit or "",
            decimal_to_str(line.rate),
            decimal_to_str(line.amount),
            line.amount_unit or "",
        ]
        for line in sorted(lines, key=lambda line: line.position)
    ]


def _number(text: str | None) -> Decimal | None:
    # Read back with the places a numeric(24, 8) column gave, so a figure prints as it did.
    return None if text is None else Decimal(text).quantize(_QUANTUM)


def unpack_lines(packed: Sequence[Sequence[Any]] | None) -> tuple[DoLine, ...]:
    return tuple(
        DoLine(
            code=code,
            label=label,
            quantity=_number(quantity),
            unit=unit,
            rate=_number(rate),
            amount=_number(amount),
            amount_unit=amount_unit,
            position=position,
        )
        for position, (code, label, quantity, unit, rate, amount, amount_unit) in enumerate(
            packed or (), start=1
        )
    )


class DoLinesField(models.JSONField):
    """The packed lines, with the range of every number on them declared once."""

    minimum = LINE_MINIMUM
    maximum = LINE_MAXIMUM

    def check_stored_numbers(self, instance: models.Model) -> None:
        """Round each figure half-up to the places kept and refuse one out of range (called
        before every save by ``validate_stored_numbers``)."""
        packed = getattr(instance, self.attname) or []
        if len(packed) > MAX_LINES:
            raise ValidationError(
                _("A DO can carry at most %(limit)s lines.") % {"limit": MAX_LINES},
                code="max_lines",
            )
        for row in packed:
            for index in _NUMBERS:
                if row[index] is None:
                    continue
                try:
                    value = Decimal(row[index]).quantize(_QUANTUM, ROUND_HALF_UP)
                except (InvalidOperation, TypeError, ValueError):
                    value = None
                if value is None or not value.is_finite():
                    raise ValidationError(_("Give a finite number."), code="invalid")
                if not self.minimum <= value <= self.maximum:
                    raise ValidationError(
                        _("Each line figure must lie between %(low)s and %(high)s.")
                        % {"low": self.minimum, "high": self.maximum},
                        code="line_range",
                    )
                row[index] = decimal_to_str(value)
