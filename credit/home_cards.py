"""Credit's cards on the home page (tebu_site.home_cards): the farmer's credit at a glance
(outstanding, approved, withheld for cutting and haulage) and the staff's pipeline with the
number of applications waiting too long. Registered from CreditConfig.ready()."""

from __future__ import annotations

from django.utils import timezone

from credit import selectors
from credit.models import CLOSED_STATUSES
from credit.selectors_home import credit_glance_for
from credit.selectors_pipeline import step_counts
from credit.views._common import CREDIT_STAFF_ROLES
from tebu_site.home_cards import HomeCard
from tebu_site.scope_figures import scope_figures


def my_credit_card(user) -> HomeCard | None:
    """The farmer's credit: what is still owed, approved, and withheld for cutting & haulage."""
    farmer = getattr(user, "farmer", None)
    if farmer is None or not user.is_farmer:
        return None
    glance = credit_glance_for(user, farmer)
    if glance is None:
        return None
    return HomeCard(
        "credit/partials/home_card_farmer.html",
        {
            "outstanding": glance.outstanding,
            "approved": glance.approved,
            "withheld": glance.withheld,
            "waiting_step": glance.waiting_step,
        },
        order=20,
    )


def credit_pipeline_card(user) -> HomeCard | None:
    """For credit staff: applications in the pipeline and how many wait too long."""
    if not user.is_authenticated or not user.has_role(*CREDIT_STAFF_ROLES):
        return None
    today = timezone.localdate()

    def figures() -> dict[str, int]:
        counts = step_counts(selectors.applications_visible_to(user), today)
        return {
            "open": sum(c["total"] for step, c in counts.items() if step not in CLOSED_STATUSES),
            "overdue": sum(counter["overdue"] for counter in counts.values()),
        }

    # Over every application of the mill: kept a short while per scope (tebu_site.scope_figures).
    return HomeCard(
        "credit/partials/home_card_staff.html",
        scope_figures(user, "credit-pipeline", figures, extra=today.isoformat()),
        order=20,
    )
