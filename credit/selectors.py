"""Credit reads. Everything a user sees goes through scope_for; the loan figures are computed by
credit.calculations from the tranches paid and the repayments recorded.

The few functions without a user (``debts_of``, ``loan_position``, ``ceiling_for``) serve
services and the scheduled tasks, never a page directly (the pipeline's are in
credit.selectors_pipeline).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, QuerySet, Sum
from django.utils import timezone

from credit import calculations as calc
from credit.models import (
    OPEN_LOAN_STATUSES,
    ApplicationDocument,
    ApplicationStatus,
    CreditApplication,
    CreditProduct,
    Disbursement,
    InKindAdvance,
    InKindPackage,
    LimitRule,
    Repayment,
    RepaymentAllocation,
    StatusChange,
    TrancheUse,
    WindowException,
)
from credit.selectors_limits import LimitPanel, SeasonQuota, limit_decision, limit_panel, quotas_of
from harvest.models import DeliveryOrder, DoStatus
from partners.models import Farmer
from tebu_site.access import scope_for

ZERO = Decimal(0)

# --- scoped querysets -------------------------------------------------------------------------


def products_visible_to(user) -> QuerySet[CreditProduct]:
    return scope_for(
        user,
        CreditProduct.objects.select_related("mill", "season").prefetch_related(
            "tranche_templates", "application_windows"
        ),
    )


def window_exceptions_visible_to(user) -> QuerySet[WindowException]:
    """Exceptions to a product's application windows, of the farmers the user may see."""
    return scope_for(
        user,
        WindowException.objects.select_related("product", "farmer", "recorded_by", "application"),
    )


def in_kind_packages_visible_to(user) -> QuerySet[InKindPackage]:
    return scope_for(
        user, InKindPackage.objects.select_related("mill", "season").prefetch_related("bands")
    )


def applications_visible_to(user) -> QuerySet[CreditApplication]:
    return scope_for(
        user,
        CreditApplication.objects.select_related(
            "farmer__region", "farmer__mill", "season", "product"
        ),
    )


def application_detail_queryset(user) -> QuerySet[CreditApplication]:
    """Applications with everything their page shows, prefetched (no N+1)."""
    return applications_visible_to(user).prefetch_related(
        "plot_lines__plot",
        "rdkk_lines",
        "collateral_items",
        Prefetch("documents", queryset=ApplicationDocument.objects.order_by("order", "id")),
        Prefetch(
            "status_changes",
            queryset=StatusChange.objects.select_related("by").order_by("at", "id"),
        ),
        Prefetch("disbursements", queryset=_tranches_with_uses().order_by("order", "id")),
    )


def _tranches_with_uses() -> QuerySet[Disbursement]:
    """Tranches with what each DO used of them (their state and what is left need it)."""
    return Disbursement.objects.prefetch_related(
        Prefetch(
            "uses",
            queryset=TrancheUse.objects.select_related("delivery_order").order_by("used_on", "id"),
        )
    )


def application_documents_visible_to(user) -> QuerySet[ApplicationDocument]:
    return scope_for(
        user,
        ApplicationDocument.objects.select_related(
            "application__farmer", "uploaded_by", "checked_by"
        ),
    )


def disbursements_visible_to(user) -> QuerySet[Disbursement]:
    return scope_for(
        user,
        _tranches_with_uses().select_related(
            "application__farmer", "application__product", "used_by_delivery_order"
        ),
    )


def repayments_visible_to(user) -> QuerySet[Repayment]:
    return scope_for(
        user,
        Repayment.objects.select_related("farmer", "season", "delivery_order").prefetch_related(
            Prefetch(
                "allocations",
                queryset=RepaymentAllocation.objects.select_related(
                    "application", "in_kind_advance"
                ),
            )
        ),
    )


def in_kind_advances_visible_to(user) -> QuerySet[InKindAdvance]:
    return scope_for(
        user, InKindAdvance.objects.select_related("farmer", "season", "band__package")
    )


def farmers_for_credit(user) -> QuerySet[Farmer]:
    """Farmers the user may see (for choosing an applicant or a ledger)."""
    return scope_for(user, Farmer.objects.select_related("region", "mill"))


# --- ceiling ----------------------------------------------------------------------------------


def open_exposure(farmer: Farmer, product: CreditProduct, exclude=None) -> Decimal:
    """What the farmer still owes or was approved on other open loans of the same kind (the per-
    farmer cap counts them): approved amount less principal repaid."""
    loans = CreditApplication.objects.filter(
        farmer=farmer, product__kind=product.kind, status__in=OPEN_LOAN_STATUSES
    )
    if exclude is not None:
        loans = loans.exclude(pk=exclude.pk)
    approved = loans.aggregate(total=Sum("approved_amount"))["total"] or ZERO
    repaid = (
        RepaymentAllocation.objects.filter(application__in=loans).aggregate(total=Sum("principal"))[
            "total"
        ]
        or ZERO
    )
    return max(approved - repaid, ZERO)


