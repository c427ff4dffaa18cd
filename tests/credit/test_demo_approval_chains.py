"""The demo has its approval chains (issue 12): every mill the E-Farming chain for drawings;
PG Semboro's approved drawings signed at every step by six different people, none of whom drew
or entered the plot; validated drawings waiting on QC, in the QC officer's queue; the KUR of
`petani` signed at every step and the decision; one KUR waiting at the Disbun signature."""

import pytest
from django.contrib.auth import get_user_model

from credit.demo import load_demo_credit
from credit.models import CreditApplication, ProductKind
from credit.selectors_approvals import applications_waiting_on
from credit.services.approvals import application_chain_state
from harvest.demo import load_demo_harvest
from partners.demo import load_demo
from partners.models import ApprovalChain, Plot, RegistrationStatus
from partners.selectors_approvals import plot_chain_state, plot_makers, plots_waiting_on

pytestmark = pytest.mark.django_db


def test_the_demo_has_chains_signed_by_different_people(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    User = get_user_model()
    for chain in ApprovalChain.objects.filter(purpose="plot_drawing"):
        assert chain.steps.count() == 6
    semboro = Plot.objects.filter(mill__code="semboro")
    approved = semboro.filter(registration_status=RegistrationStatus.CONTRACTED)
    assert approved.exists()
    for plot in approved[:5]:
        state = plot_chain_state(plot)
        assert state.complete
        signers = [entry.decision.by_id for entry in state.steps]
        assert len(set(signers)) == 6
        assert not set(signers) & plot_makers(plot)
    waiting = semboro.filter(registration_status=RegistrationStatus.VALIDATED)
    assert waiting.exists()
    queue = [plot for plot, _state in plots_waiting_on(User.objects.get(username="qc"))]
    assert set(queue) == set(waiting)

    load_demo_harvest()
    load_demo_credit()
    loan = CreditApplication.objects.get(
        farmer__user__username="petani", product__kind=ProductKind.KUR
    )
    state = application_chain_state(loan)
    assert state.complete and len({e.decision.by_id for e in state.steps}) == 5
    disbun = User.objects.get(username="disbun")
    waiting_kur = [a for a, _state in applications_waiting_on(disbun)]
    assert len(waiting_kur) == 1
    assert application_chain_state(waiting_kur[0]).waiting.position.code == "disbun_liaison"
