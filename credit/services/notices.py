"""Telling the farmer each step of their credit (submitted, approved, rejected, tranche paid,
overdue) through notices.notify: portal inbox, SMS and email, each recorded, sent after commit,
and never twice for the same key."""

from __future__ import annotations

from datetime import date

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from credit.models import CreditApplication
from notices.services import notify
from tebu_site.models import Role

# The farmer's ledger page (built with the credit pages); notices link to it once it exists.
LEDGER_URL_NAME = "credit-portal-ledger"


def _ledger_link() -> str:
    try:
        return reverse(LEDGER_URL_NAME)
    except NoReverseMatch:
        return ""


def tell_farmer(event: str, application: CreditApplication, **context) -> None:
    """One notice per event and application (per tranche for ``credit_tranche_paid``)."""
    key = f"credit:{application.pk}:{event}"
    disbursement = context.get("disbursement")
    if disbursement is not None:
        key += f":{disbursement.pk}"
    notify(
        event,
        {"application": application, "product": application.product, **context},
        farmer=application.farmer,
        related=application,
        dedupe_key=key,
        link=_ledger_link(),
    )


def notify_overdue(today: date | None = None) -> int:
    """Tell the farmer and the mill's credit officers about every application waiting longer
    than its product allows in its step; once per application and step (idempotent)."""
    from credit.selectors_pipeline import overdue_applications

    today = today or timezone.localdate()
    told = 0
    for row in overdue_applications(today=today):
        application = row.application
        step_key = (
            f"credit:{application.pk}:overdue:{application.status}:"
            f"{timezone.localdate(application.status_changed_at).isoformat()}"
        )
        context = {
            "application": application,
            "product": application.product,
            "days": row.days_in_step,
            "threshold": row.threshold_days,
            "step": application.get_status_display(),
        }
        created = notify(
            "credit_overdue",
            context,
            farmer=application.farmer,
            related=application,
            dedupe_key=step_key,
            link=_ledger_link(),
        )
        officers = application.farmer.mill.members.filter(role=Role.CREDIT_OFFICER, is_active=True)
        for officer in officers:
            notify(
                "credit_overdue_staff",
                context,
                user=officer,
                mill=application.farmer.mill,
                related=application,
                dedupe_key=f"{step_key}:user:{officer.pk}",
            )
        told += 1 if created else 0
    return told
