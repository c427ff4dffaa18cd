"""Credit arithmetic, with no Django: ceilings, the credit limit, simple interest accrued daily,
allocation of a repayment, tranche split and in-kind band lookup (domain.md section 4 and 5b).

Everything is exact Decimal; nothing here rounds except ``split_amount`` (which must give whole
rupiah that add up) and ``money`` (the display/storage edge, half-up).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

ZERO = Decimal(0)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")

BASIS_ACTUAL_365 = "act_365"
BASIS_ACTUAL_360 = "act_360"
DAYS_IN_YEAR = {BASIS_ACTUAL_365: Decimal(365), BASIS_ACTUAL_360: Decimal(360)}

PLANT_CANE = "pc"
RATOON = "rc"


def money(value: Decimal) -> Decimal:
    """Rupiah to 2 decimals, half-up: only where a figure is shown or stored."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


# --- ceiling ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaLine:
    crop_class: str
    area_ha: Decimal


@dataclass(frozen=True)
class Ceiling:
    """The most a farmer may borrow: ``by_area`` (Σ area × rate per class, within the financed
    area limit), then the tightest of the cap room and the credit limit. ``limited_by`` names
    what decided it: "area", "cap", "limit" or "not_financed" (a class the product does not
    finance was given)."""

    by_area: Decimal
    amount: Decimal
    limited_by: str
    financed_area_ha: Decimal
    cap_room: Decimal | None = None
    limit: Decimal | None = None
    unfinanced_classes: tuple[str, ...] = ()
    # The rule behind ``limit`` with its reasons (credit.calculations_limits.LimitDecision), for
    # products whose limit is decided by the harvest record; None otherwise.
    decision: object | None = None


def ceiling(
    lines: Iterable[AreaLine],
    rates: dict[str, Decimal | None],
    *,
    cap_per_farmer: Decimal | None = None,
    other_open_exposure: Decimal = ZERO,
    limit: Decimal | None = None,
    max_financed_ha: Decimal | None = None,
) -> Ceiling:
    """Ceiling = Σ area × rate per class (domain.md 4), capped by the per-farmer cap less the
    farmer's other open loans, and by the credit limit.

    With ``max_financed_ha`` (PG Pakis Baru: at most 2 ha) the area is filled from the class with
    the highest rate first: the ceiling is the most that may be financed, and the farmer then
    chooses which plots to finance within it.
    """
    lines = list(lines)
    unfinanced = tuple(
        sorted({line.crop_class for line in lines if rates.get(line.crop_class) is None})
    )
    financed = [line for line in lines if rates.get(line.crop_class) is not None]
    financed.sort(key=lambda line: rates[line.crop_class], reverse=True)
    room_ha = max_financed_ha
    by_area = ZERO
    area = ZERO
    for line in financed:
        take = line.area_ha if room_ha is None else min(line.area_ha, max(room_ha, ZERO))
        if room_ha is not None:
            room_ha -= take
        by_area += take * rates[line.crop_class]
        area += take
    amount = by_area
    limited_by = "area"
    cap_room = None
    if cap_per_farmer is not None:
        cap_room = max(cap_per_farmer - other_open_exposure, ZERO)
        if cap_room < amount:
            amount, limited_by = cap_room, "cap"
    if limit is not None and limit < amount:
        amount, limited_by = limit, "limit"
    return Ceiling(
        by_area=by_area,
        amount=amount,
        limited_by=limited_by,
        financed_area_ha=area,
        cap_room=cap_room,
        limit=limit,
        unfinanced_classes=unfinanced,
    )


def credit_limit(
    *,
    base: Decimal | None,
    step_per_membership_year: Decimal = ZERO,
    membership_years: int = 0,
    step_per_delivered_season: Decimal = ZERO,
    delivered_seasons: int = 0,
) -> Decimal | None:
    """The "seasons" rule: a base limit growing with years of membership and with the number of
    earlier seasons delivered (whether or not on credit). None when the product sets no limit.
    PG Pakis Baru's own rule (first harvest's quality, then the delivery record) is in
    credit.calculations_limits."""
    if base is None:
        return None
    return (
        base
        + step_per_membership_year * max(membership_years, 0)
        + step_per_delivered_season * max(delivered_seasons, 0)
    )


# --- interest ---------------------------------------------------------------------------------


def simple_interest(
    principal: Decimal, annual_rate_percent: Decimal, days: int, basis: str = BASIS_ACTUAL_365
) -> Decimal:
    """principal × rate × days / days-in-year, exact (Rp 20,650,000 at 7 % for 90 days is
    Rp 356,424.657534...)."""
    if days <= 0 or principal <= 0:
        return ZERO
    return principal * annual_rate_percent / HUNDRED * Decimal(days) / DAYS_IN_YEAR[basis]