def delivered_seasons_of(farmer: Farmer, product: CreditProduct) -> int:
    """Earlier seasons in which the farmer delivered a harvest settled in an issued DO (PG Pakis
    Baru: a first harvest delivered without credit decides the first loan)."""
    return (
        DeliveryOrder.objects.filter(farmer=farmer, mill=product.mill)
        .exclude(status=DoStatus.DRAFT)
        .exclude(season=product.season)
        .values("season")
        .distinct()
        .count()
    )


def membership_years_of(farmer: Farmer, on: date | None = None) -> int:
    if not farmer.partner_since:
        return 0
    return max((on or timezone.localdate()).year - farmer.partner_since, 0)


def ceiling_for(
    *,
    farmer: Farmer,
    product: CreditProduct,
    plot_lines: Iterable[tuple[str, Decimal]],
    exclude: CreditApplication | None = None,
) -> calc.Ceiling:
    """The ceiling for (crop class, area) lines: area × rate per class, capped by the per-farmer
    cap less the farmer's other open loans of the kind, and by the product's credit limit: by
    its limit rule (a refused first or later loan of a "harvest record" product is a limit of 0,
    the decision says why)."""
    lines = [calc.AreaLine(crop_class=c, area_ha=a) for c, a in plot_lines]
    rates = {"pc": product.ceiling_per_ha_plant_cane, "rc": product.ceiling_per_ha_ratoon}
    decision = None
    if product.limit_rule == LimitRule.HARVEST_RECORD:
        # The limit is per hectare financed: the area the ceiling itself finances.
        area = calc.ceiling(lines, rates, max_financed_ha=product.max_financed_ha)
        decision = limit_decision(farmer=farmer, product=product, area_ha=area.financed_area_ha)
        limit = decision.amount if decision.amount is not None else ZERO
    else:
        limit = calc.credit_limit(
            base=product.limit_base,
            step_per_membership_year=product.limit_step_per_membership_year,
            membership_years=membership_years_of(farmer),
            step_per_delivered_season=product.limit_step_per_delivered_season,
            delivered_seasons=delivered_seasons_of(farmer, product) if product.limit_base else 0,
        )
    result = calc.ceiling(
        lines,
        rates,
        cap_per_farmer=product.cap_per_farmer,
        other_open_exposure=open_exposure(farmer, product, exclude=exclude),
        limit=limit,
        max_financed_ha=product.max_financed_ha,
    )
    return replace(result, decision=decision)


def ceiling_of_application(application: CreditApplication) -> calc.Ceiling:
    return ceiling_for(
        farmer=application.farmer,
        product=application.product,
        plot_lines=[(line.crop_class, line.area_ha) for line in application.plot_lines.all()],
        exclude=application,
    )


# --- loans and debts --------------------------------------------------------------------------


def loan_position(application: CreditApplication, on: date) -> calc.LoanPosition:
    """Principal paid out and repaid, interest accrued to ``on`` and paid (exact Decimals)."""
    product = application.product
    return calc.loan_position(
        paid_tranches=[(t.paid_on, t.amount) for t in application.disbursements.all() if t.paid_on],
        repayments=[
            (a.repayment.paid_on, a.interest, a.principal)
            for a in application.allocations.select_related("repayment")
        ],
        annual_rate_percent=product.annual_rate_percent,
        on=on,
        basis=product.day_count_basis,
    )


@dataclass(frozen=True)
class Debt:
    """One thing the farmer owes now: an in-kind advance or a loan."""

    application: CreditApplication | None
    advance: InKindAdvance | None
    interest_due: Decimal
    principal_due: Decimal


def advance_recovered(advance: InKindAdvance) -> Decimal:
    return advance.allocations.aggregate(total=Sum("principal"))["total"] or ZERO


def debts_of(farmer: Farmer, on: date) -> list[Debt]:
    """What the farmer owes on ``on``, in the order repayments pay it: in-kind advances oldest
    first, then loans oldest first (by approval)."""
    debts = []
    advances = (
        InKindAdvance.objects.filter(farmer=farmer, given_on__lte=on, value__gt=0)
        .select_related("season")
        .order_by("given_on", "id")
    )
    for advance in advances:
        left = advance.value - advance_recovered(advance)
        if left > 0:
            debts.append(Debt(None, advance, ZERO, left))
    loans = (
        CreditApplication.objects.filter(farmer=farmer, status__in=OPEN_LOAN_STATUSES)
        .select_related("product")
        .prefetch_related("disbursements")
        .order_by("approved_on", "id")
    )
    for loan in loans:
        position = loan_position(loan, on)
        if position.principal_outstanding > 0 or calc.money(position.interest_due) > 0:
            debts.append(Debt(loan, None, position.interest_due, position.principal_outstanding))
    return debts


