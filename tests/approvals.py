"""Walking an approval chain in tests: each step taken by a new person holding its role or
position, as separation of duties requires."""

from __future__ import annotations

from django.utils.translation import gettext

from credit.services import approvals as credit_approvals
from partners.models import RegistrationStatus
from partners.selectors_approvals import plot_chain_state
from partners.services import registration
from tebu_site.models import Role
from tests.factories import UserFactory


def holder_of(step, mill, regions=()):
    """A new user of ``mill`` who holds ``step`` (its role, or its position as a manager)."""
    if step.position_id:
        user = UserFactory(role=Role.MANAGER, mills=[mill])
        step.position.holders.add(user)
        return user
    if step.role == Role.FIELD_STAFF:
        return UserFactory(role=step.role, mills=[mill], regions=list(regions))
    return UserFactory(role=step.role, mills=[mill])


def walk_plot_chain(plot, *, leave=0):
    """Take every waiting step of the plot's chain but the last ``leave`` ones."""
    takers = []
    while True:
        plot.refresh_from_db()
        state = plot_chain_state(plot)
        if plot.registration_status != RegistrationStatus.VALIDATED or state.waiting is None:
            return takers
        if len(state.steps) - state.done_count <= leave:
            return takers
        user = holder_of(state.waiting, plot.mill, [plot.farmer.region])
        registration.approve_plot(plot=plot, by=user, note=f"ok {state.waiting.name}")
        takers.append(user)


def walk_application_chain(application):
    """Take every step of the application's chain before the decision (its last step)."""
    takers = []
    while True:
        application.refresh_from_db()
        state = credit_approvals.application_chain_state(application)
        if state.waiting is None or state.is_last_waiting:
            return takers
        user = holder_of(state.waiting, application.farmer.mill, [application.farmer.region])
        credit_approvals.approve_step(application=application, by=user, note="ok")
        takers.append(user)


def take_waiting_step(plot, note=""):
    """The plot's waiting step taken by a new holder of it (raises what approve_plot raises)."""
    state = plot_chain_state(plot)
    user = holder_of(state.waiting, plot.mill, [plot.farmer.region])
    return registration.approve_plot(plot=plot, by=user, note=note)


def made_it_yourself() -> str:
    """The refusal to whoever drew the plot or entered the application (in the active language)."""
    return gettext("You made this yourself: someone else must approve it.")


def took_a_step() -> str:
    return gettext("You already took a step of this chain: each step is taken by another person.")