@dataclass(frozen=True)
class PrincipalEvent:
    """Principal moving on a day: + a tranche paid, − principal repaid."""

    on: date
    change: Decimal


def accrued_interest(
    events: Iterable[PrincipalEvent],
    annual_rate_percent: Decimal,
    until: date,
    basis: str = BASIS_ACTUAL_365,
) -> Decimal:
    """Simple interest accrued daily on the outstanding principal from each event to the next,
    up to ``until`` (exclusive of the day itself: a tranche paid and repaid the same day costs
    nothing). Interest is never capitalised."""
    ordered = sorted((e for e in events if e.on <= until), key=lambda e: e.on)
    total = ZERO
    outstanding = ZERO
    previous: date | None = None
    for event in ordered:
        if previous is not None:
            total += simple_interest(
                outstanding, annual_rate_percent, (event.on - previous).days, basis
            )
        outstanding += event.change
        previous = event.on
    if previous is not None:
        total += simple_interest(outstanding, annual_rate_percent, (until - previous).days, basis)
    return total


# --- allocation -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    """What one debt owes now. ``key`` identifies it for the caller; debts are paid in the order
    given (the caller sorts: in-kind advances, then loans oldest first)."""

    key: Hashable
    interest: Decimal
    principal: Decimal

    @property
    def total(self) -> Decimal:
        return self.interest + self.principal


@dataclass(frozen=True)
class Allocation:
    key: Hashable
    interest: Decimal
    principal: Decimal

    @property
    def total(self) -> Decimal:
        return self.interest + self.principal


@dataclass(frozen=True)
class AllocationResult:
    allocations: tuple[Allocation, ...]
    unallocated: Decimal = ZERO

    @property
    def allocated(self) -> Decimal:
        return sum((a.total for a in self.allocations), ZERO)


def allocate(amount: Decimal, dues: Sequence[Due]) -> AllocationResult:
    """Split ``amount`` over the debts in order, each one's interest first, then its principal;
    what is left when every debt is paid is ``unallocated``. Interest due is rounded half-up to
    the cent first, since a rupiah amount cannot pay a fraction of a cent."""
    left = amount
    result: list[Allocation] = []
    for due in dues:
        if left <= 0:
            break
        interest = min(money(max(due.interest, ZERO)), left)
        left -= interest
        principal = min(max(due.principal, ZERO), left)
        left -= principal
        if interest or principal:
            result.append(Allocation(key=due.key, interest=interest, principal=principal))
    return AllocationResult(allocations=tuple(result), unallocated=max(left, ZERO))


# --- tranches ---------------------------------------------------------------------------------


def split_amount(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """Whole rupiah proportional to ``weights`` that add up to ``total`` exactly: each share is
    rounded down and the last takes the remainder (used when less is approved than the tranche
    template would pay)."""
    weight_sum = sum(weights, ZERO)
    if not weights or weight_sum <= 0:
        return []
    shares = [
        (total * weight / weight_sum).quantize(Decimal(1), rounding=ROUND_DOWN)
        for weight in weights[:-1]
    ]
    shares.append(total - sum(shares, ZERO))
    return shares


@dataclass(frozen=True)
class TrancheLine:
    order: int
    crop_class: str  # "" for every class
    amount_per_ha: Decimal


@dataclass(frozen=True)
class TranchePlan:
    """What a loan's tranche template pays: ``amounts`` per template line (in order, 0 for a line
    that pays nothing on this loan) adding up to the approved amount, or, when the template
    cannot pay that much, no amounts and the ``shortfall`` (approved − ``covered``)."""

    amounts: tuple[Decimal, ...]
    covered: Decimal
    shortfall: Decimal = ZERO


def _class_has_own_split(template: Sequence[TrancheLine], crop_class: str) -> bool:
    return any(line.crop_class == crop_class for line in template)


def tranche_plan(
    template: Sequence[TrancheLine],
    areas: dict[str, Decimal],
    approved: Decimal,
    rates: dict[str, Decimal | None],
) -> TranchePlan:
    """The tranches of a loan from its product's template (domain.md 4: a plan must add up to the
    approved amount whatever the crop class).

    A crop class is paid by the lines for every class ("") and its own lines. The sources give
    the ratoon split only: a class other than ratoon with no line of its own (plant cane when
    the mill set no plant-cane split) gets the ratoon split scaled to its ceiling per ha
    (``rates``), so a plant-cane PKBL at Rp 22,000,000/ha is planned at Rp 22,000,000/ha in the
    7 : 2 : 6 proportions. What the lines can pay over the loan's areas (``covered``) is then
    scaled down to the approved amount in whole rupiah; when it is less than the approved amount
    the plan is refused with the shortfall instead of leaving money unscheduled.
    """
    ratoon_lines = [i for i, line in enumerate(template) if line.crop_class in ("", RATOON)]
    ratoon_per_ha = sum((template[i].amount_per_ha for i in ratoon_lines), ZERO)

    def scaled(crop_class: str) -> bool:
        return (
            crop_class != RATOON
            and not _class_has_own_split(template, crop_class)
            and ratoon_per_ha > 0
            and rates.get(crop_class) is not None
        )

    # Weights are kept exact: with a scaled class, every weight is multiplied by the ratoon
    # split's total (a common factor, which the proportional split ignores).
    common = ratoon_per_ha if any(scaled(c) for c, a in areas.items() if a > 0) else Decimal(1)
    weights = [ZERO] * len(template)
    covered = ZERO
    for crop_class, area in areas.items():
        if area <= 0:
            continue
        if scaled(crop_class):
            rate = rates[crop_class]
            for i in ratoon_lines:
                weights[i] += area * template[i].amount_per_ha * rate
            covered += area * rate
            continue
        for i, line in enumerate(template):
            if line.crop_class in ("", crop_class):
                weights[i] += area * line.amount_per_ha * common
                covered += area * line.amount_per_ha
    shortfall = approved - covered
    if money(shortfall) > 0:
        return TranchePlan(amounts=(), covered=covered, shortfall=shortfall)
    paying = [i for i, weight in enumerate(weights) if weight > 0]
    amounts = [ZERO] * len(template)
    for i, amount in zip(paying, split_amount(approved, [weights[i] for i in paying]), strict=True):
        amounts[i] = amount
    return TranchePlan(amounts=tuple(amounts), covered=covered)


def template_shortfalls(
    template: Sequence[TrancheLine], rates: dict[str, Decimal | None]
) -> dict[str, Decimal]:
    """Per crop class the product finances, how much per ha its template leaves unplanned when a
    loan is approved at the ceiling ({} when every class is covered). An empty template plans
    one tranche of the whole amount, so it is never short."""
    if not template:
        return {}
    short = {}
    for crop_class, rate in rates.items():
        if rate is None or rate <= 0:
            continue
        plan = tranche_plan(template, {crop_class: Decimal(1)}, rate, rates)
        if plan.shortfall > 0:
            short[crop_class] = plan.shortfall
    return short


# --- in-kind bands ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Band:
    key: Hashable
    area_from_ha: Decimal
    area_to_ha: Decimal


def band_for(area_ha: Decimal, bands: Iterable[Band]) -> Band | None:
    """The band whose range holds the area: above ``area_from_ha`` and up to ``area_to_ha``
    inclusive; the lowest band also holds its own lower bound (0.5–1 ha takes 0.5 ha). PT SMS
    Dompu: 1.2 ha falls in 1–1.5 ha."""
    ordered = sorted(bands, key=lambda band: band.area_from_ha)
    for index, band in enumerate(ordered):
        above_from = area_ha > band.area_from_ha or (index == 0 and area_ha == band.area_from_ha)
        if above_from and area_ha <= band.area_to_ha:
            return band
    return None


@dataclass
class LoanPosition:
    """A loan's figures on a day (for the ledger and the deduction plan)."""

    disbursed: Decimal = ZERO
    principal_repaid: Decimal = ZERO
    interest_accrued: Decimal = ZERO
    interest_paid: Decimal = ZERO
    events: list[PrincipalEvent] = field(default_factory=list)

    @property
    def principal_outstanding(self) -> Decimal:
        return max(self.disbursed - self.principal_repaid, ZERO)

    @property
    def interest_due(self) -> Decimal:
        return max(self.interest_accrued - self.interest_paid, ZERO)

    @property
    def total_due(self) -> Decimal:
        return self.principal_outstanding + self.interest_due


def loan_position(
    *,
    paid_tranches: Iterable[tuple[date, Decimal]],
    repayments: Iterable[tuple[date, Decimal, Decimal]],
    annual_rate_percent: Decimal,
    on: date,
    basis: str = BASIS_ACTUAL_365,
) -> LoanPosition:
    """Principal paid out and repaid, interest accrued on the outstanding principal day by day
    and interest paid, as of ``on``. ``repayments`` are (date, interest, principal)."""
    position = LoanPosition()
    for paid_on, amount in paid_tranches:
        if paid_on <= on:
            position.disbursed += amount
            position.events.append(PrincipalEvent(paid_on, amount))
    for paid_on, interest, principal in repayments:
        if paid_on <= on:
            position.interest_paid += interest
            position.principal_repaid += principal
            if principal:
                position.events.append(PrincipalEvent(paid_on, -principal))
    position.interest_accrued = accrued_interest(position.events, annual_rate_percent, on, basis)
    return position