def debts_of_farmers(farmer_ids: Iterable[int], on: date) -> dict[int, list[Debt]]:
    """``debts_of`` for many farmers in four queries, not a few per farmer (a batch settlement,
    issue 18): the same debts in the same order, each computed as ``debts_of`` computes it."""
    farmer_ids = list(farmer_ids)
    debts: dict[int, list[Debt]] = {pk: [] for pk in farmer_ids}
    advances = list(
        InKindAdvance.objects.filter(farmer_id__in=farmer_ids, given_on__lte=on, value__gt=0)
        .select_related("season")
        .order_by("given_on", "id")
    )
    recovered = dict(
        RepaymentAllocation.objects.filter(in_kind_advance__in=advances)
        .order_by()
        .values_list("in_kind_advance_id")
        .annotate(total=Sum("principal"))
    )
    for advance in advances:
        left = advance.value - (recovered.get(advance.pk) or ZERO)
        if left > 0:
            debts[advance.farmer_id].append(Debt(None, advance, ZERO, left))
    loans = (
        CreditApplication.objects.filter(farmer_id__in=farmer_ids, status__in=OPEN_LOAN_STATUSES)
        .select_related("product")
        .prefetch_related(
            "disbursements",
            Prefetch("allocations", RepaymentAllocation.objects.select_related("repayment")),
        )
        .order_by("approved_on", "id")
    )
    for loan in loans:
        # loan_position's figures from the prefetched rows (its own query would be one a loan).
        position = calc.loan_position(
            paid_tranches=[(t.paid_on, t.amount) for t in loan.disbursements.all() if t.paid_on],
            repayments=[
                (a.repayment.paid_on, a.interest, a.principal) for a in loan.allocations.all()
            ],
            annual_rate_percent=loan.product.annual_rate_percent,
            on=on,
            basis=loan.product.day_count_basis,
        )
        if position.principal_outstanding > 0 or calc.money(position.interest_due) > 0:
            debts[loan.farmer_id].append(
                Debt(loan, None, position.interest_due, position.principal_outstanding)
            )
    return debts


# --- workflow clocks and the pipeline ---------------------------------------------------------


@dataclass(frozen=True)
class Step:
    status: str
    label: str
    entered_at: object  # datetime
    left_at: object | None
    days: int
    by: object
    note: str


def steps_of(application: CreditApplication, today: date | None = None) -> list[Step]:
    """Each step the application went through, with the days it spent there (to today for the
    current one). Uses the prefetched status_changes when present."""
    today = today or timezone.localdate()
    changes = sorted(application.status_changes.all(), key=lambda c: (c.at, c.pk))
    steps = []
    for index, change in enumerate(changes):
        left = changes[index + 1].at if index + 1 < len(changes) else None
        end = timezone.localdate(left) if left else today
        steps.append(
            Step(
                status=change.to_status,
                label=ApplicationStatus(change.to_status).label,
                entered_at=change.at,
                left_at=left,
                days=max((end - timezone.localdate(change.at)).days, 0),
                by=change.by,
                note=change.note,
            )
        )
    return steps


def days_by_step(application: CreditApplication, today: date | None = None) -> dict[str, int]:
    """Days spent in each status (summed when an application passed a status twice)."""
    totals: dict[str, int] = defaultdict(int)
    for step in steps_of(application, today):
        totals[step.status] += step.days
    return dict(totals)


# --- the farmer's ledger ----------------------------------------------------------------------


@dataclass
class TrancheUseEntry:
    """One DO's cutting and haulage paid (partly) from a tranche paid to the mill: the DO's
    charges, what the tranche paid, and what the DO charged the farmer above it."""

    use: TrancheUse
    delivery_order: DeliveryOrder
    amount: Decimal
    charges: Decimal
    charged_on_do: Decimal


@dataclass
class TrancheEntry:
    disbursement: Disbursement
    state: str  # "planned", "paid", "withheld", "partly_used", "used"
    uses: list[TrancheUseEntry] = field(default_factory=list)
    left: Decimal = ZERO


def _use_entry(use: TrancheUse) -> TrancheUseEntry:
    """The DO's figures from its settlement (harvest.calculations: ``tma_charges``, the cutting
    and haulage before any tranche paid, and ``tma_uses``, what each tranche paid)."""
    computation = use.delivery_order.computation or {}
    charges = calc.money(Decimal(computation.get("tma_charges") or "0"))
    paid = sum((Decimal(u["applied"]) for u in computation.get("tma_uses", [])), ZERO)
    return TrancheUseEntry(
        use=use,
        delivery_order=use.delivery_order,
        amount=use.amount,
        charges=charges,
        charged_on_do=max(charges - calc.money(paid), ZERO),
    )


