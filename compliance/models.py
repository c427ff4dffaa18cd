"""The two-sided compliance ledger (domain.md section 9).

The studies read the partnership as a game that works while both sides keep the contract and fails
when one side breaches and the other cannot see it. A ComplianceEvent records one breach (or a
suspicion, for review) by either party: the farmer, the mill, the cooperative or a cutting crew,
with the plot, SPTA/weighing, rendemen or DO it concerns, the evidence, the status it has reached,
a sanction, and the farmer's answers. Events are raised by staff or by a rule (compliance.rules),
which names itself in ``rule_key`` so that re-running it never raises the same event twice.

The credit application link (``credit_application``) points into the credit app, which never
imports compliance: the dependency runs compliance -> credit -> partners only. Like the other
links it is nullable and independent.
"""

from __future__ import annotations

import functools
import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tebu_site.access import Scoping
from tebu_site.fields import (
    FILE_SIZE_MAX_BYTES,
    MoneyField,
    RangedDecimalField,
    RangedPositiveIntegerField,
    RangedPositiveSmallIntegerField,
)
from tebu_site.history import ChangeHistory
from tebu_site.models import TimeStampedModel

MONEY = {"max_digits": 16, "decimal_places": 2}


class Party(models.TextChoices):
    FARMER = "farmer", _("Farmer")
    MILL = "mill", _("Mill")
    COOPERATIVE = "cooperative", _("Cooperative")
    CUTTING_CREW = "cutting_crew", _("Cutting crew")


