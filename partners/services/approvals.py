"""The approval-chain machinery every subject shares (plot drawings here, credit applications in
the credit app): building chains from their defaults, reading where a subject stands, and the
separation-of-duties rules checked before a step is taken.

The rules (issue 12, domain.md sections 3 and 4):
- steps are taken in the chain's order, each by a user holding the step's role or position;
- one person takes at most one step of a subject (in the current round of the chain);
- the people who made the subject (who drew the plot, who entered the application) take none;
- a step's holder may send the subject back with a reason, which ends the round: after the
  subject comes back (validated again, verified again) the chain starts from its first step.

A subject's round starts when it last entered the state in which it waits for approvals; the
decisions recorded before that belong to earlier rounds and are shown, not counted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partners.models import (
    ApprovalChain,
    ApprovalStep,
    ChainPurpose,
    Decision,
    Mill,
    Position,
)
from tebu_site.models import Role


@dataclass(frozen=True)
class StepSpec:
    """A default step: its name and either a role or a position code."""

    name: str
    role: str = ""
    position: str = ""


# Positions every mill starts with (names translated when the rows are made; a manager renames
# or adds positions in the admin).
DEFAULT_POSITIONS: dict[str, str] = {
    "gis_operator": gettext_lazy("GIS operator"),
    "surveyor": gettext_lazy("Surveyor (juru ukur/gambar)"),
    "assistant_manager": gettext_lazy("Assistant manager"),
    "cane_manager": gettext_lazy("Cane manager"),
    "disbun_liaison": gettext_lazy("Estate-crops office (Disbun) liaison"),
    "cooperative_surveyor": gettext_lazy("Cooperative surveyor (A.O.)"),
}

# The Semboro E-Farming procedure: the drawing is approved by the GIS operator, the surveyor,
# QC, the KKW, the assistant manager and the cane manager (domain.md section 3, step 5).
PLOT_DRAWING_STEPS: tuple[StepSpec, ...] = (
    StepSpec(gettext_lazy("GIS operator"), position="gis_operator"),
    StepSpec(gettext_lazy("Surveyor"), position="surveyor"),
    StepSpec(gettext_lazy("QC"), role=Role.QC),
    StepSpec(gettext_lazy("KKW"), role=Role.FIELD_STAFF),
    StepSpec(gettext_lazy("Assistant manager"), position="assistant_manager"),
    StepSpec(gettext_lazy("Cane manager"), position="cane_manager"),
)


def ensure_positions(mill: Mill) -> dict[str, Position]:
    positions = {}
    for code, name in DEFAULT_POSITIONS.items():
        positions[code], _created = Position.objects.get_or_create(
            mill=mill, code=code, defaults={"name": str(name)}
        )
    return positions


@transaction.atomic
def create_chain(
    *, mill: Mill, purpose: str, name: str, steps: Sequence[StepSpec]
) -> ApprovalChain:
    positions = ensure_positions(mill)
    chain = ApprovalChain.objects.create(mill=mill, purpose=purpose, name=str(name))
    for order, spec in enumerate(steps, start=1):
        position = None
        if spec.position:
            position = (
                positions.get(spec.position)
                or Position.objects.get_or_create(
                    mill=mill, code=spec.position, defaults={"name": spec.position}
                )[0]
            )
        ApprovalStep.objects.create(
            chain=chain, order=order, name=str(spec.name), role=spec.role, position=position
        )
    return chain


def ensure_plot_drawing_chain(mill: Mill) -> ApprovalChain:
    """The mill's chain for plot drawings, made from the E-Farming default when missing."""
    chain = ApprovalChain.objects.filter(mill=mill, purpose=ChainPurpose.PLOT_DRAWING).first()
    if chain is None:
        chain = create_chain(
            mill=mill,
            purpose=ChainPurpose.PLOT_DRAWING,
            name=_("Plot drawing approval"),
            steps=PLOT_DRAWING_STEPS,
        )
    return chain


# ---------------------------------------------------------------- reading a subject's chain


def holds(step: ApprovalStep, user) -> bool:
    """Whether ``user`` holds the step's role or position (seeing the subject is checked apart)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if step.position_id:
        return any(holder.pk == user.pk for holder in step.position.holders.all())
    return bool(step.role) and user.has_role(step.role)


@dataclass
class StepState:
    step: ApprovalStep
    decision: object | None = None  # the approving row of this round
    waiting: bool = False


@dataclass
class ChainState:
    chain: ApprovalChain | None
    steps: list[StepState] = field(default_factory=list)
    sent_back: list = field(default_factory=list)  # send-back rows, newest first
    taken_by: set[int] = field(default_factory=set)  # users with a step in this round

    @property
    def waiting(self) -> ApprovalStep | None:
        return next((s.step for s in self.steps if s.waiting), None)

    @property
    def complete(self) -> bool:
        return bool(self.steps) and all(s.decision is not None for s in self.steps)

    @property
    def is_last_waiting(self) -> bool:
        return self.waiting is not None and self.steps[-1].step.pk == self.waiting.pk

    @property
    def done_count(self) -> int:
        return sum(1 for s in self.steps if s.decision is not None)


def chain_state(
    chain: ApprovalChain | None,
    decisions: Iterable,
    *,
    round_started: datetime | None,
    in_chain: bool,
    settled: bool = False,
) -> ChainState:
    """Where a subject stands: ``decisions`` are all its rows (oldest first), ``round_started``
    when it last entered the approval state, ``in_chain`` whether it waits on the chain now,
    ``settled`` whether it went through it (approved: its last round is shown)."""
    state = ChainState(chain=chain)
    if chain is None:
        return state
    decisions = list(decisions)
    state.sent_back = [d for d in reversed(decisions) if d.decision == Decision.SENT_BACK]
    current = [
        d
        for d in decisions
        if d.decision == Decision.APPROVED
        and (in_chain or settled)
        and (round_started is None or d.at >= round_started)
    ]
    by_step = {d.step_id: d for d in current}
    state.taken_by = {d.by_id for d in current}
    waiting_marked = False
    for step in chain.steps.all():
        entry = StepState(step=step, decision=by_step.get(step.pk))
        if in_chain and entry.decision is None and not waiting_marked:
            entry.waiting = waiting_marked = True
        state.steps.append(entry)
    return state


def refusal_for(state: ChainState, user, *, makers: set[int]) -> str:
    """Why ``user`` may not take the waiting step now ("" if they may)."""
    step = state.waiting
    if step is None:
        return _("No approval step is waiting.")
    if not holds(step, user):
        return _("The step “%(step)s” is taken by a holder of: %(holder)s.") % {
            "step": step.name,
            "holder": step.holder_label,
        }
    if user.pk in makers:
        return _("You made this yourself: someone else must approve it.")
    if user.pk in state.taken_by:
        return _("You already took a step of this chain: each step is taken by another person.")
    return ""


def may_take(state: ChainState, user, *, makers: set[int]) -> bool:
    return not refusal_for(state, user, makers=makers)


def require_may_take(state: ChainState, user, *, makers: set[int]) -> ApprovalStep:
    refusal = refusal_for(state, user, makers=makers)
    if refusal:
        if state.waiting is None:
            raise ValidationError(refusal)
        raise PermissionDenied(refusal)
    return state.waiting


def clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why it is sent back.")]})
    return reason
