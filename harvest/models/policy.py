"""A mill's harvest and payment settings (SPTA validity, freshness limits, ripening, settlement
period, DO payment days): domain.md leaves them to each mill.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from partners.models.org import Mill
from tebu_site.access import Scoping
from tebu_site.fields import RangedDecimalField, RangedPositiveSmallIntegerField
from tebu_site.models import TimeStampedModel


class SettlementPeriod(models.TextChoices):
    WEEK = "week", _("Per week")
    BATCH = "batch", _("Per batch (any dates)")


class HarvestPolicy(TimeStampedModel):
    """A mill's harvest and payment settings. domain.md leaves these to each mill; a mill without
    a row uses the defaults below (``policy_for``)."""

    scoping = Scoping(mill="mill")

    mill = models.OneToOneField(Mill, on_delete=models.CASCADE, related_name="harvest_policy")
    spta_valid_hours = RangedPositiveSmallIntegerField(
        _("SPTA valid for (hours)"),
        default=24,
        minimum=1,
        maximum=720,
        help_text=_("Counted from the start of the cutting date; unused SPTAs then expire."),
    )
    freshness_warning_hours = RangedPositiveSmallIntegerField(
        _("freshness warning after (hours)"), default=24, minimum=1, maximum=240
    )
    freshness_alert_hours = RangedPositiveSmallIntegerField(
        _("freshness alert after (hours)"), default=36, minimum=1, maximum=240
    )
    ripening_months = RangedPositiveSmallIntegerField(
        _("cane ripe after (months)"),
        default=12,
        minimum=6,
        maximum=36,
        help_text=_("From planting or the last cut; used by the cutting schedule."),
    )
    settlement_period = models.CharField(
        _("settlement period"),
        max_length=10,
        choices=SettlementPeriod.choices,
        default=SettlementPeriod.WEEK,
    )
    do_payment_days = RangedPositiveSmallIntegerField(
        _("DO payment due after (days)"),
        default=30,
        minimum=1,
        maximum=365,
        help_text=_("Expected payment date after issue; unpaid later than this is overdue."),
    )
    late_payment_rate_percent = RangedDecimalField(
        _("late payment compensation (% a year)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(0),
        minimum=Decimal(0),
        maximum=Decimal(100),
        help_text=_(
            "From the day after a DO's payment date, what is still owed earns this rate for the "
            "farmer, day by day, until it is paid (the contract's term). 0: none."
        ),
    )
    max_gross_kg = RangedDecimalField(
        _("truck limit, gross (kg)"),
        max_digits=8,
        decimal_places=1,
        default=Decimal(40_000),
        minimum=Decimal(1_000),
        maximum=Decimal(100_000),
        help_text=_("A weighing above this gross weight is refused as a misreading."),
    )
    quota_warning_percent = RangedPositiveSmallIntegerField(
        _("warn at this share of the SPTA quota (%)"),
        default=90,
        minimum=1,
        maximum=100,
        help_text=_("The weighbridge is warned when a load's net cane reaches this share."),
    )
    quota_tolerance_percent = RangedPositiveSmallIntegerField(
        _("refuse above the SPTA quota by more than (%)"),
        default=10,
        maximum=100,
        help_text=_("A load over its SPTA's quota by more than this is refused."),
    )

    class Meta:
        verbose_name = _("harvest policy")
        verbose_name_plural = _("harvest policies")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(freshness_alert_hours__gte=models.F("freshness_warning_hours")),
                name="harvest_policy_alert_after_warning",
                violation_error_message=_("The freshness alert must come at or after the warning."),
            )
        ]

    def __str__(self) -> str:
        return str(self.mill)

    @classmethod
    def for_mill(cls, mill: Mill) -> HarvestPolicy:
        """The mill's saved policy, or the defaults when it has none."""
        return cls.objects.filter(mill=mill).first() or cls(mill=mill)
