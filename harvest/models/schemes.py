"""Settlement schemes: how a mill pays its farmers in a season (domain.md 5 and 5b). The parameters
are checked and read by harvest.calculations.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
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

# Kinds whose DOs depend on the rendemen and the sugar price, so a season close can settle them
# again at the final figures (a price per kg of cane or typed streams do not).
SEASON_CLOSE_KINDS = (SchemeKind.RENDEMEN_TIER, SchemeKind.FLAT_VALUE_SHARE)


class FinalRendemenBasis(models.TextChoices):
    """Provisional then final settlement (issue 16): each period's DO pays on its provisional
    rendemen; the season close settles the season again at the final rendemen and prices."""

    NONE = "", _("No season close: each DO is final")
    FARMER = "farmer", _("Provisional, then each farmer's season rendemen")
    MILL_AVERAGE = "mill_average", _("Provisional, then the mill's season average rendemen")


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
    final_rendemen_basis = models.CharField(
        _("season close"),
        max_length=12,
        choices=FinalRendemenBasis.choices,
        default=FinalRendemenBasis.NONE,
        blank=True,
        help_text=_(
            "Pay each period on its provisional rendemen and settle the season at its close with "
            "the final rendemen and prices."
        ),
    )
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

    def clean(self) -> None:
        super().clean()
        if self.final_rendemen_basis and self.kind not in SEASON_CLOSE_KINDS:
            raise ValidationError(
                {
                    "final_rendemen_basis": _(
                        "Only a scheme that pays by the rendemen and the sugar price can be "
                        "settled again at the season close."
                    )
                }
            )

    def as_calculation(self) -> calc.SettlementScheme:
        return calc.scheme_from_dict(self.parameters)
