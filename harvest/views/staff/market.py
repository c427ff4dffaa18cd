"""The mill's market records: the sugar auction price of each period (profit sharing is computed
from it, domain.md 5) and the sales of each revenue stream a multi-stream scheme shares (domain.md
5b). Seen by the mill's staff; recorded by the manager through harvest.services.market."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from harvest import selectors as reads
from harvest.forms import AuctionPriceForm, StreamSaleForm
from harvest.permissions import HarvestAction, may, require
from harvest.services.market import record_auction_price, record_stream_sale
from tebu_site.pages import add_service_errors, staff_required

FORMS = {
    "auction": (AuctionPriceForm, record_auction_price),
    "sale": (StreamSaleForm, record_stream_sale),
}


@staff_required
def market_records(request):
    which = request.POST.get("which") if request.method == "POST" else None
    if which is not None:
        require(request.user, HarvestAction.EDIT_SCHEME)
    forms = {
        key: form_class(request.POST if which == key else None, user=request.user)
        for key, (form_class, _service) in FORMS.items()
    }
    form = forms.get(which)
    if form is not None and form.is_valid():
        data = dict(form.cleaned_data)
        season = data.pop("season")
        try:
            FORMS[which][1](by=request.user, mill=season.mill, season=season, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Recorded."))
            return redirect("market-records")
    return render(
        request,
        "harvest/staff/market.html",
        {
            "auctions": reads.auction_prices_visible_to(request.user).order_by("-period_start"),
            "sales": reads.stream_sales_visible_to(request.user).order_by(
                "-period_start", "stream"
            ),
            "auction_form": forms["auction"],
            "sale_form": forms["sale"],
            "can_record": may(request.user, HarvestAction.EDIT_SCHEME),
        },
    )
