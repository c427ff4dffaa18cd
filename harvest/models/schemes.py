"""Settlement schemes: how a mill pays its farmers in a season (domain.md 5 and 5b). The parameters
are checked and read by harvest.calculations.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from harvest.calculations import settlement as calc
from partners.models.org import Mill, Season
from tebu_site.access import Scoping
from tebu_site.models import TimeStampedModel


class SchemeKind(models.TextChoices):
    RENDEMEN_TIER = "rendemen_tier", _("Rendemen-tier sugar sharing (PG Djatiroto, KOA)")
    FLAT_VALUE_SHARE = "flat_value_share", _("Flat share of the sugar value (PG Pakis Baru)")
    PRICE_PER_KG = "price_per_kg", _("Cane bought by weight (PT SMS Dompu)")
    MULTI_STREAM = "multi_stream", _("Shares of several revenue streams (PT Gunung Madu)")


assert {kind.value for kind in SchemeKind} == set(calc.SCHEME_KINDS)


class SettlementScheme(TimeStampedModel):
    """A mill's way of paying its farmers in a season, valid between two dates.

    ``parameters`` is the JSON shape of harvest.calculations.settlement (``scheme_to_dict``), so
    every scheme kind of domain.md 5b is expressible and checked by the same code that settles.
    """

    scoping = Scoping(mill="mill")

    mill = models.ForeignKey(Mill, on_delete=models.PROTECT, related_name="settlement_schemes")
    season = models.ForeignKey(Season, on_delete=models.PROTECT, related_name="settlement_schemes")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=SchemeKind.choices)
    parameters = models.JSONField(_("parameters"))
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective until"), null=True, blank=True)
    price_note = models.TextField(
        _("why the paid price differs from the contract"),
        blank=True,
        help_text=_("Required when cane is paid below the contract price."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("settlement scheme")
        verbose_name_plural = _("settlement schemes")
        ordering = ["mill", "-season__name", "-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(effective_to__isnull=True)
                | models.Q(effective_to__gte=models.F("effective_from")),
                name="scheme_effective_to_after_from",
                violation_error_message=_("The end date must not be before the start date."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.season.name})"

    def as_calculation(self) -> calc.SettlementScheme:
        return calc.scheme_from_dict(self.parameters)
