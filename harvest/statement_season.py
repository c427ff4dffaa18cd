"""The final DO of a season close in words (issue 16): the final rendemen and prices, then for
each DO paid on provisional figures what is due at the final ones, what it paid, and the
difference (harvest.services.season_close_writes writes these lines); and the debit a close
carried, as a later DO takes it back."""

from __future__ import annotations

from django.utils.translation import gettext as _

from harvest.models import DoLine, FinalRendemenBasis
from harvest.statement import (
    DEDUCTIONS,
    PROCEEDS,
    RESULT,
    SUGAR,
    StatementRow,
    kw,
    percent,
    price,
    rupiah,
)

SECTION_OF = {
    "season_close_rendemen": SUGAR,
    "season_close_sugar_price": SUGAR,
    "season_close_molasses_price": SUGAR,
    "season_close_due": PROCEEDS,
    "season_close_paid": PROCEEDS,
    "season_close_difference": PROCEEDS,
    "season_close_due_total": RESULT,
    "season_close_paid_total": RESULT,
    "deduction_carried_debit": DEDUCTIONS,
}
TOTALS = {"season_close_difference", "season_close_due_total"}


def season_close_row(line: DoLine) -> StatementRow:
    q, r, a, code = line.quantity, line.rate, line.amount, line.code
    title, formula, value = code, "", rupiah(a)
    if code == "season_close_rendemen":
        title = _("Final rendemen of the season")
        if line.label == FinalRendemenBasis.MILL_AVERAGE:
            formula = _("The mill's season average, as the scheme sets")
        else:
            formula = _("Your season's rendemen: all your analysed cane, weighted by its weight")
        value = percent(q, 2)
    elif code == "season_close_sugar_price":
        title = _("Final sugar price")
        formula = _("Set by the mill at the close of the season")
        value = price(q, "kw")
    elif code == "season_close_molasses_price":
        title = _("Final molasses price")
        formula = _("Set by the mill at the close of the season")
        value = price(q, "kg")
    elif code == "season_close_due":
        title = _("DO %(number)s at the final figures") % {"number": line.label}
        formula = _(
            "%(cane)s cane at rendemen %(rendemen)s, settled by the scheme with the final prices"
        ) % {"cane": kw(q), "rendemen": percent(r, 2)}
    elif code == "season_close_paid":
        title = _("DO %(number)s as paid") % {"number": line.label}
        formula = _("%(cane)s cane at the provisional rendemen %(rendemen)s") % {
            "cane": kw(q),
            "rendemen": percent(r, 2),
        }
    elif code == "season_close_difference":
        title = _("Difference for DO %(number)s") % {"number": line.label}
        formula = _("Due at the final figures minus what was paid")
    elif code == "season_close_due_total":
        title = _("Due for the season at the final figures")
        formula = _("Sum of the DOs above")
    elif code == "season_close_paid_total":
        title = _("Paid on the provisional figures")
        formula = _("Sum of the DOs above")
    elif code == "deduction_carried_debit":
        title = _("Debit from the close of season %(season)s") % {"season": line.label}
        formula = _(
            "Your DOs of that season were paid above its final figures: taken back from this DO"
        )
    return StatementRow(
        code=code,
        section=SECTION_OF.get(code, RESULT),
        title=str(title),
        formula=str(formula),
        value=value,
        is_total=code in TOTALS,
    )
