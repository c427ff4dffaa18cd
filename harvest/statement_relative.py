"""Relative quality payment in words (issue 16): the mill's average rendemen in the period, and
where the farmer's own stands against it, as his statement shows them."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from harvest.models import DoLine
from harvest.statement import SUGAR, StatementRow, percent, share


def relative_row(line: DoLine) -> StatementRow:
    q, r, a = line.quantity, line.rate, line.amount
    if line.code == "mill_average_rendemen":
        title = _("Mill's average rendemen in the period")
        formula = _("All the cane the mill analysed on the days of this DO, weighted by its weight")
        value = percent(q, 2)
    else:
        distance = percent(abs(q), 2)
        if q > 0:
            position = _("Your rendemen is %(points)s above the mill's average") % {
                "points": distance
            }
        elif q < 0:
            position = _("Your rendemen is %(points)s below the mill's average") % {
                "points": distance
            }
        else:
            position = _("Your rendemen equals the mill's average")
        title = _("Rendemen your sugar is shared on")
        formula = _(
            "%(position)s; the scheme pays %(share)s of that difference: average %(sign)s "
            "%(share)s × %(points)s"
        ) % {
            "position": position,
            "share": share(r),
            "sign": "-" if q < Decimal(0) else "+",
            "points": distance,
        }
        value = percent(a, 2)
    return StatementRow(
        code=line.code, section=SUGAR, title=str(title), formula=str(formula), value=value
    )
