"""The plot registration workflow (domain.md section 3, the e-Farming procedure):

    submitted → surveyed (GPS polygon uploaded) → overlap checked → validated by the KKW
    → approved (after every step of the mill's approval chain) → contracted (its season
    contract is signed)

or rejected with a reason at any step before the contract; a rejected plot can be reopened. A
validated plot waits on its mill's approval chain (partners.services.approvals): each step is
taken by another person holding the step's role or position, never by who drew the plot; the last
step approves it, and any step may send it back to be drawn or checked again.
Every step is a PlotRegistrationStep row naming who and when. An overlap with any other active plot
(of any farmer, at any mill) blocks approval until a release is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from partners import geometry as geo
from partners.models import (
    Decision,
    Plot,
    PlotApproval,
    PlotOverlap,
    PlotRegistrationStep,
    RegistrationAction,
    RegistrationStatus,
)
from partners.permissions import Action, may, require
from partners.services.approvals import clean_reason, ensure_plot_drawing_chain, require_may_take
from tebu_site.services import require_visible, save_with_history

S = RegistrationStatus
A = RegistrationAction

# action -> (statuses it may start from, status it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    A.SURVEY: (frozenset({S.SUBMITTED, S.SURVEYED, S.OVERLAP_CHECKED, S.VALIDATED}), S.SURVEYED),
    A.CHECK_OVERLAP: (frozenset({S.SURVEYED, S.OVERLAP_CHECKED}), S.OVERLAP_CHECKED),
    A.VALIDATE: (frozenset({S.OVERLAP_CHECKED}), S.VALIDATED),
    A.APPROVE: (frozenset({S.VALIDATED}), S.APPROVED),
    A.SEND_BACK: (frozenset({S.VALIDATED}), S.SURVEYED),
    A.CONTRACT: (frozenset({S.APPROVED, S.CONTRACTED}), S.CONTRACTED),
    A.REJECT: (
        frozenset({S.SUBMITTED, S.SURVEYED, S.OVERLAP_CHECKED, S.VALIDATED, S.APPROVED}),
        S.REJECTED,
    ),
    A.REOPEN: (frozenset({S.REJECTED}), S.SUBMITTED),
}

# Which permission each step needs (partners.permissions).
PERMISSION_FOR = {
    A.SURVEY: Action.SURVEY,
    A.CHECK_OVERLAP: Action.CHECK_OVERLAP,
    A.VALIDATE: Action.VALIDATE,
    A.APPROVE: Action.APPROVE,
    A.SEND_BACK: Action.APPROVE,
    A.CONTRACT: Action.SIGN_CONTRACT,
    A.REJECT: Action.REJECT,
    A.REOPEN: Action.REOPEN,
}

# The next step offered on the plot page, in workflow order (approval is the chain's).
FORWARD_ACTIONS = (A.CHECK_OVERLAP, A.VALIDATE)
# Taken through the approval chain, whose steps say who may take them.
CHAIN_ACTIONS = (A.APPROVE, A.SEND_BACK)


def overlap_tolerance_m2() -> float:
    return float(getattr(settings, "TEBU_OVERLAP_TOLERANCE_M2", geo.DEFAULT_OVERLAP_TOLERANCE_M2))


def record_step(
    *, plot: Plot, action: str, from_status: str, by, note: str = ""
) -> PlotRegistrationStep:
    return PlotRegistrationStep.objects.create(
        plot=plot,
        action=action,
        from_status=from_status,
        to_status=plot.registration_status,
        by=by,
        note=note,
    )


def _move(
    plot: Plot, action: str, by, note: str = "", *, check_role: bool = True
) -> PlotRegistrationStep:
    """Check the step is allowed from here and by this user, then move and record it. Chain
    steps (``check_role=False``) were checked against the step's role or position instead."""
    if check_role:
        require(by, PERMISSION_FOR[action])
    require_visible(by, plot)
    allowed_from, to_status = TRANSITIONS[action]
    if plot.registration_status not in allowed_from:
        raise ValidationError(
            _("A plot that is %(status)s cannot be moved by this step (%(step)s).")
            % {
                "status": plot.get_registration_status_display().lower(),
                "step": A(action).label.lower(),
            }
        )
    from_status = plot.registration_status
    plot.registration_status = to_status
    save_with_history(plot, by)
    return record_step(plot=plot, action=action, from_status=from_status, by=by, note=note)


