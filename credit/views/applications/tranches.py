"""The money paid out on an approved application: adding a tranche to its plan and recording a
tranche as paid (date, amount, reference). Kept apart from the assessment and the documents
because tranches belong to disbursement, with its own permission and service.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from credit import selectors
from credit.forms import AddTrancheForm, TranchePaidForm
from credit.permissions import CreditAction, may
from credit.services import disbursements as disbursement_services
from credit.views._common import credit_staff_required
from credit.views.applications.page import _detail, _done, _load
from tebu_site.pages import add_service_errors


@credit_staff_required
@require_POST
def tranche_paid(request, pk: int):
    tranche = get_object_or_404(selectors.disbursements_visible_to(request.user), pk=pk)
    form = TranchePaidForm(request.POST, prefix=f"paid-{pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            disbursement_services.record_tranche_paid(
                disbursement=tranche,
                by=request.user,
                paid_on=data["paid_on"],
                amount=data["amount"],
                reference=data["reference"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(
                request,
                tranche.application,
                _("Tranche %(n)s recorded as paid.") % {"n": tranche.order},
            )
    return _detail(
        request, _load(request, tranche.application_id), bound={"paid": (pk, form)}, status=400
    )


@credit_staff_required
@require_POST
def tranche_add(request, pk: int):
    application = _load(request, pk)
    if not may(request.user, CreditAction.DISBURSE):
        raise PermissionDenied
    form = AddTrancheForm(request.POST)
    if form.is_valid():
        try:
            disbursement_services.add_tranche(
                application=application, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, application, _("Tranche added."))
    return _detail(request, application, bound={"add_tranche": (None, form)}, status=400)
