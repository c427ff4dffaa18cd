"""The season close (issue 16): a scheme that pays each period on a provisional rendemen settles
the season again at the final rendemen and the final sugar and molasses prices. A run computes a
preview for every farmer of the mill (what was paid, what is due, the difference), then commits
it farmer by farmer: a final DO for a positive difference, a debit carried to next season for a
negative one. A Celery worker carries both steps out (harvest.services.season_close).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from harvest.models.delivery_orders import DeliveryOrder
from partners.models import Farmer, Mill, Season
from tebu_site.access import Scoping
from tebu_site.fields import MoneyField, RangedDecimalField, RangedPositiveIntegerField

COUNT = {"default": 0, "maximum": 10_000_000}
RENDEMEN = {
    "max_digits": 7,
    "decimal_places": 4,
    "null": True,
    "blank": True,
    "minimum": Decimal(0),
    "maximum": Decimal(20),
}
# A price per kw of sugar or per kg of molasses: the scheme's own ceiling (SETTING_MAX).
PRICE = {
    "max_digits": 14,
    "decimal_places": 2,
    "null": True,
    "blank": True,
    "minimum": Decimal(0),
    "maximum": Decimal(10**10),
}

# A mill's season in rupiah: far above one DO's plausibility ceiling (a mill of 5,000 farmers is
# paid about Rp 800 billion), still a bound: ten trillion.
TOTAL = {
    "max_digits": 16,
    "decimal_places": 2,
    "default": Decimal(0),
    "minimum": Decimal(0),
    "maximum": Decimal(10**13),
}


class SeasonCloseStatus(models.TextChoices):
    PREVIEWING = "previewing", _("Computing the preview")
    PREVIEWED = "previewed", _("Preview ready, not committed")
    COMMITTING = "committing", _("Writing the final DOs")
    DONE = "done", _("Committed")
    FAILED = "failed", _("Failed")


class SeasonClose(models.Model):
    """One season-close run of a mill: its final figures, its state and its totals."""

    scoping = Scoping(mill="mill")

    mill = models.ForeignKey(Mill, on_delete=models.PROTECT, related_name="+")
    season = models.ForeignKey(Season, on_delete=models.PROTECT, related_name="+")
    final_rendemen_percent = RangedDecimalField(
        _("the mill's final season rendemen (%)"),
        help_text=_("Leave empty to use the season's average of the analysed deliveries."),
        **RENDEMEN,
    )
    mill_average_percent = RangedDecimalField(
        _("mill average rendemen used (%)"), editable=False, **RENDEMEN
    )
    final_sugar_price_per_kw = RangedDecimalField(
        _("final sugar price (Rp/kw)"),
        help_text=_("Leave empty to keep each scheme's price."),
        **PRICE,
    )
    final_molasses_price_per_kg = RangedDecimalField(
        _("final molasses price (Rp/kg)"),
        help_text=_("Leave empty to keep each scheme's price."),
        **PRICE,
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=SeasonCloseStatus.choices,
        default=SeasonCloseStatus.PREVIEWING,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    previewed_at = models.DateTimeField(_("previewed at"), null=True, blank=True)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    commit_started_at = models.DateTimeField(_("commit started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    farmers_total = RangedPositiveIntegerField(_("farmers"), **COUNT)
    farmers_done = RangedPositiveIntegerField(_("farmers committed"), **COUNT)
    farmers_failed = RangedPositiveIntegerField(_("farmers not committed"), **COUNT)
    orders_count = RangedPositiveIntegerField(_("DOs settled again"), **COUNT)
    drafts_left = RangedPositiveIntegerField(_("drafts left out"), **COUNT)
    paid_total = RangedDecimalField(_("paid on provisional figures"), **TOTAL)
    due_total = RangedDecimalField(_("due at final figures"), **TOTAL)
    final_dos_total = RangedDecimalField(_("final DOs"), **TOTAL)
    debits_total = RangedDecimalField(_("debits carried to next season"), **TOTAL)
    error = models.TextField(_("why it failed"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("season close")
        verbose_name_plural = _("season closes")
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["mill", "-requested_at"], name="season_close_mill_idx")]

    def __str__(self) -> str:
        return f"{self.mill} {self.season.name} ({self.status})"

    @property
    def is_working(self) -> bool:
        return self.status in (SeasonCloseStatus.PREVIEWING, SeasonCloseStatus.COMMITTING)

    @property
    def difference_total(self) -> Decimal:
        return self.final_dos_total - self.debits_total

    @property
    def progress_percent(self) -> int:
        if not self.farmers_total:
            return 0
        return min(100, (self.farmers_done + self.farmers_failed) * 100 // self.farmers_total)


class SeasonCloseFarmer(models.Model):
    """One farmer in a season close: his DOs settled again (``orders``: per DO the paid and due
    figures), the difference, and once committed his final DO or the debit carried."""

    scoping = Scoping(mill="run__mill", region="farmer__region", farmer="farmer")

    run = models.ForeignKey(SeasonClose, on_delete=models.CASCADE, related_name="farmers")
    season = models.ForeignKey(Season, on_delete=models.PROTECT, related_name="+")
    farmer = models.ForeignKey(Farmer, on_delete=models.PROTECT, related_name="+")
    final_rendemen_percent = RangedDecimalField(_("final rendemen (%)"), **RENDEMEN)
    paid = MoneyField(_("paid on provisional figures"), default=Decimal(0))
    due = MoneyField(_("due at final figures"), default=Decimal(0))
    difference = MoneyField(_("difference"), default=Decimal(0), minimum=None)
    orders = models.JSONField(_("DOs settled again"), default=list, blank=True)
    committed = models.BooleanField(_("committed"), default=False)
    committed_at = models.DateTimeField(_("committed at"), null=True, blank=True)
    delivery_order = models.OneToOneField(
        DeliveryOrder,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="season_close",
        verbose_name=_("final DO"),
    )
    debit_carried = MoneyField(_("debit carried to next season"), default=Decimal(0))
    error = models.TextField(_("why it was not committed"), blank=True)

    history = HistoricalRecords(excluded_fields=["orders"])

    class Meta:
        verbose_name = _("farmer in a season close")
        verbose_name_plural = _("farmers in a season close")
        ordering = ["run", "farmer__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "farmer"], name="season_close_farmer_once"),
            # Committed once per farmer and season, whichever run did it.
            models.UniqueConstraint(
                fields=["season", "farmer"],
                condition=models.Q(committed=True),
                name="season_close_committed_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.run_id} {self.farmer_id}: {self.difference}"


class CarriedDebitRecovery(models.Model):
    """What one issued DO took back of a debit carried from an earlier season close: the debit
    is outstanding until its recoveries add up to it, so no rupiah is taken twice."""

    scoping = Scoping(
        mill="delivery_order__mill",
        region="delivery_order__farmer__region",
        farmer="delivery_order__farmer",
    )

    debit = models.ForeignKey(
        SeasonCloseFarmer,
        on_delete=models.PROTECT,
        related_name="recoveries",
        verbose_name=_("debit carried"),
    )
    delivery_order = models.ForeignKey(
        DeliveryOrder,
        on_delete=models.PROTECT,
        related_name="debit_recoveries",
        verbose_name=_("DO"),
    )
    amount = MoneyField(_("amount taken back"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("debit taken back on a DO")
        verbose_name_plural = _("debits taken back on DOs")
        ordering = ["recorded_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["debit", "delivery_order"], name="carried_debit_recovered_once_per_do"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="carried_debit_recovery_gt_0",
                violation_error_message=_("The amount taken back must be more than 0."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.debit_id} → {self.delivery_order_id}: {self.amount}"
