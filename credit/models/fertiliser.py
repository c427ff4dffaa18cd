"""Subsidised fertiliser drawn against a farmer's season quota (PG Pakis Baru: kg per financed
hectare, 60 % Phonska / 40 % ZA advised; domain.md 5b). Each draw is also an in-kind advance, so
what the farmer owes for it is recovered from the harvest like any other advance."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from credit.models.applications import FARMER_SCOPING
from credit.models.loans import InKindAdvance
from partners.models import Farmer, Season
from tebu_site.fields import RangedDecimalField
from tebu_site.models import TimeStampedModel

# One draw of one farmer: a 2 ha quota is about a tonne; 50 t is beyond any smallholder.
KG = {
    "max_digits": 10,
    "decimal_places": 2,
    "default": Decimal(0),
    "minimum": Decimal(0),
    "maximum": Decimal(50_000),
}


class FertiliserDraw(TimeStampedModel):
    """Phonska and ZA handed to a farmer from the season's subsidised quota."""

    scoping = FARMER_SCOPING

    farmer = models.ForeignKey(
        Farmer, on_delete=models.PROTECT, related_name="fertiliser_draws", verbose_name=_("farmer")
    )
    season = models.ForeignKey(
        Season, on_delete=models.PROTECT, related_name="fertiliser_draws", verbose_name=_("season")
    )
    phonska_kg = RangedDecimalField(_("Phonska (kg)"), **KG)
    za_kg = RangedDecimalField(_("ZA (kg)"), **KG)
    drawn_on = models.DateField(_("drawn on"))
    advance = models.OneToOneField(
        InKindAdvance,
        on_delete=models.PROTECT,
        related_name="fertiliser_draw",
        verbose_name=_("in-kind advance"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("subsidised fertiliser draw")
        verbose_name_plural = _("subsidised fertiliser draws")
        ordering = ["farmer", "drawn_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(phonska_kg__gt=0) | models.Q(za_kg__gt=0),
                name="credit_fertiliser_draw_not_empty",
                violation_error_message=_("A fertiliser draw needs some Phonska or ZA."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.farmer} {self.season}: {self.phonska_kg} + {self.za_kg} kg"
