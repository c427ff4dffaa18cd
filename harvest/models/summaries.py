"""What the staff home and the DO register show in totals, kept per mill and region by a task
instead of summed over a mill's DOs on every request (issue 18; harvest.services.summaries)."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from partners.models.org import Mill, Region
from tebu_site.access import Scoping
from tebu_site.fields import MoneyField, RangedPositiveIntegerField

COUNT = {"default": 0, "maximum": 100_000_000}


class DoSummary(models.Model):
    """The DOs of one region of a mill (a farmer without a region counts under none)."""

    scoping = Scoping(mill="mill", region="region")

    mill = models.ForeignKey(Mill, on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, null=True, related_name="+")
    issued_count = RangedPositiveIntegerField(_("DOs issued"), **COUNT)
    draft_count = RangedPositiveIntegerField(_("drafts"), **COUNT)
    unpaid_count = RangedPositiveIntegerField(_("unpaid DOs"), **COUNT)
    overdue_count = RangedPositiveIntegerField(_("overdue DOs"), **COUNT)
    owed = MoneyField(_("still owed"), default=Decimal(0))
    overdue_owed = MoneyField(_("still owed on overdue DOs"), default=Decimal(0))
    as_of = models.DateField(_("overdue as of"))
    refreshed_at = models.DateTimeField(_("refreshed at"))

    class Meta:
        verbose_name = _("DO summary")
        verbose_name_plural = _("DO summaries")
        constraints = [
            # The refresh replaces a mill's rows at once, so a row per region (and one for
            # farmers without a region) is all there ever is.
            models.UniqueConstraint(fields=["mill", "region"], name="do_summary_once_per_region")
        ]

    def __str__(self) -> str:
        return f"{self.mill} / {self.region or '-'}: {self.unpaid_count}"


class DoSummaryState(models.Model):
    """One row per mill: whether its summaries wait for a refresh (a DO or payment changed)."""

    mill = models.OneToOneField(Mill, on_delete=models.CASCADE, related_name="+")
    dirty = models.BooleanField(_("needs a refresh"), default=True)
    changed_at = models.DateTimeField(_("changed at"), null=True)

    class Meta:
        verbose_name = _("DO summary state")
        verbose_name_plural = _("DO summary states")

    def __str__(self) -> str:
        return f"{self.mill}: {'dirty' if self.dirty else 'fresh'}"
