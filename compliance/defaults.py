"""The default catalogue of compliance event types, from domain.md section 9 (both sides' breaches
as the field studies list them), plus the types the automatic rules raise. Seeded per mill by
services.ensure_default_types; managers edit names and switch types off per mill afterwards."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class DefaultType:
    code: str
    party: str
    name: str
    description: str = ""


# Parties as stored (compliance.models.Party); plain strings so the models can import this module.
DEFAULT_TYPES: tuple[DefaultType, ...] = (
    # farmer
    DefaultType(
        "side_selling",
        "farmer",
        _("Cane sold to another buyer (side-selling)"),
        _("Cane from a registered plot delivered to another mill or trader."),
    ),
    DefaultType(
        "low_delivery_review",
        "farmer",
        _("Low delivery from a registered plot (for review)"),
        _(
            "The plot delivered far less cane than its area and the season's yield would give. "
            "A question to look into with the farmer (harvest failure, fire, measurement, or "
            "cane sold elsewhere), not a finding."
        ),
    ),
    DefaultType("credit_misuse", "farmer", _("Credit used for other purposes")),
    DefaultType("credit_default", "farmer", _("Credit not repaid (default)")),
    DefaultType(
        "plot_misrepresented",
        "farmer",
        _("Plot misrepresented or registered at two mills"),
    ),
    DefaultType("non_mbs_cane", "farmer", _("Cane not meeting MBS delivered")),
    DefaultType("guidance_ignored", "farmer", _("Cultivation guidance ignored")),
    DefaultType(
        "spta_expired_repeatedly",
        "farmer",
        _("Cutting orders (SPTA) left unused repeatedly"),
        _("Two or more SPTAs of the same plot expired unused in the season."),
    ),
    # mill
    DefaultType("credit_tranche_late", "mill", _("Credit tranche paid late")),
    DefaultType(
        "do_paid_late",
        "mill",
        _("DO paid late or in instalments"),
        _("A DO not fully paid within the mill's threshold days of its issue."),
    ),
    DefaultType(
        "rendemen_not_shown",
        "mill",
        _("Rendemen computation not shown"),
        _("Rendemen entered without the laboratory readings the farmer can check."),
    ),
    DefaultType(
        "price_below_contract",
        "mill",
        _("Cane paid below the contract price"),
    ),
    DefaultType(
        "sample_custody_breach",
        "mill",
        _("Rendemen sample late or its chain broken"),
        _(
            "A rendemen sample reached the lab or was analysed after the mill's time limit, or a "
            "step of its chain of custody is missing."
        ),
    ),
    DefaultType("opaque_borrower_selection", "mill", _("Opaque selection of borrowers")),
    DefaultType(
        "tma_money_withheld",
        "mill",
        _("Cutting-and-haulage money withheld without account"),
    ),
    DefaultType(
        "substandard_cane_inconsistent",
        "mill",
        _("Sub-standard cane accepted inconsistently"),
    ),
    DefaultType("forum_not_held", "mill", _("Partnership forum not held")),
    # cooperative
    DefaultType(
        "cooperative_credit_late",
        "cooperative",
        _("Credit passed on late by the cooperative"),
    ),
    DefaultType(
        "cooperative_dues_unexplained",
        "cooperative",
        _("Cooperative dues or deductions not explained"),
    ),
    # cutting crew
    DefaultType(
        "extra_payment_demanded",
        "cutting_crew",
        _("Extra payment demanded by the cutting crew"),
    ),
)


BY_CODE = {default.code: default for default in DEFAULT_TYPES}