def available_actions(plot: Plot, user) -> list[str]:
    """Steps this user may take on this plot now, for the buttons on the plot page."""
    actions = []
    for action, (allowed_from, _to) in TRANSITIONS.items():
        if action == A.CONTRACT or action in CHAIN_ACTIONS:
            continue  # the contract's signature, and the approval chain, move these
        if plot.registration_status in allowed_from and may(user, PERMISSION_FOR[action]):
            actions.append(str(action))
    return actions


# ---------------------------------------------------------------- survey


@transaction.atomic
def record_survey(*, plot: Plot, geometry: dict, by, note: str = "") -> PlotRegistrationStep:
    """QC uploads the measured polygon. A new drawing needs a new overlap check."""
    if not geo.is_polygon(geometry):
        raise ValidationError(
            {"geometry": [_("The survey needs the plot boundary (a polygon), not a point.")]}
        )
    plot.set_geometry(geometry)
    if plot.area_warning:
        difference = (plot.area_difference_ratio * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)
        warning = _("Declared area differs from the measured area by %(pct)s %%.") % {
            "pct": difference
        }
        note = f"{note} {warning}".strip()
    return _move(plot, A.SURVEY, by, note)


# ---------------------------------------------------------------- overlaps


@dataclass(frozen=True)
class Overlap:
    other: Plot
    square_metres: float


def find_overlaps(plot: Plot) -> list[Overlap]:
    """Active plots of any farmer at any mill whose polygon shares more than the tolerance with
    this plot's polygon. Deliberately not scoped to a user: the check is about the land."""
    if not plot.has_polygon:
        return []
    box = geo.bounding_box(plot.geometry)
    candidates = (
        Plot.objects.filter(is_active=True, geometry__isnull=False)
        .exclude(pk=plot.pk)
        .exclude(registration_status=S.REJECTED)
        # Bounding boxes that touch; the exact test is done in Python on the few left.
        .filter(
            Q(bbox_min_lon__lte=box.max_lon)
            & Q(bbox_max_lon__gte=box.min_lon)
            & Q(bbox_min_lat__lte=box.max_lat)
            & Q(bbox_max_lat__gte=box.min_lat)
        )
        .select_related("mill", "farmer")
        .order_by("code", "pk")
    )
    tolerance = overlap_tolerance_m2()
    found = []
    for other in candidates:
        shared = geo.overlap_m2(plot.geometry, other.geometry)
        if shared > tolerance:
            found.append(Overlap(other, shared))
    return found


def _refresh_overlaps(plot: Plot) -> list[PlotOverlap]:
    """Make the PlotOverlap rows match what overlaps now; releases already recorded are kept."""
    current = {overlap.other.pk: overlap for overlap in find_overlaps(plot)}
    plot.overlaps.filter(released_at__isnull=True).exclude(other_plot__in=current).delete()
    rows = []
    for other_pk, overlap in current.items():
        row, _created = PlotOverlap.objects.update_or_create(
            plot=plot,
            other_plot_id=other_pk,
            defaults={
                "overlap_m2": Decimal(repr(overlap.square_metres)).quantize(Decimal("0.1")),
            },
        )
        row.other_plot = overlap.other
        rows.append(row)
    return rows


def _describe(row: PlotOverlap) -> str:
    return _("plot %(code)s (%(mill)s), %(m2)s m²") % {
        "code": row.other_plot.code,
        "mill": row.other_plot.mill.name,
        "m2": row.overlap_m2,
    }


@transaction.atomic
def check_overlaps(*, plot: Plot, by) -> list[PlotOverlap]:
    """The mapper's check: record every overlap found; the plot moves on to be validated, and
    approval stays blocked while an overlap has no release."""
    if not plot.has_polygon:
        raise ValidationError(_("The plot has no measured boundary to check."))
    rows = _refresh_overlaps(plot)
    note = (
        _("Overlaps: %s.") % "; ".join(_describe(row) for row in rows)
        if rows
        else _("No overlap with other plots.")
    )
    _move(plot, A.CHECK_OVERLAP, by, note)
    return rows


