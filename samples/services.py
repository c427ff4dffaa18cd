"""Sample writes: label a sample for its load(s), record each hand-over by scanning its code, record
the lab reading (harvest's record_rendemen for the sample's loads), reject and re-sample, and let
the farmer dispute a step. The chain's order and the time limits are samples.chain's (pure).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from harvest.models import Weighing
from harvest.services.rendemen import record_rendemen
from partners.models import Season
from samples import chain
from samples.models import (
    Sample,
    SampleDispute,
    SampleHandover,
    SampleKind,
    SampleSettings,
    Step,
    code_from_scan,
)
from samples.permissions import SampleAction, require
from samples.signals import sample_disputed, sample_flagged
from tebu_site.access import scope_for
from tebu_site.numbering import highest_serial, next_serial
from tebu_site.services import require_visible, save_with_history

# A phone's clock may run a little ahead of the server's.
CLOCK_SKEW = timedelta(minutes=5)
DISPUTE_MAX = 2000
# Steps a scan records; "taken" is the label, "analysed" the lab reading, "re-sampled" resample().
SCANNED_STEPS = (Step.SEALED, Step.RECEIVED_AT_LAB, Step.REJECTED)


def _step_name(step: str) -> str:
    return str(Step(step).label) if step in Step.values else step


def refused_message(error: chain.StepRefused) -> str:
    values = {"last": _step_name(error.last), "step": _step_name(error.step)}
    messages = {
        "not_taken": _("The sample has no 'taken' step yet."),
        "closed": _("The sample's chain is closed (%(last)s): nothing can follow it."),
        "rejected": _("The sample was rejected: only a re-sample can follow."),
        "not_rejected": _("Only a rejected sample can be re-sampled."),
        "backwards": _(
            "Out of order: the sample is already at '%(last)s', so '%(step)s' cannot be "
            "recorded now."
        ),
    }
    return messages.get(error.code, _("This step cannot be recorded.")) % values


def sample_by_scan(user, scanned: str) -> Sample:
    """The sample whose code (or label QR payload) was scanned, among those ``user`` may see."""
    code = code_from_scan(scanned)
    if not code:
        raise ValidationError({"code": [_("Scan or type the sample's code.")]})
    sample = scope_for(user, Sample.objects.all()).filter(code__iexact=code).first()
    if sample is None:
        raise ValidationError(
            {"code": [_("No sample with the code %(code)s at your mill.") % {"code": code}]}
        )
    return sample


def _code_for(mill, season: Season) -> str:
    prefix = f"SMP/{mill.code.upper()}/{season.name}/"
    existing = Sample.objects.filter(mill=mill, code__startswith=prefix)
    serial = next_serial(
        f"sample:{mill.pk}:{season.pk}",
        highest_existing=lambda: highest_serial(existing, "code", prefix),
    )
    return f"{prefix}{serial:06d}"


def _check_time(at: datetime, after: datetime | None) -> None:
    if at > timezone.now() + CLOCK_SKEW:
        raise ValidationError({"at": [_("The time cannot be in the future.")]})
    if after is not None and at < after:
        raise ValidationError(
            {
                "at": [
                    _("The time is before the previous step (%(when)s).")
                    % {"when": formats.date_format(timezone.localtime(after), "j M Y H:i")}
                ]
            }
        )


def _append(
    sample: Sample, *, step: str, by, at: datetime | None, place: str, note: str
) -> SampleHandover:
    """Add one step to the chain (the sample row is locked by the caller), flag the sample when
    the step skips steps or comes after the mill's limit, and tell compliance once it is flagged."""
    previous = list(sample.handovers.order_by("at", "id"))
    try:
        check = chain.check_step([h.step for h in previous], step)
    except chain.StepRefused as error:
        raise ValidationError({"step": [refused_message(error)]}) from error
    at = at or timezone.now()
    _check_time(at, previous[-1].at if previous else None)
    limits = SampleSettings.for_mill(sample.mill_id)
    hours = chain.hours_between(sample.taken_at, at) if previous else Decimal(0)
    late = chain.is_late(
        step,
        hours,
        lab_limit=limits.lab_arrival_limit_hours,
        analysis_limit=limits.analysis_limit_hours,
    )
    handover = SampleHandover(
        sample=sample,
        step=step,
        at=at,
        by=by,
        by_role=str(by.get_role_display()),
        place=(place or "").strip()[:120],
        note=(note or "").strip(),
        hours_since_taken=hours,
        late=late,
    )
    handover.full_clean()
    save_with_history(handover, by)
    was_flagged = sample.is_flagged
    problems = []
    if check.skipped:
        sample.chain_broken = True
        problems.append(
            _("%(step)s without the step(s) before it: %(skipped)s.")
            % {
                "step": _step_name(step),
                "skipped": ", ".join(_step_name(s) for s in check.skipped),
            }
        )
    if late:
        sample.late = True
        limit = (
            limits.lab_arrival_limit_hours
            if step == Step.RECEIVED_AT_LAB
            else limits.analysis_limit_hours
        )
        problems.append(
            _("%(step)s %(hours)s hours after the sample was taken (limit %(limit)s hours).")
            % {
                "step": _step_name(step),
                "hours": formats.number_format(hours, decimal_pos=1, use_l10n=True),
                "limit": limit,
            }
        )
    if problems:
        sample.flag_note = " ".join(filter(None, [sample.flag_note, *problems]))
    sample.status = step
    save_with_history(sample, by)
    if sample.is_flagged and not was_flagged:
        sample_flagged.send(sender=Sample, sample=sample)
    return handover


