"""The credit pipeline at a mill's scale (issue 18).

Per step, how many applications wait and how many wait longer than their product allows are
counted from a read of three columns of each application; the cards drawn are only the longest
waiting of each step (one step on its own page shows all of it, page by page). Drawing every
application of a mill with its history made the board the slowest staff page.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from credit.models import PIPELINE_STEPS, ApplicationStatus, CreditApplication, CreditProduct
from credit.selectors import applications_visible_to, days_by_step
from tebu_site.access import scope_for
from tebu_site.scope_figures import scope_figures

# The board's columns: the workflow, then the loans in default, repaid and the rejected.
BOARD_ORDER = (
    *PIPELINE_STEPS,
    ApplicationStatus.IN_DEFAULT,
    ApplicationStatus.REPAID,
    ApplicationStatus.REJECTED,
)
BOARD_STEP_CHOICES = [(str(status), status.label) for status in BOARD_ORDER]
# Cards per column on the board: the ones waiting longest, which are the ones to act on; the
# rest of a step is one tap away ("N more waiting"). Six keep the board of nine steps a page a
# phone can scroll, and the page within its time at a mill's season (issue 18).
CARDS_PER_STEP = 6
# What a card shows, and the product's limits that decide "overdue".
CARD_FIELDS = (
    "id",
    "number",
    "status",
    "status_changed_at",
    "requested_amount",
    "approved_amount",
    "farmer__name",
    "farmer__region__name",
    "product__name",
    "product__max_days_submitted",
    "product__max_days_documents_complete",
    "product__max_days_verified",
    "product__max_days_approved_unpaid",
    "product__max_days_disbursing",
)
WAITING_ORDER = ("status_changed_at", "id")


@dataclass(frozen=True)
class PipelineRow:
    application: CreditApplication
    days_in_step: int
    threshold_days: int | None
    overdue: bool
    today: date

    @property
    def days_by_step(self) -> dict[str, int]:
        """Days in every step (reads the application's history: for one application's page)."""
        return days_by_step(self.application, self.today)


@dataclass(frozen=True)
class PipelineColumn:
    status: str
    count: int
    overdue: int
    rows: list[PipelineRow]

    @property
    def label(self) -> str:
        return str(ApplicationStatus(self.status).label)

    @property
    def more(self) -> int:
        """Applications of the step not drawn on the board."""
        return max(self.count - len(self.rows), 0)


def _days_waiting(changed_at, today: date) -> int:
    return max((today - timezone.localdate(changed_at)).days, 0)


def _is_overdue(days: int, threshold: int | None) -> bool:
    return threshold is not None and days > threshold


def pipeline_row(application: CreditApplication, today: date) -> PipelineRow:
    days = _days_waiting(application.status_changed_at, today)
    # "Approved but unpaid": the clock of an approved loan runs until the first tranche is paid,
    # which moves it on to disbursing, so the approved step's own clock is the right one.
    threshold = application.product.max_days_for(application.status)
    return PipelineRow(
        application=application,
        days_in_step=days,
        threshold_days=threshold,
        overdue=_is_overdue(days, threshold),
        today=today,
    )


def pipeline_applications(user, *, season=None, product=None) -> QuerySet[CreditApplication]:
    applications = applications_visible_to(user)
    if season is not None:
        applications = applications.filter(season=season)
    if product is not None:
        applications = applications.filter(product=product)
    return applications


def step_counts(applications: QuerySet[CreditApplication], today: date) -> dict[str, Counter]:
    """Per status: ``total`` and ``overdue``, from (status, since, product) of each application,
    without building one model instance."""
    waiting = list(
        applications.select_related(None)
        .order_by()
        .values_list("status", "status_changed_at", "product_id")
    )
    products = CreditProduct.objects.in_bulk({product_id for _, _, product_id in waiting})
    counts: dict[str, Counter] = {}
    for status, changed_at, product_id in waiting:
        counter = counts.setdefault(status, Counter())
        counter["total"] += 1
        threshold = products[product_id].max_days_for(status)
        counter["overdue"] += _is_overdue(_days_waiting(changed_at, today), threshold)
    return counts


def pipeline_board(
    user, *, season=None, product=None, today: date | None = None, per_step: int = CARDS_PER_STEP
) -> list[PipelineColumn]:
    """Every column of the board, each with its counts and its ``per_step`` longest waiting."""
    today = today or timezone.localdate()
    applications = pipeline_applications(user, season=season, product=product)
    # The counts run over every application of the mill: kept a short while per scope and
    # filter (tebu_site.scope_figures); the cards below are read fresh.
    counts = scope_figures(
        user,
        "credit-steps",
        lambda: step_counts(applications, today),
        extra=f"{getattr(season, 'pk', '')}:{getattr(product, 'pk', '')}:{today.isoformat()}",
    )
    # One query for every column's first cards: the place of each application in its step.
    shown = (
        applications.select_related(None)
        .select_related("farmer__region", "product")
        .only(*CARD_FIELDS)
        .annotate(
            place=Window(
                RowNumber(),
                partition_by=[F("status")],
                order_by=[F(name).asc() for name in WAITING_ORDER],
            )
        )
        .filter(place__lte=per_step)
        .order_by(*WAITING_ORDER)
    )
    rows: dict[str, list[PipelineRow]] = {}
    for application in shown:
        rows.setdefault(application.status, []).append(pipeline_row(application, today))
    statuses = [*BOARD_ORDER, *(status for status in counts if status not in BOARD_ORDER)]
    return [
        PipelineColumn(
            status=status,
            count=counts.get(status, Counter())["total"],
            overdue=counts.get(status, Counter())["overdue"],
            rows=rows.get(status, []),
        )
        for status in statuses
    ]


def step_applications(applications: QuerySet[CreditApplication], status: str):
    """One step's applications, longest waiting first (for the step's own page)."""
    return applications.filter(status=status).order_by(*WAITING_ORDER)


def overdue_applications(*, today: date | None = None, user=None) -> list[PipelineRow]:
    """Every overdue application (of the user's scope, or of all mills for the scheduled task)."""
    today = today or timezone.localdate()
    applications = CreditApplication.objects.select_related(
        "product", "farmer__mill", "farmer__region"
    ).filter(status__in=[s for s in PIPELINE_STEPS if s != ApplicationStatus.DRAFT])
    if user is not None:
        applications = scope_for(user, applications)
    rows = [pipeline_row(application, today) for application in applications]
    return [row for row in rows if row.overdue]