class EventType(TimeStampedModel):
    """One kind of breach in a mill's catalogue (editable by managers). The defaults come from
    domain.md section 9 (compliance.defaults) and are seeded by services.ensure_default_types."""

    scoping = Scoping(mill="mill")

    mill = models.ForeignKey(
        "partners.Mill", on_delete=models.CASCADE, related_name="compliance_event_types"
    )
    code = models.SlugField(_("code"), max_length=50)
    party = models.CharField(_("party"), max_length=20, choices=Party.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(
        _("in use"),
        default=True,
        help_text=_(
            "Switched off: staff cannot choose it and the rule that raises it stays silent."
        ),
    )

    class Meta:
        verbose_name = _("compliance event type")
        verbose_name_plural = _("compliance event types")
        ordering = ["mill", "party", "name"]
        constraints = [
            models.UniqueConstraint(fields=["mill", "code"], name="event_type_code_unique_per_mill")
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the reader's language while it is the default (stored in English, the
        msgid); a name a manager changed is shown as they wrote it."""
        from compliance.defaults import BY_CODE

        default = BY_CODE.get(self.code)
        if default is not None and self.name == _english_default_name(self.code):
            return str(default.name)
        return self.name


@functools.cache
def _english_default_name(code: str) -> str:
    """A default type's name in English, once per process: switching the language for every
    row of the ledger cost more than drawing it (issue 18)."""
    from django.utils import translation

    from compliance.defaults import BY_CODE

    with translation.override("en"):
        return str(BY_CODE[code].name)


class ComplianceSettings(TimeStampedModel):
    """A mill's thresholds for the rules. A mill without a row uses these defaults
    (``for_mill``), as partners.HarvestPolicy does."""

    scoping = Scoping(mill="mill")

    mill = models.OneToOneField(
        "partners.Mill", on_delete=models.CASCADE, related_name="compliance_settings"
    )
    do_unpaid_days = RangedPositiveSmallIntegerField(
        _("DO unpaid too long after (days)"),
        default=14,
        help_text=_(
            "Days from a DO's issue; a DO not fully paid by then raises a mill-side event. "
            "The scorecard's share of DOs paid on time uses the same number."
        ),
        minimum=1,
        maximum=365,
    )
    tranche_late_days = RangedPositiveSmallIntegerField(
        _("credit tranche late after (days)"),
        default=14,
        help_text=_(
            "Days after a tranche's planned date; a tranche paid later than that, or still "
            "unpaid by then, raises a mill-side event."
        ),
        minimum=1,
        maximum=365,
    )
    expected_yield_kw_per_ha = RangedDecimalField(
        _("expected cane yield (kw/ha)"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("800"),
        help_text=_("Used when the season has no yield of its own recorded."),
        minimum=Decimal(1),
        maximum=Decimal(100_000),
    )
    low_delivery_percent = RangedPositiveSmallIntegerField(
        _("low delivery below (% of expected)"),
        default=50,
        help_text=_(
            "A plot delivering less than this share of area × expected yield is listed for "
            "review (possible side-selling)."
        ),
        minimum=1,
        maximum=100,
    )
    low_delivery_quiet_days = RangedPositiveSmallIntegerField(
        _("check a plot's deliveries after (days without a load)"),
        default=21,
        help_text=_(
            "A plot is only checked once its last load is this old or the milling season has "
            "ended, so a harvest in progress is not mistaken for a shortfall."
        ),
        minimum=0,
        maximum=365,
    )
    spta_expiries = RangedPositiveSmallIntegerField(
        _("SPTA expiries that count as repeated"), default=2, minimum=2, maximum=100
    )
    on_time_target_percent = RangedPositiveSmallIntegerField(
        _("target: DOs paid on time (%)"),
        default=90,
        help_text=_(
            "The share of DOs the mill means to pay in full within the days above; the "
            "scorecard shows its figure against it, in red when below."
        ),
        minimum=0,
        maximum=100,
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("compliance settings")
        verbose_name_plural = _("compliance settings")

    def __str__(self) -> str:
        return str(self.mill)

    @classmethod
    def for_mill(cls, mill) -> ComplianceSettings:
        return cls.objects.filter(mill=mill).first() or cls(mill=mill)


class SeasonBenchmark(TimeStampedModel):
    """Figures of one mill's season from outside the partnership: the cane yield to expect (for
    the low-delivery rule) and the price a non-partner farmer got for cane (for the scorecard)."""

    scoping = Scoping(mill="season__mill")

    season = models.OneToOneField(
        "partners.Season", on_delete=models.CASCADE, related_name="compliance_benchmark"
    )
    expected_yield_kw_per_ha = RangedDecimalField(
        _("expected cane yield (kw/ha)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        minimum=Decimal(1),
        maximum=Decimal(100_000),
    )
    non_partner_price_per_kw = MoneyField(
        _("non-partner cane price (Rp per kw)"), null=True, blank=True
    )
    source = models.CharField(
        _("source of the price"),
        max_length=300,
        blank=True,
        help_text=_("Where the non-partner price comes from (survey, traders, district office)."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("season benchmark")
        verbose_name_plural = _("season benchmarks")

    def __str__(self) -> str:
        return str(self.season)


class EventStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CONFIRMED = "confirmed", _("Confirmed")
    SANCTIONED = "sanctioned", _("Sanctioned")
    DISMISSED = "dismissed", _("Dismissed")
    CLOSED = "closed", _("Closed")


# An event someone still has to act on.
OPEN_STATUSES = (EventStatus.OPEN, EventStatus.CONFIRMED)


class SanctionType(models.TextChoices):
    WARNING = "warning", _("Written warning")
    FINE = "fine", _("Fine")
    DEDUCTION = "deduction", _("Deduction from the DO")
    COMPENSATION = "compensation", _("Compensation to the other party")
    SUSPENSION = "suspension", _("Suspension (credit, SPTA or crew)")
    TERMINATION = "termination", _("Contract not renewed")
    OTHER = "other", _("Other")


class ComplianceEvent(TimeStampedModel):
    """One breach or suspicion by one party, with what it concerns, its evidence and outcome.

    ``farmer`` is the farmer the event concerns, whichever party breached: a farmer-party event is
    about them, and a mill-party event about their DO (paid late, below contract) is theirs to see.
    ``region`` follows the farmer so field staff see their region's events.
    """

    scoping = Scoping(mill="mill", region="region", farmer="farmer")

    mill = models.ForeignKey(
        "partners.Mill", on_delete=models.PROTECT, related_name="compliance_events"
    )
    season = models.ForeignKey(
        "partners.Season",
        on_delete=models.PROTECT,
        related_name="compliance_events",
        verbose_name=_("season"),
    )
    event_type = models.ForeignKey(
        EventType, on_delete=models.PROTECT, related_name="events", verbose_name=_("type")
    )
    party = models.CharField(_("party"), max_length=20, choices=Party.choices)
    region = models.ForeignKey(
        "partners.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="compliance_events",
        verbose_name=_("region"),
    )
    farmer = models.ForeignKey(
        "partners.Farmer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="compliance_events",
        verbose_name=_("farmer concerned"),
    )
    plot = models.ForeignKey(
        "partners.Plot",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="compliance_events",
        verbose_name=_("plot"),
    )
    spta = models.ForeignKey(
        "harvest.Spta",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="compliance_events",
        verbose_name=_("SPTA"),
    )
    weighing = models.ForeignKey(
        "harvest.Weighing",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="compliance_events",
        verbose_name=_("delivery (weighing)"),
    )
    rendemen_analysis = models.ForeignKey(
        "harvest.RendemenAnalysis",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="compliance_events",
        verbose_name=_("rendemen analysis"),
    )
    delivery_order = models.ForeignKey(
        "harvest.DeliveryOrder",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="compliance_events",
        verbose_name=_("delivery order (DO)"),
    )
    credit_application = models.ForeignKey(
        "credit.CreditApplication",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="compliance_events",
        verbose_name=_("credit application"),
    )
    summary = models.CharField(_("summary"), max_length=300)
    evidence = models.TextField(_("evidence"), blank=True)
    occurred_on = models.DateField(_("occurred on"), default=timezone.localdate)
    raised_at = models.DateTimeField(_("raised at"), default=timezone.now)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("raised by"),
        help_text=_("Empty when a rule raised it (see the rule)."),
    )
    # The rule that raised it and the thing it looked at ("do:42"): unique together, so a rule
    # re-run (or run by the schedule and by its trigger at once) never raises twice.
    rule_key = models.CharField(_("rule"), max_length=60, blank=True)
    subject_key = models.CharField(_("rule subject"), max_length=120, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=EventStatus.choices, default=EventStatus.OPEN
    )
    sanction_type = models.CharField(
        _("sanction"), max_length=20, choices=SanctionType.choices, blank=True
    )
    sanction_amount = MoneyField(_("sanction amount"), null=True, blank=True)
    sanction_on = models.DateField(_("sanction date"), null=True, blank=True)
    sanction_note = models.TextField(_("sanction note"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    # Read by the event's id, never by these keys: their copies are not indexed (issue 18).
    history = ChangeHistory(
        no_db_index=[
            "mill", "season", "event_type", "region", "farmer", "plot", "spta", "weighing",
            "rendemen_analysis", "delivery_order", "credit_application", "raised_by",
        ]
    )  # fmt: skip

    class Meta:
        verbose_name = _("compliance event")
        verbose_name_plural = _("compliance events")
        ordering = ["-raised_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule_key", "subject_key"],
                condition=~models.Q(rule_key=""),
                name="compliance_event_once_per_rule_subject",
            ),
            models.CheckConstraint(
                condition=models.Q(rule_key="") | ~models.Q(subject_key=""),
                name="compliance_rule_event_has_subject",
                violation_error_message=_("An event raised by a rule names what it is about."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="sanctioned") | ~models.Q(sanction_type=""),
                name="compliance_sanctioned_has_sanction",
                violation_error_message=_("A sanctioned event needs the type of sanction."),
            ),
            models.CheckConstraint(
                condition=models.Q(sanction_amount__isnull=True) | models.Q(sanction_amount__gte=0),
                name="compliance_sanction_amount_ge_0",
                violation_error_message=_("The sanction amount cannot be negative."),
            ),
        ]
        indexes = [
            models.Index(fields=["mill", "season", "status"], name="compliance_mill_season_idx"),
            models.Index(fields=["farmer", "-raised_at"], name="compliance_farmer_idx"),
            # The ledger's order within a mill (issue 18): 25 rows read from the index instead of
            # every event of the mill sorted on disk.
            models.Index(fields=["mill", "-raised_at", "-id"], name="compliance_mill_ledger_idx"),
            # The open events of a mill (the ledger's and the home card's counts) are a few
            # hundred among a season's tens of thousands: counted from this index alone.
            models.Index(
                fields=["mill", "party"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="compliance_mill_open_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_type}: {self.summary}"

    @property
    def raised_by_rule(self) -> bool:
        return bool(self.rule_key)

    @property
    def is_final(self) -> bool:
        return self.status == EventStatus.CLOSED


class EventStatusChange(models.Model):
    """One step of an event's status, who took it (a user, or the rule) and when. Never edited."""

    scoping = Scoping(mill="event__mill", region="event__region", farmer="event__farmer")

    event = models.ForeignKey(
        ComplianceEvent, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(
        _("from"), max_length=12, choices=EventStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=12, choices=EventStatus.choices)
    at = models.DateTimeField(_("at"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    by_rule = models.CharField(_("by rule"), max_length=60, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["event", "at", "id"]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.from_status} → {self.to_status}"


class EventAnswer(TimeStampedModel):
    """An answer to an event: the farmer's side of the story, or staff's reply to it."""

    scoping = Scoping(mill="event__mill", region="event__region", farmer="event__farmer")

    event = models.ForeignKey(ComplianceEvent, on_delete=models.CASCADE, related_name="answers")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("written by"),
    )
    by_farmer = models.BooleanField(_("by the farmer"), default=False)
    text = models.TextField(_("answer"))

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["event", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(text=""),
                name="compliance_answer_has_text",
                violation_error_message=_("Write the answer."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.text[:40]}"


def evidence_path(instance: EvidenceFile, filename: str) -> str:
    # A random name: the original (often a farmer's name) is kept in a field only.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"compliance/{instance.event_id}/{uuid.uuid4().hex}.{extension}"


class EvidenceFile(TimeStampedModel):
    """A photo or document backing an event. Served only by compliance.views.evidence_download,
    which checks the user may see the event; never as public media."""

    scoping = Scoping(mill="event__mill", region="event__region", farmer="event__farmer")

    event = models.ForeignKey(
        ComplianceEvent, on_delete=models.CASCADE, related_name="evidence_files"
    )
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size_bytes = RangedPositiveIntegerField(
        _("size (bytes)"), minimum=0, maximum=FILE_SIZE_MAX_BYTES
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["event", "created_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class ScorecardSummary(models.Model):
    """The scorecard's figures of one mill's season, per region, kept current by
    compliance.scorecard.summary (a Celery task after each change, debounced per mill, and the
    beat) so that the page reads one row instead of the season's DOs (issue 18). ``data`` holds
    counts and histograms (days from issue to payment, issue dates of unpaid DOs), so medians,
    percentiles and days waited "today" are exact at read time."""

    scoping = Scoping(mill="mill")

    mill = models.ForeignKey("partners.Mill", on_delete=models.CASCADE, related_name="+")
    season = models.OneToOneField(
        "partners.Season", on_delete=models.CASCADE, related_name="scorecard_summary"
    )
    data = models.JSONField(_("figures"), default=dict)
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)

    class Meta:
        verbose_name = _("scorecard summary")
        verbose_name_plural = _("scorecard summaries")

    def __str__(self) -> str:
        return f"{self.season} ({self.computed_at:%Y-%m-%d %H:%M})"