def _loads(by, weighings: Sequence[Weighing], *, replacing: Sample | None = None) -> list:
    # Locked: two clerks labelling the same load at once get one sample, not two.
    loads = list(
        Weighing.objects.select_for_update()
        .select_related("spta")
        .filter(pk__in=[w.pk for w in weighings])
    )
    if not loads:
        raise ValidationError({"weighings": [_("Choose the load(s) the sample comes from.")]})
    for load in loads:
        require_visible(by, load)
    errors = []
    if len({load.spta.farmer_id for load in loads}) > 1:
        errors.append(_("A sample covers the loads of one farmer only."))
    active = (
        Sample.objects.filter(loads__in=loads)
        .exclude(status__in=[Step.REJECTED, Step.RESAMPLED])
        .exclude(pk=replacing.pk if replacing else None)
        .values_list("code", flat=True)
        .distinct()
    )
    for code in active:
        errors.append(_("A load already has the sample %(code)s.") % {"code": code})
    for load in loads:
        if load.rejected:
            errors.append(_("The load of SPTA %(number)s was rejected.") % load_values(load))
        elif load.rendemen_analysis_id is not None:
            errors.append(_("SPTA %(number)s already has a rendemen.") % load_values(load))
    if errors:
        raise ValidationError({"weighings": errors})
    return loads


def load_values(load: Weighing) -> dict:
    return {"number": load.spta.number}


@transaction.atomic
def label_sample(
    *,
    by,
    weighings: Sequence[Weighing],
    kind: str = SampleKind.WEIGHBRIDGE,
    place: str = "",
    taken_at: datetime | None = None,
    note: str = "",
    replacing: Sample | None = None,
) -> Sample:
    """A new sample for one load, or a group of one farmer's loads analysed together: its code
    (printed on the label with a QR code) and its first step, taken."""
    require(by, SampleAction.LABEL)
    if kind not in SampleKind.values:
        raise ValidationError({"kind": [_("Choose where the sample is taken.")]})
    loads = _loads(by, weighings, replacing=replacing)
    taken_at = taken_at or timezone.now()
    _check_time(taken_at, None)
    spta = loads[0].spta
    sample = Sample(
        code=_code_for(spta.mill, spta.season),
        mill_id=spta.mill_id,
        season_id=spta.season_id,
        farmer_id=spta.farmer_id,
        kind=kind,
        taken_at=taken_at,
        replaces=replacing,
    )
    sample.full_clean()
    save_with_history(sample, by)
    sample.loads.set(loads)
    _append(sample, step=Step.TAKEN, by=by, at=taken_at, place=place, note=note)
    return sample


def _locked(sample: Sample) -> Sample:
    return Sample.objects.select_for_update().get(pk=sample.pk)


