"""Reads of the plot-drawing approval chain: where a plot stands, and the plots waiting on a
user (scoped like every other list)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from partners.models import (
    ApprovalChain,
    ApprovalStep,
    ChainPurpose,
    Plot,
    PlotApproval,
    PlotRegistrationStep,
    RegistrationAction,
    RegistrationStatus,
)
from partners.selectors import plots_visible_to
from partners.services.approvals import ChainState, chain_state, may_take

# Who made the drawing: who registered the plot and who uploaded a survey drawing of it. They
# never approve it (issue 12: "a person cannot approve their own drawing").
MAKER_ACTIONS = (RegistrationAction.SUBMIT, RegistrationAction.SURVEY)
SETTLED = (RegistrationStatus.APPROVED, RegistrationStatus.CONTRACTED)


def chains_with_steps() -> QuerySet[ApprovalChain]:
    return ApprovalChain.objects.prefetch_related(
        Prefetch(
            "steps",
            queryset=ApprovalStep.objects.select_related("position").prefetch_related(
                "position__holders"
            ),
        )
    )


def plot_chain(mill_id: int) -> ApprovalChain | None:
    return chains_with_steps().filter(mill_id=mill_id, purpose=ChainPurpose.PLOT_DRAWING).first()


def plot_makers(plot: Plot) -> set[int]:
    return {step.by_id for step in plot.registration_steps.all() if step.action in MAKER_ACTIONS}


def plot_round_started(plot: Plot):
    """When the plot last became validated: the approvals after it count."""
    validated = [
        step.at
        for step in plot.registration_steps.all()
        if step.to_status == RegistrationStatus.VALIDATED
        and step.from_status != RegistrationStatus.VALIDATED
    ]
    return max(validated) if validated else None


def plot_chain_state(plot: Plot, chain: ApprovalChain | None = None) -> ChainState:
    if chain is None:
        chain = plot_chain(plot.mill_id)
    return chain_state(
        chain,
        plot.approvals.all(),
        round_started=plot_round_started(plot),
        in_chain=plot.registration_status == RegistrationStatus.VALIDATED,
        settled=plot.registration_status in SETTLED,
    )


def approvals_of(plot: Plot) -> QuerySet[PlotApproval]:
    return plot.approvals.select_related("step", "by").order_by("at", "id")


def _with_chain_rows(plots: QuerySet[Plot]) -> QuerySet[Plot]:
    return plots.select_related("farmer", "mill").prefetch_related(
        Prefetch("approvals", queryset=PlotApproval.objects.select_related("by", "step")),
        Prefetch("registration_steps", queryset=PlotRegistrationStep.objects.order_by("at", "id")),
    )


def plots_waiting_on(user) -> list[tuple[Plot, ChainState]]:
    """Validated plots of the user's mill and region whose waiting step the user may take."""
    if user.is_farmer:
        return []
    plots = _with_chain_rows(
        plots_visible_to(user)
        .filter(registration_status=RegistrationStatus.VALIDATED, is_active=True)
        .order_by("code", "id")
    )
    chains = {
        chain.mill_id: chain
        for chain in chains_with_steps().filter(
            purpose=ChainPurpose.PLOT_DRAWING, mill__in=plots.values("mill")
        )
    }
    waiting = []
    for plot in plots:
        state = plot_chain_state(plot, chains.get(plot.mill_id))
        if may_take(state, user, makers=plot_makers(plot)):
            waiting.append((plot, state))
    return waiting
