"""How the farm-income method reads its inputs and reports bad ones: Decimal parsing in the
method's own Decimal context, the required-field and bound checks that cost lines, revenue lines
and farms share, the ``where`` text that names the farm and line in every error, and the two
Decimal helpers every result uses (plain formatting, an exact sum). Kept apart so that costs,
revenue, the farm record and the results all parse and fail the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_EVEN, Context, Decimal, InvalidOperation
from typing import Any

from analytics.methods.errors import AnalysisInputError

# Own context so the results do not depend on whatever the caller set globally.
_CTX = Context(prec=34, rounding=ROUND_HALF_EVEN)
_ZERO = Decimal(0)
_HUNDRED = Decimal(100)


def _to_decimal(value: Any, column: str, **where: Any) -> Decimal:
    """A finite Decimal from a Decimal, int, numeric string (or float, via its shortest repr)."""
    if isinstance(value, bool):
        raise AnalysisInputError(
            "non_numeric",
            f"{column} must be a number, got {value!r}{_where(where)}",
            column=column,
            value=value,
            **where,
        )
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int | float | str):
        try:
            result = Decimal(str(value).strip())
        except InvalidOperation:
            result = None
    else:
        result = None
    if result is None or not result.is_finite():
        raise AnalysisInputError(
            "non_numeric",
            f"{column} must be a number, got {value!r}{_where(where)}",
            column=column,
            value=str(value),
            **where,
        )
    return result


def _where(where: Mapping[str, Any]) -> str:
    parts = []
    if where.get("index") is not None:
        parts.append(f"farm {where['index']}")
    if where.get("section") is not None:
        parts.append(f"{where['section']}[{where.get('line')}]")
    if where.get("farm") is not None:
        parts.append(f"farm {where['farm']!r}")
    return f" ({', '.join(parts)})" if parts else ""


def _invalid(message: str, **params: Any) -> AnalysisInputError:
    return AnalysisInputError("invalid_value", message, **params)


def _require_non_negative(value: Decimal, column: str, **where: Any) -> Decimal:
    if value < 0:
        raise _invalid(
            f"{column} must not be negative, got {value}{_where(where)}",
            column=column,
            value=str(value),
            **where,
        )
    return value


def _to_bool(value: Any, column: str, **where: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"true", "1", "yes", "ya"}:
        return True
    if isinstance(value, str) and value.strip().lower() in {"false", "0", "no", "tidak"}:
        return False
    raise _invalid(
        f"{column} must be true or false, got {value!r}{_where(where)}",
        column=column,
        value=str(value),
        **where,
    )


def _fmt(value: Decimal | None) -> str | None:
    """Plain (never scientific) string of an unrounded Decimal, or None."""
    return None if value is None else format(value, "f")


def _required(d: Mapping[str, Any], key: str, **where: Any) -> Any:
    if key not in d or d[key] is None or (isinstance(d[key], str) and not d[key].strip()):
        raise AnalysisInputError(
            "missing_column", f"missing field {key!r}{_where(where)}", column=key, **where
        )
    return d[key]


def _sum(values: Iterable[Decimal]) -> Decimal:
    total = _ZERO
    for value in values:
        total += value
    return total