@transaction.atomic
def record_handover(
    *, by, scanned: str, step: str, place: str = "", note: str = "", at: datetime | None = None
) -> SampleHandover:
    """A hand-over recorded by scanning the sample's label: sealed, received at the lab, or
    rejected (with the reason)."""
    require(by, SampleAction.HAND_OVER)
    if step not in SCANNED_STEPS:
        raise ValidationError({"step": [_("Choose the step to record.")]})
    if step == Step.REJECTED and not (note or "").strip():
        raise ValidationError({"note": [_("Say why the sample is rejected.")]})
    sample = _locked(sample_by_scan(by, scanned))
    return _append(sample, step=step, by=by, at=at, place=place, note=note)


@transaction.atomic
def record_lab_reading(
    *,
    by,
    scanned: str,
    readings: Mapping[str, Decimal | None] | None = None,
    rendemen_percent: Decimal | None = None,
    direct_reason: str = "",
    measured_at: datetime | None = None,
    place: str = "",
) -> Sample:
    """The lab reads the sample: harvest's record_rendemen for all the sample's loads (one
    analysis for a grouped sample), then the chain's "analysed" step at the measuring time."""
    sample = _locked(sample_by_scan(by, scanned))
    try:
        chain.check_step(list(sample.handovers.values_list("step", flat=True)), Step.ANALYSED)
    except chain.StepRefused as error:
        raise ValidationError({"code": [refused_message(error)]}) from error
    analysis = record_rendemen(
        by=by,
        weighings=list(sample.loads.all()),
        readings=readings,
        rendemen_percent=rendemen_percent,
        direct_reason=direct_reason,
        measured_at=measured_at,
        sample_code=sample.code,
    )
    sample.analysis = analysis
    _append(sample, step=Step.ANALYSED, by=by, at=analysis.measured_at, place=place, note="")
    return sample


@transaction.atomic
def resample(*, by, scanned: str, place: str = "", note: str = "") -> Sample:
    """A new sample for the loads of a rejected one; the old chain ends with "re-sampled"."""
    require(by, SampleAction.LABEL)
    old = _locked(sample_by_scan(by, scanned))
    if old.status != Step.REJECTED:
        raise ValidationError({"code": [_("Only a rejected sample can be re-sampled.")]})
    new = label_sample(
        by=by,
        weighings=list(old.loads.all()),
        kind=old.kind,
        place=place,
        note=note,
        replacing=old,
    )
    _append(
        old,
        step=Step.RESAMPLED,
        by=by,
        at=new.taken_at,
        place=place,
        note=_("New sample %(code)s.") % {"code": new.code},
    )
    return new


@transaction.atomic
def dispute_step(*, by, handover: SampleHandover, text: str, delivery_order=None) -> SampleDispute:
    """The farmer disputes one step of his sample's chain: a complaint routed to QC is opened
    (complaints app, through the sample_disputed signal) with the sample's code and step."""
    sample = handover.sample
    if not by.is_farmer or getattr(by, "farmer", None) is None or by.farmer.pk != sample.farmer_id:
        raise PermissionDenied(_("Only the farmer whose load it is may dispute this step."))
    require_visible(by, sample)
    body = (text or "").strip()
    if not body:
        raise ValidationError({"text": [_("Say what is wrong with this step.")]})
    if len(body) > DISPUTE_MAX:
        raise ValidationError({"text": [_("Write at most %(n)s characters.") % {"n": DISPUTE_MAX}]})
    if delivery_order is not None and delivery_order.farmer_id != sample.farmer_id:
        delivery_order = None
    dispute = SampleDispute(sample=sample, handover=handover, text=body, by=by)
    dispute.full_clean()
    save_with_history(dispute, by)
    answers = sample_disputed.send(
        sender=SampleDispute, dispute=dispute, by=by, delivery_order=delivery_order
    )
    complaint_ids = [answer for _receiver, answer in answers if answer]
    if not complaint_ids:
        raise ValidationError(_("Nobody at the mill receives complaints yet: tell a manager."))
    dispute.complaint_id = complaint_ids[0]
    save_with_history(dispute, by)
    return dispute
