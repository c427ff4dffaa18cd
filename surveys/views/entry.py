"""Answering a round: field staff interviewing a farmer, and the farmer in the portal.

Both use one phone-sized form; a little plain JavaScript (surveys/static/surveys/entry.js) keeps the
half-filled form on the device and sends it again when the connection is back.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from partners import selectors as partner_selectors
from surveys import selectors, services
from surveys.forms import ImportForm, ResponseForm, apply_errors
from surveys.imports import ImportRejected
from surveys.models import RoundStatus
from surveys.permissions import Action
from surveys.views._common import page_of, require_page
from tebu_site import params
from tebu_site.idempotency import idempotent_submission


@login_required
def respondents(request, pk: int):
    """The round's farmers an interviewer may enter answers for, unanswered first."""
    require_page(request.user, Action.ENTER_RESPONSES)
    survey_round = get_object_or_404(selectors.rounds_visible_to(request.user), pk=pk)
    query = params.read_text(request.GET, "q", max_length=100)
    targets = selectors.targets_for_entry(request.user, survey_round, query)
    return render(
        request,
        "surveys/respondents.html",
        {"survey_round": survey_round, "page": page_of(request, targets), "q": query},
    )


def _answer_page(request, *, survey_round, farmer, done_url: str, portal: bool):
    response = selectors.response_of(survey_round, farmer)
    version = survey_round.template_version
    attributes = list(selectors.version_attributes(version))
    editable = survey_round.status == RoundStatus.OPEN
    form = ResponseForm(
        request.POST if request.method == "POST" else None,
        version=version,
        attributes=attributes,
        initial=ResponseForm.initial_from(selectors.answers_by_code(response)),
    )
    status = 200
    if request.method == "POST":
        if not editable:
            form.add_error(None, _("The round is closed; its answers can no longer be changed."))
            status = 409
        elif form.is_valid():
            try:
                services.save_response(
                    survey_round=survey_round,
                    by=request.user,
                    answers=form.answers(),
                    farmer=farmer,
                    response=response,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                # The farmer answering on his own phone is thanked as "you"; an interviewer
                # is told whose answers were saved.
                thanks = (
                    _("Your answers are saved. Thank you.")
                    if portal
                    else _("Answers of %(name)s saved. Thank you.") % {"name": farmer.name}
                )
                messages.success(request, thanks)
                return redirect(done_url)
        if form.errors:
            status = max(status, 400)
    questions = form.questions()
    return render(
        request,
        "surveys/answer_form.html",
        {
            "survey_round": survey_round,
            "farmer": farmer,
            "form": form,
            "questions": questions,
            "answered_count": sum(1 for question in questions if question["answered"]),
            "response": response,
            "editable": editable,
            "portal": portal,
            "done_url": done_url,
            # Device draft key: one per round and farmer, so two interviews never mix.
            "draft_key": f"tebu-survey-{survey_round.pk}-{farmer.pk}",
            "draft_texts": {
                "restored": _(
                    "Answers not yet sent were restored from this device. Check them and save."
                ),
                "sending": _("Sending…"),
                "offline": _(
                    "No connection. The answers are kept on this device and will be sent "
                    "as soon as the connection is back, also after the phone is restarted."
                ),
            },
        },
        status=status,
    )


@login_required
@idempotent_submission
def staff_answer(request, pk: int, farmer_pk: int):
    require_page(request.user, Action.ENTER_RESPONSES)
    survey_round = get_object_or_404(selectors.rounds_visible_to(request.user), pk=pk)
    farmer = get_object_or_404(partner_selectors.farmers_visible_to(request.user), pk=farmer_pk)
    if farmer.mill_id != survey_round.mill_id:
        raise PermissionDenied
    return _answer_page(
        request,
        survey_round=survey_round,
        farmer=farmer,
        done_url=reverse("surveys:respondents", args=[pk]),
        portal=False,
    )


@login_required
def my_rounds(request):
    """A farmer's surveys: the rounds that ask them, and whether they answered."""
    if not request.user.is_farmer:
        return redirect("surveys:round-list")
    rounds = selectors.open_rounds_for_farmer(request.user)
    return render(
        request,
        "surveys/my_rounds.html",
        {"rounds": rounds, "farmer": getattr(request.user, "farmer", None)},
    )


@login_required
@idempotent_submission
def my_answer(request, pk: int):
    if not request.user.is_farmer:
        raise PermissionDenied
    farmer = getattr(request.user, "farmer", None)
    if farmer is None:
        raise PermissionDenied
    survey_round = get_object_or_404(selectors.rounds_visible_to(request.user), pk=pk)
    return _answer_page(
        request,
        survey_round=survey_round,
        farmer=farmer,
        done_url=reverse("surveys:my-rounds"),
        portal=True,
    )


@login_required
def round_import(request, pk: int):
    """Paper questionnaires from a CSV or XLSX file: all rows are saved, or none."""
    require_page(request.user, Action.IMPORT)
    survey_round = get_object_or_404(selectors.rounds_visible_to(request.user), pk=pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            outcome = services.import_responses(
                survey_round=survey_round,
                data=upload.read(),
                file_name=upload.name,
                anonymous=form.cleaned_data["respondents"] == "anonymous",
                by=request.user,
            )
        except ImportRejected as rejected:
            problems = rejected.problems
            status = 400
        else:
            messages.success(
                request,
                _("Imported %(answers)d answers of %(respondents)d respondents.")
                % {"answers": outcome.answers, "respondents": outcome.respondents},
            )
            return redirect("surveys:round-detail", pk=pk)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "surveys/import.html",
        {
            "survey_round": survey_round,
            "form": form,
            "problems": problems,
            "attributes": selectors.version_attributes(survey_round.template_version),
        },
        status=status,
    )
