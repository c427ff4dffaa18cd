"""The farmer's credit ledger (portal, plain words, phone first): where each application is and
how long it has waited, the documents, what was approved, every tranche paid or withheld for
cutting and haulage, every repayment and its DO, interest to date and what is still owed."""

from __future__ import annotations

from django.shortcuts import render

from credit import selectors
from credit.views._common import ledger_context
from tebu_site.pages import farmer_required


@farmer_required
def my_ledger(request):
    farmer = getattr(request.user, "farmer", None)
    ledger = selectors.ledger_for(request.user, farmer) if farmer is not None else None
    return render(
        request, "credit/portal_ledger.html", {"farmer": farmer, **ledger_context(ledger)}
    )