def _tranche_entry(tranche: Disbursement) -> TrancheEntry:
    return TrancheEntry(
        tranche,
        tranche.state,
        uses=[_use_entry(use) for use in tranche.uses.all()],
        left=tranche.left,
    )


@dataclass
class RepaymentEntry:
    repayment: Repayment
    interest: Decimal
    principal: Decimal
    delivery_order: DeliveryOrder | None


@dataclass
class LoanLedger:
    application: CreditApplication
    steps: list[Step]
    documents: list[ApplicationDocument]
    approved_amount: Decimal | None
    tranches: list[TrancheEntry]
    repayments: list[RepaymentEntry]
    disbursed: Decimal
    withheld: Decimal
    principal_repaid: Decimal
    interest_to_date: Decimal
    interest_paid: Decimal
    interest_due: Decimal
    principal_outstanding: Decimal
    outstanding: Decimal
    # PG Pakis Baru's terms: the limit and its reasons, guarantor, fertiliser quota (or None).
    limit: LimitPanel | None = None


@dataclass
class AdvanceLedger:
    advance: InKindAdvance
    recovered: Decimal
    outstanding: Decimal
    recoveries: list[RepaymentEntry] = field(default_factory=list)


@dataclass
class Ledger:
    farmer: Farmer
    on: date
    loans: list[LoanLedger]
    advances: list[AdvanceLedger]
    total_outstanding: Decimal
    quotas: list[SeasonQuota] = field(default_factory=list)


def ledger_for(user, farmer: Farmer, today: date | None = None) -> Ledger | None:
    """The farmer's credit as they should see it (domain.md 4): each application with its steps
    and checklist, the approved amount, every tranche paid or withheld (and which DO used how much
    of it for cutting and haulage, and what is left) and when,
    every repayment and the DO it came from, interest to date and what is outstanding; in-kind
    advances with their recovery. None when ``user`` may not see the farmer."""
    if not scope_for(user, Farmer.objects.filter(pk=farmer.pk)).exists():
        return None
    today = today or timezone.localdate()
    applications = (
        application_detail_queryset(user)
        .filter(farmer=farmer)
        .prefetch_related(
            Prefetch(
                "allocations",
                queryset=RepaymentAllocation.objects.select_related(
                    "repayment__delivery_order"
                ).order_by("repayment__paid_on", "id"),
            )
        )
        .order_by("created_at", "id")
    )
    loans = []
    total = ZERO
    for application in applications:
        allocations = list(application.allocations.all())
        tranches = list(application.disbursements.all())
        position = calc.loan_position(
            paid_tranches=[(t.paid_on, t.amount) for t in tranches if t.paid_on],
            repayments=[(a.repayment.paid_on, a.interest, a.principal) for a in allocations],
            annual_rate_percent=application.product.annual_rate_percent,
            on=today,
            basis=application.product.day_count_basis,
        )
        entries = [_tranche_entry(t) for t in tranches]
        outstanding = position.principal_outstanding + calc.money(position.interest_due)
        loans.append(
            LoanLedger(
                application=application,
                steps=steps_of(application, today),
                documents=list(application.documents.all()),
                approved_amount=application.approved_amount,
                tranches=entries,
                repayments=[
                    RepaymentEntry(a.repayment, a.interest, a.principal, a.repayment.delivery_order)
                    for a in allocations
                ],
                disbursed=position.disbursed,
                # Paid to the mill and not used by any DO yet: still held for the farmer.
                withheld=sum((e.left for e in entries), ZERO),
                principal_repaid=position.principal_repaid,
                interest_to_date=position.interest_accrued,
                interest_paid=position.interest_paid,
                interest_due=position.interest_due,
                principal_outstanding=position.principal_outstanding,
                outstanding=outstanding,
                limit=limit_panel(application),
            )
        )
        total += outstanding
    advances = []
    for advance in (
        in_kind_advances_visible_to(user)
        .filter(farmer=farmer)
        .prefetch_related(
            Prefetch(
                "allocations",
                queryset=RepaymentAllocation.objects.select_related("repayment__delivery_order"),
            )
        )
        .order_by("given_on", "id")
    ):
        recoveries = [
            RepaymentEntry(a.repayment, a.interest, a.principal, a.repayment.delivery_order)
            for a in advance.allocations.all()
        ]
        recovered = sum((r.principal for r in recoveries), ZERO)
        outstanding = max(advance.value - recovered, ZERO)
        advances.append(AdvanceLedger(advance, recovered, outstanding, recoveries))
        total += outstanding
    return Ledger(
        farmer=farmer,
        on=today,
        loans=loans,
        advances=advances,
        total_outstanding=total,
        quotas=quotas_of(farmer),
    )
