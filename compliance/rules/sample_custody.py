"""The mill-side breach "rendemen sample late or its chain broken" (issue 16): a sample flagged by
its chain (a step after the mill's limit, or a step skipped), or a sample still open past the
limit with the step not done. One event per sample (subject "sample:<pk>"), however many steps
are late. Run by samples.signals.sample_flagged (compliance.receivers) and by the schedule.

Lives here because the dependency runs compliance -> samples. Registered on import, from
ComplianceConfig.ready.
"""

from __future__ import annotations

from django.conf import settings as django_settings
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from compliance.rules import Rule, RuleContext, register, unraised
from compliance.services import Finding
from samples.models import Sample, SampleSettings, Step
from samples.selectors import overdue, overdue_samples

RULE_KEY = "sample_custody_breach"


def _finding(sample: Sample, evidence: str) -> Finding:
    load = next(iter(sample.loads.all()), None)
    with translation.override(django_settings.LANGUAGE_CODE):
        summary = str(_("Sample %(code)s: late or chain of custody broken") % {"code": sample.code})
    return Finding(
        subject_key=f"sample:{sample.pk}",
        season=sample.season_id,
        farmer=sample.farmer_id,
        weighing=load.pk if load else None,
        spta=load.spta_id if load else None,
        rendemen_analysis=sample.analysis_id,
        occurred_on=timezone.localdate(sample.taken_at),
        summary=summary,
        evidence=evidence,
    )


def _overdue_text(sample: Sample, limits: SampleSettings, now) -> str:
    late = overdue(sample, limits, now)
    if late is None:
        return ""
    with translation.override(django_settings.LANGUAGE_CODE):
        if late.step == Step.RECEIVED_AT_LAB:
            text = _("Not received at the lab within %(limit)s hours of being taken.")
        else:
            text = _("Not analysed within %(limit)s hours of being taken.")
        return str(text % {"limit": late.limit_hours})


def late_or_broken_samples(ctx: RuleContext):
    flagged = Sample.objects.filter(mill=ctx.mill).filter(Q(late=True) | Q(chain_broken=True))
    candidates = [ctx.narrow(flagged, Sample)]
    if ctx.only is None or isinstance(ctx.only, Sample):
        candidates.append(ctx.narrow(overdue_samples(ctx.mill, ctx.now), Sample))
    limits = SampleSettings.for_mill(ctx.mill.pk)
    seen = set()
    for queryset in candidates:
        samples = unraised(queryset, RULE_KEY, "sample:").prefetch_related("loads")
        for sample in samples:
            if sample.pk in seen:
                continue
            seen.add(sample.pk)
            evidence = sample.flag_note or _overdue_text(sample, limits, ctx.now)
            yield _finding(sample, evidence)


SAMPLE_CUSTODY_BREACH = register(
    Rule(
        key=RULE_KEY,
        event_type="sample_custody_breach",
        label=_("Rendemen sample late or its chain broken"),
        find=late_or_broken_samples,
        triggers=(Sample,),
    )
)
