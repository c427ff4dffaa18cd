"""Sample reads, scoped to the user (tebu_site.access.scope_for): the staff's lists and detail, the
samples of one DO's loads, and the samples past the mill's time limit that no step has flagged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from samples import chain
from samples.models import Sample, SampleDispute, SampleHandover, SampleSettings, Step
from tebu_site.access import scope_for

OPEN_STEPS = (Step.TAKEN, Step.SEALED, Step.RECEIVED_AT_LAB)


def samples_visible_to(user) -> QuerySet[Sample]:
    return scope_for(user, Sample.objects.select_related("farmer", "mill", "season"))


def with_chain(queryset: QuerySet[Sample]) -> QuerySet[Sample]:
    """Each sample with its steps (and who), its loads' SPTAs and its disputes: a fixed number
    of queries for any number of samples."""
    return queryset.prefetch_related(
        Prefetch("handovers", queryset=SampleHandover.objects.select_related("by")),
        "loads__spta",
        Prefetch("disputes", queryset=SampleDispute.objects.select_related("handover")),
    ).select_related("analysis", "replaced_by")


def samples_of_do(user, delivery_order) -> list[Sample]:
    """The samples of the DO's loads the user may see, oldest first.

    The ids first, then the samples with what they show: one query joining the loads, the
    weighings and the five relations a sample shows took PostgreSQL 12 ms to plan (0.6 ms to run)
    on every DO page, and most DOs have no sample at all (issue 18)."""
    ids = set(
        scope_for(user, Sample.objects.filter(loads__delivery_order=delivery_order)).values_list(
            "id", flat=True
        )
    )
    if not ids:
        return []
    queryset = samples_visible_to(user).filter(pk__in=ids)
    return list(with_chain(queryset).order_by("taken_at", "id"))


def recent_samples(user, limit: int = 20) -> list[Sample]:
    return list(samples_visible_to(user).order_by("-taken_at", "-id")[:limit])


@dataclass(frozen=True)
class Overdue:
    step: str  # the step that is late: received at the lab, or analysed
    limit_hours: int


def overdue(sample: Sample, limits: SampleSettings, now: datetime | None = None) -> Overdue | None:
    """A sample still open past a limit with the step not done yet (no step has flagged it)."""
    if sample.status not in OPEN_STEPS:
        return None
    hours = chain.hours_between(sample.taken_at, now or timezone.now())
    if sample.status != Step.RECEIVED_AT_LAB and hours > limits.lab_arrival_limit_hours:
        return Overdue(Step.RECEIVED_AT_LAB, limits.lab_arrival_limit_hours)
    if hours > limits.analysis_limit_hours:
        return Overdue(Step.ANALYSED, limits.analysis_limit_hours)
    return None


def overdue_samples(mill, now: datetime | None = None) -> QuerySet[Sample]:
    """The mill's open samples past the lab arrival or the analysis limit (one query)."""
    now = now or timezone.now()
    limits = SampleSettings.for_mill(mill.pk)
    to_lab = now - timedelta(hours=limits.lab_arrival_limit_hours)
    to_analysis = now - timedelta(hours=limits.analysis_limit_hours)
    return Sample.objects.filter(mill=mill, status__in=OPEN_STEPS).filter(
        Q(status__in=(Step.TAKEN, Step.SEALED), taken_at__lt=to_lab) | Q(taken_at__lt=to_analysis)
    )


def disputed_sample(user, complaint_id: int) -> Sample | None:
    """The sample whose step a complaint disputes, if the user may see it (the complaint page
    links back to the chain: the sample is what QC must look at)."""
    return (
        samples_visible_to(user).filter(disputes__complaint_id=complaint_id).order_by("pk").first()
    )
