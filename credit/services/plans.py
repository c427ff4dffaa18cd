"""The rule that tranche plans add up (domain.md 4), in words staff understand: a product's
template must plan each crop class it finances up to the ceiling per ha, and approving a loan is
refused when its plan would leave approved money unscheduled. The product services, approval,
planning and the admin all call these, so the rule and its wording live in one place."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.utils.translation import gettext as _

from credit import calculations as calc
from credit.models import CreditProduct
from credit.selectors_plans import rates_of, template_lines
from partners.models import CropClass
from tebu_site.formatting import format_rupiah


def shortfall_message(*, product: CreditProduct, plan: calc.TranchePlan, approved: Decimal) -> str:
    """Why approving ``approved`` is refused: what the template plans and the amount missing."""
    return _(
        "The tranches of %(product)s plan %(covered)s of the approved %(approved)s: "
        "%(missing)s is missing. Set the product's tranches for this crop class, or approve at "
        "most %(covered)s."
    ) % {
        "product": product.name,
        "covered": format_rupiah(plan.covered),
        "approved": format_rupiah(approved),
        "missing": format_rupiah(plan.shortfall),
    }


def template_errors(
    lines: Iterable, *, plant_cane: Decimal | None, ratoon: Decimal | None
) -> dict[str, str]:
    """What a tranche template (lines with ``crop_class`` and ``amount_per_ha``) leaves unplanned
    per ha, by crop class financed at the given ceilings; {} when it adds up."""
    rates = {CropClass.PLANT_CANE.value: plant_cane, CropClass.RATOON.value: ratoon}
    short = calc.template_shortfalls(template_lines(list(lines)), rates)
    return {
        crop_class: _(
            "%(crop_class)s: the tranches plan %(planned)s per ha, %(missing)s short of the "
            "ceiling of %(ceiling)s per ha. Add a line for this crop class or raise the amounts."
        )
        % {
            "crop_class": CropClass(crop_class).label,
            "planned": format_rupiah(rates[crop_class] - missing),
            "missing": format_rupiah(missing),
            "ceiling": format_rupiah(rates[crop_class]),
        }
        for crop_class, missing in short.items()
    }


def product_template_errors(
    product: CreditProduct, lines: Iterable | None = None
) -> dict[str, str]:
    """``template_errors`` of the product's ceilings, for its saved template or ``lines``."""
    if lines is None:
        lines = product.tranche_templates.order_by("order", "id") if product.pk else []
    rates = rates_of(product)
    return template_errors(
        lines,
        plant_cane=rates[CropClass.PLANT_CANE.value],
        ratoon=rates[CropClass.RATOON.value],
    )


def unplanned_message(*, approved: Decimal, planned: Decimal) -> str:
    """An existing loan's plan that leaves approved money unscheduled: the amount missing."""
    return _(
        "The tranches plan %(planned)s of the approved %(approved)s: %(missing)s is missing. "
        "Add a tranche for it."
    ) % {
        "planned": format_rupiah(planned),
        "approved": format_rupiah(approved),
        "missing": format_rupiah(approved - planned),
    }
