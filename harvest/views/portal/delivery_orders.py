"""The farmer's DO pages: the list with status, amount and days waited; the DO walked from cane to
rupiah with every delivery's weights and rendemen inputs (and their corrections); a "what if my
rendemen were X %" calculator; the printable statement (domain.md 10.2 and 10.4)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from harvest import selectors as reads
from harvest.forms import WhatIfForm
from harvest.selectors_season_close import carried_debits_visible_to
from harvest.statement import statement_context, what_if
from tebu_site.pages import farmer_required
from tebu_site.pagination import paginate_without_count

DO_PAGE_SIZE = 50


@farmer_required
def my_dos(request):
    page = paginate_without_count(request, reads.farmer_do_cards(request.user), DO_PAGE_SIZE)
    # What a season close found he was paid above the final figures, and is taken back.
    debits = carried_debits_visible_to(request.user)
    return render(
        request,
        "harvest/portal/do_list.html",
        {"page": page, "debits": debits, "debits_total": sum(d.outstanding for d in debits)},
    )


@farmer_required
def my_do(request, pk: int):
    detail = reads.do_detail(request.user, pk)
    if detail is None:
        raise Http404
    context = statement_context(detail)
    if detail.order.days_overdue():
        context["who_to_ask"] = reads.who_to_ask(detail.order)
    form = WhatIfForm(request.GET or None)
    if form.is_bound and form.is_valid():
        context["what_if"] = what_if(detail.order, form.cleaned_data["rendemen"])
    context["what_if_form"] = form
    return render(request, "harvest/portal/do_detail.html", context)


@login_required
def do_print(request, pk: int):
    """The printable statement, for the farmer (their own) and for staff (scoped)."""
    detail = reads.do_detail(request.user, pk)
    if detail is None:
        raise Http404
    return render(request, "harvest/portal/do_print.html", statement_context(detail))
