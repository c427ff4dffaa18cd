"""Reads of credit applications' approval chains: the applications waiting on a user (scoped
like every other list), with their chain states computed from prefetched rows."""

from __future__ import annotations

from django.db.models import Prefetch

from credit.models import ApplicationApproval, ApplicationStatus, CreditApplication, StatusChange
from credit.selectors import applications_visible_to
from credit.services.approvals import application_chain_state, application_makers
from partners.models import ApprovalChain
from partners.selectors_approvals import chains_with_steps
from partners.services.approvals import ChainState, may_take


def with_chain_rows(applications):
    return applications.select_related("farmer__user").prefetch_related(
        Prefetch("approvals", queryset=ApplicationApproval.objects.select_related("by", "step")),
        Prefetch("status_changes", queryset=StatusChange.objects.order_by("at", "id")),
    )


def chains_for(applications) -> dict[int, ApprovalChain]:
    ids = {a.product.approval_chain_id for a in applications if a.product.approval_chain_id}
    return {chain.pk: chain for chain in chains_with_steps().filter(pk__in=ids)}


def applications_waiting_on(user) -> list[tuple[CreditApplication, ChainState]]:
    """Verified applications of the user's mill and region whose waiting step they may take."""
    if user.is_farmer:
        return []
    applications = list(
        with_chain_rows(
            applications_visible_to(user).filter(status=ApplicationStatus.VERIFIED)
        ).order_by("status_changed_at", "id")
    )
    chains = chains_for(applications)
    waiting = []
    for application in applications:
        state = application_chain_state(
            application, chains.get(application.product.approval_chain_id)
        )
        if may_take(state, user, makers=application_makers(application)):
            waiting.append((application, state))
    return waiting
