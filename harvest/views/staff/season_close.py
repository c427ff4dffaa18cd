"""Staff pages of the season close (issue 16): start a run with the final figures, follow its
preview (mill totals and every farmer's difference), commit it. Thin: the form checks input,
harvest.services.season_close writes, harvest.selectors_season_close reads."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from harvest.forms import SeasonCloseForm
from harvest.permissions import HarvestAction, allowed_harvest_actions, require
from harvest.selectors_season_close import season_close_farmers, season_closes
from harvest.services.season_close import request_commit, request_season_close
from partners import selectors
from tebu_site.pages import add_service_errors, error_text, staff_required
from tebu_site.pagination import paginate_without_count

FARMERS_PER_PAGE = 50


@staff_required
def season_close_start(request):
    require(request.user, HarvestAction.SETTLE)
    season = selectors.seasons_visible_to(request.user).filter(is_current=True).first()
    form = SeasonCloseForm(request.POST or None, user=request.user, initial={"season": season})
    if request.method == "POST" and form.is_valid():
        try:
            run = request_season_close(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("season-close-run", pk=run.pk)
    return render(
        request,
        "harvest/staff/season_close.html",
        {"form": form, "runs": season_closes(request.user)[:5]},
    )


@staff_required
def season_close_run(request, pk: int):
    run = get_object_or_404(season_closes(request.user), pk=pk)
    return render(
        request,
        "harvest/staff/season_close_run.html",
        {
            "run": run,
            "page": paginate_without_count(
                request, season_close_farmers(request.user, run), FARMERS_PER_PAGE
            ),
            "can": allowed_harvest_actions(request.user),
        },
    )


@staff_required
@require_POST
def season_close_commit(request, pk: int):
    run = get_object_or_404(season_closes(request.user), pk=pk)
    try:
        request_commit(by=request.user, run=run)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The season close is being committed."))
    return redirect("season-close-run", pk=run.pk)