@transaction.atomic
def release_overlap(*, overlap: PlotOverlap, by, note: str) -> PlotOverlap:
    """Record that the other mill or farmer released the overlapping land (a letter, a joint
    re-measurement...). The note says which."""
    require(by, Action.RELEASE_OVERLAP)
    require_visible(by, overlap.plot)
    if not note.strip():
        raise ValidationError({"note": [_("Say who released the overlap and how.")]})
    overlap.released_at = timezone.now()
    overlap.released_by = by
    overlap.release_note = note.strip()
    overlap.save()
    record_step(
        plot=overlap.plot,
        action=A.RELEASE_OVERLAP,
        from_status=overlap.plot.registration_status,
        by=by,
        note=f"{_describe(overlap)}: {overlap.release_note}",
    )
    return overlap


# ---------------------------------------------------------------- validation and approval


@transaction.atomic
def validate_plot(*, plot: Plot, by, note: str = "") -> PlotRegistrationStep:
    step = _move(plot, A.VALIDATE, by, note)
    ensure_plot_drawing_chain(plot.mill)
    return step


def _blocking_overlaps(plot: Plot) -> None:
    """Overlaps are checked again at each approval, since plots registered after the overlap
    check count too; one without a release blocks approval and is named."""
    blocking = [row for row in _refresh_overlaps(plot) if not row.is_released]
    if blocking:
        raise ValidationError(
            _(
                "Approval blocked: this plot overlaps %(plots)s. Correct the drawing or record a "
                "release from the other mill or farmer."
            )
            % {"plots": "; ".join(_describe(row) for row in blocking)},
            code="overlap",
        )


def _chain_step(plot: Plot, by):
    """Lock the plot and check ``by`` may take the step it waits on; return (plot, state, step)."""
    from partners.selectors_approvals import plot_chain_state, plot_makers

    require_visible(by, plot)
    plot = Plot.objects.select_for_update().select_related("mill").get(pk=plot.pk)
    if plot.registration_status != S.VALIDATED:
        raise ValidationError(
            _("A plot that is %(status)s is not waiting for approval; the KKW validates it first.")
            % {"status": plot.get_registration_status_display().lower()}
        )
    ensure_plot_drawing_chain(plot.mill)
    state = plot_chain_state(plot)
    step = require_may_take(state, by, makers=plot_makers(plot))
    return plot, state, step


@transaction.atomic
def approve_plot(*, plot: Plot, by, note: str = "") -> PlotApproval:
    """Take the step the plot waits on in its mill's approval chain; the last step approves the
    drawing (→ approved). Refused to anyone who drew the plot, who already took a step of this
    round, or who does not hold the step's role or position; blocked by an unreleased overlap."""
    plot, state, step = _chain_step(plot, by)
    _blocking_overlaps(plot)
    row = PlotApproval.objects.create(
        plot=plot, step=step, decision=Decision.APPROVED, by=by, note=(note or "").strip()
    )
    if state.is_last_waiting:
        _move(plot, A.APPROVE, by, note or step.name, check_role=False)
    return row


@transaction.atomic
def send_back_plot(*, plot: Plot, by, reason: str) -> PlotApproval:
    """The holder of the waiting step sends the drawing back with a reason (→ surveyed): it is
    drawn or checked again, validated again, and its chain starts again from the first step."""
    reason = clean_reason(reason)
    plot, _state, step = _chain_step(plot, by)
    row = PlotApproval.objects.create(
        plot=plot, step=step, decision=Decision.SENT_BACK, by=by, note=reason
    )
    _move(plot, A.SEND_BACK, by, f"{step.name}: {reason}", check_role=False)
    return row


@transaction.atomic
def reject_plot(*, plot: Plot, by, reason: str) -> PlotRegistrationStep:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason for the rejection.")]})
    plot.rejection_reason = reason
    return _move(plot, A.REJECT, by, reason)


@transaction.atomic
def reopen_plot(*, plot: Plot, by, note: str = "") -> PlotRegistrationStep:
    """A rejected plot comes back as submitted (e.g. after the farmer brought the missing
    certificate); the rejection stays in the steps."""
    plot.rejection_reason = ""
    return _move(plot, A.REOPEN, by, note)


def mark_contracted(*, plot: Plot, by, note: str = "") -> PlotRegistrationStep | None:
    """Called when the plot's season contract is signed."""
    if plot.registration_status == S.CONTRACTED:
        return record_step(plot=plot, action=A.CONTRACT, from_status=S.CONTRACTED, by=by, note=note)
    return _move(plot, A.CONTRACT, by, note)
