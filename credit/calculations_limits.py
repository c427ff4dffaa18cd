"""PG Pakis Baru's credit limit and fertiliser quota, with no Django (domain.md 5b).

The mill guarantees (avalis) the farmer's bank credit, so it lends on what it has seen of the
farmer's cane: a **first loan** only after one harvest delivered without credit, sized from that
harvest's quality (rendemen, cane per hectare, loads rejected at QC, trash), and **later loans**
from the delivery record of the last season(s) (cane delivered against what the area should give,
cutting orders used on their date, no side-selling, loans repaid). At most ``max_ha`` hectares are
financed. Every decision keeps each input it counted and what it gave (``Factor``), so staff and
the farmer read the same reasons.

Kept apart from ``credit.calculations`` (the ceiling, interest and tranche arithmetic) so that
neither grows past the house limit; the ceiling takes the amount decided here as its ``limit``.
Exact Decimal throughout: nothing rounds here.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)

FIRST_HARVEST = "first_harvest"
PERFORMANCE = "performance"

# Refusals: no harvest delivered without credit; no quality band met; record scored too low; no
# season on record to score.
NO_UNCREDITED_HARVEST = "no_uncredited_harvest"
NO_BAND = "no_band"
LOW_SCORE = "low_score"
NO_RECORD = "no_record"

# Quality checks of a first harvest and performance factors of later loans.
RENDEMEN = "rendemen"
YIELD = "yield"
REJECTED = "rejected"
TRASH = "trash"
DELIVERY = "delivery"
ON_TIME = "on_time"
NO_SIDE_SELLING = "no_side_selling"
REPAYMENT = "repayment"


def share(part: Decimal, whole: Decimal) -> Decimal | None:
    """part / whole, None when there is nothing to divide by."""
    return part / whole if whole else None


# --- the first loan ---------------------------------------------------------------------------


@dataclass(frozen=True)
class HarvestQuality:
    """One season's harvest of one farmer as the mill measured it: cane settled in issued DOs,
    the area it came from, rendemen weighted by cane, and the loads QC saw."""

    season: str
    cane_kw: Decimal
    area_ha: Decimal
    rendemen_percent: Decimal | None
    loads: int
    rejected_loads: int
    trash_percent: Decimal | None

    @property
    def yield_kw_per_ha(self) -> Decimal | None:
        return share(self.cane_kw, self.area_ha)

    @property
    def rejected_percent(self) -> Decimal | None:
        ratio = share(Decimal(self.rejected_loads), Decimal(self.loads))
        return None if ratio is None else ratio * HUNDRED


@dataclass(frozen=True)
class QualityBand:
    """A limit per hectare for a first harvest that meets every threshold given (None: the band
    does not look at it). Rendemen and yield are minimums; rejected loads and trash maximums."""

    key: Hashable
    limit_per_ha: Decimal
    min_rendemen_percent: Decimal | None = None
    min_yield_kw_per_ha: Decimal | None = None
    max_rejected_percent: Decimal | None = None
    max_trash_percent: Decimal | None = None


@dataclass(frozen=True)
class Factor:
    """One thing that counted: its value, the threshold or weight it was held against, and what
    it gave (``passed`` for a threshold, ``score`` from 0 to 1 for a weighted factor; None when
    the factor could not be measured and so did not count)."""

    code: str
    value: Decimal | None
    threshold: Decimal | None = None
    passed: bool | None = None
    weight: Decimal | None = None
    score: Decimal | None = None
    detail: dict = field(default_factory=dict)


@dataclass(frozen=True)
class LimitDecision:
    """What the rule decided: the limit (None when refused, with ``refusal``), how it was made
    (``per_ha`` × ``area_ha`` + ``membership``), and the factors behind it."""

    basis: str
    amount: Decimal | None
    per_ha: Decimal = ZERO
    area_ha: Decimal = ZERO
    refusal: str = ""
    factors: tuple[Factor, ...] = ()
    seasons: tuple[str, ...] = ()
    band: Hashable | None = None
    score: Decimal | None = None
    min_score: Decimal | None = None
    full_per_ha: Decimal | None = None
    membership: Decimal = ZERO
    membership_years: int = 0

    @property
    def refused(self) -> bool:
        return bool(self.refusal)


def financed_area(area_ha: Decimal, max_ha: Decimal | None) -> Decimal:
    """The area a limit per hectare applies to: the area financed, at most ``max_ha``."""
    area = max(area_ha, ZERO)
    return area if max_ha is None else min(area, max_ha)


def _checks(harvest: HarvestQuality, band: QualityBand) -> tuple[Factor, ...]:
    rendemen, yield_, rejected, trash = (
        harvest.rendemen_percent,
        harvest.yield_kw_per_ha,
        harvest.rejected_percent,
        harvest.trash_percent,
    )
    checks = []
    # A value the mill did not measure cannot pass a threshold the band sets.
    if band.min_rendemen_percent is not None:
        passed = rendemen is not None and rendemen >= band.min_rendemen_percent
        checks.append(Factor(RENDEMEN, rendemen, band.min_rendemen_percent, passed))
    if band.min_yield_kw_per_ha is not None:
        passed = yield_ is not None and yield_ >= band.min_yield_kw_per_ha
        checks.append(
            Factor(
                YIELD,
                yield_,
                band.min_yield_kw_per_ha,
                passed,
                detail={"cane_kw": harvest.cane_kw, "area_ha": harvest.area_ha},
            )
        )
    if band.max_rejected_percent is not None:
        passed = rejected is not None and rejected <= band.max_rejected_percent
        checks.append(
            Factor(
                REJECTED,
                rejected,
                band.max_rejected_percent,
                passed,
                detail={"loads": harvest.loads, "rejected_loads": harvest.rejected_loads},
            )
        )
    if band.max_trash_percent is not None:
        passed = trash is not None and trash <= band.max_trash_percent
        checks.append(Factor(TRASH, trash, band.max_trash_percent, passed))
    return tuple(checks)


def first_loan_limit(
    harvest: HarvestQuality | None,
    bands: Sequence[QualityBand],
    *,
    area_ha: Decimal,
    max_ha: Decimal | None = None,
) -> LimitDecision:
    """The first loan: refused without a harvest delivered without credit; otherwise the best
    band (highest limit per ha) whose every threshold the harvest meets, × the financed area
    (at most ``max_ha``). When no band is met, the refusal keeps the checks of the least
    demanding band (lowest limit per ha), so the farmer sees what fell short.

    Example (the tests): 6.8 % rendemen and 880 kw/ha, bands "rendemen ≥ 7 and ≥ 900 kw/ha:
    Rp 12,000,000/ha" and "rendemen ≥ 6 and ≥ 700 kw/ha: Rp 8,000,000/ha" → the second band;
    2.5 ha asked, 2 ha financed → Rp 16,000,000.
    """
    area = financed_area(area_ha, max_ha)
    if harvest is None:
        return LimitDecision(FIRST_HARVEST, None, area_ha=area, refusal=NO_UNCREDITED_HARVEST)
    seasons = (harvest.season,)
    ordered = sorted(bands, key=lambda band: band.limit_per_ha, reverse=True)
    for band in ordered:
        checks = _checks(harvest, band)
        if all(check.passed for check in checks):
            return LimitDecision(
                FIRST_HARVEST,
                band.limit_per_ha * area,
                per_ha=band.limit_per_ha,
                area_ha=area,
                factors=checks,
                seasons=seasons,
                band=band.key,
            )
    lowest = ordered[-1] if ordered else None
    return LimitDecision(
        FIRST_HARVEST,
        None,
        area_ha=area,
        refusal=NO_BAND,
        factors=_checks(harvest, lowest) if lowest else (),
        seasons=seasons,
    )


# --- later loans ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeasonRecord:
    """One earlier season of the farmer's partnership: the contracted area and the cane
    delivered, the cutting orders (SPTAs) used and those left to expire, side-selling events the
    mill confirmed (None: not known), and the season's loans (principal paid out and repaid,
    whether one was declared in default)."""

    season: str
    contracted_area_ha: Decimal
    delivered_kw: Decimal
    sptas_used: int
    sptas_missed: int
    side_selling_events: int | None
    loan_principal: Decimal = ZERO
    loan_repaid: Decimal = ZERO
    in_default: bool = False


@dataclass(frozen=True)
class Weights:
    delivery: Decimal
    on_time: Decimal
    no_side_selling: Decimal
    repayment: Decimal


def performance_factors(
    records: Sequence[SeasonRecord], weights: Weights, expected_yield_kw_per_ha: Decimal
) -> tuple[Factor, ...]:
    """The four factors over the seasons together (sums, so a bigger season counts more):
    cane delivered / (contracted area × expected yield), at most 1; SPTAs used / SPTAs used or
    left to expire; 1 without any confirmed side-selling event, else 0; principal repaid /
    principal paid out, at most 1, and 0 when a loan went into default. A factor with nothing to
    measure (no contracted area, no SPTA, no loan, side-selling not known) has no score."""
    area = sum((r.contracted_area_ha for r in records), ZERO)
    delivered = sum((r.delivered_kw for r in records), ZERO)
    expected = area * expected_yield_kw_per_ha
    ratio = share(delivered, expected)
    delivery = Factor(
        DELIVERY,
        None if ratio is None else ratio * HUNDRED,
        weight=weights.delivery,
        score=None if ratio is None else min(ratio, ONE),
        detail={"delivered_kw": delivered, "expected_kw": expected, "area_ha": area},
    )
    used = sum(r.sptas_used for r in records)
    missed = sum(r.sptas_missed for r in records)
    on_time_ratio = share(Decimal(used), Decimal(used + missed))
    on_time = Factor(
        ON_TIME,
        None if on_time_ratio is None else on_time_ratio * HUNDRED,
        weight=weights.on_time,
        score=on_time_ratio,
        detail={"used": used, "missed": missed},
    )
    known = all(r.side_selling_events is not None for r in records)
    events = sum(r.side_selling_events or 0 for r in records)
    side_selling = Factor(
        NO_SIDE_SELLING,
        Decimal(events) if known else None,
        weight=weights.no_side_selling,
        score=(ONE if events == 0 else ZERO) if known else None,
    )
    principal = sum((r.loan_principal for r in records), ZERO)
    repaid = sum((r.loan_repaid for r in records), ZERO)
    default = any(r.in_default for r in records)
    repaid_ratio = share(repaid, principal)
    # A loan in default scores 0 whatever was repaid of the others.
    repayment_score = min(repaid_ratio, ONE) if repaid_ratio is not None else None
    if default:
        repayment_score = ZERO
    repayment = Factor(
        REPAYMENT,
        None if repaid_ratio is None else repaid_ratio * HUNDRED,
        weight=weights.repayment,
        score=repayment_score,
        detail={"principal": principal, "repaid": repaid, "in_default": default},
    )
    return (delivery, on_time, side_selling, repayment)


def weighted_score(factors: Sequence[Factor]) -> Decimal | None:
    """Σ weight × score / Σ weight over the factors that could be measured and weigh something;
    None when none could."""
    counted = [f for f in factors if f.score is not None and f.weight]
    total = sum((f.weight for f in counted), ZERO)
    if not total:
        return None
    return sum((f.weight * f.score for f in counted), ZERO) / total


def later_loan_limit(
    records: Sequence[SeasonRecord],
    weights: Weights,
    *,
    expected_yield_kw_per_ha: Decimal,
    full_limit_per_ha: Decimal,
    min_score_percent: Decimal,
    area_ha: Decimal,
    max_ha: Decimal | None = None,
    step_per_membership_year: Decimal = ZERO,
    membership_years: int = 0,
) -> LimitDecision:
    """A later loan: score = the weighted factors of the last season(s) (0 to 1); refused below
    ``min_score_percent``; else limit = ``full_limit_per_ha`` × score × financed area (at most
    ``max_ha``) + ``step_per_membership_year`` × years of membership.

    Example (the tests): weights 40/20/20/20; 1.5 ha × 800 kw/ha expected, 1,080 kw delivered
    (0.9); 9 of 10 SPTAs used (0.9); no side-selling (1); Rp 16,000,000 repaid of 16,000,000 (1)
    → score 0.94; Rp 14,000,000/ha × 0.94 × 1.5 ha = Rp 19,740,000, + 3 years × Rp 500,000 =
    Rp 21,240,000.
    """
    area = financed_area(area_ha, max_ha)
    seasons = tuple(r.season for r in records)
    factors = performance_factors(records, weights, expected_yield_kw_per_ha)
    score = weighted_score(factors) if records else None
    common = {
        "area_ha": area,
        "factors": factors,
        "seasons": seasons,
        "score": score,
        "min_score": min_score_percent,
        "full_per_ha": full_limit_per_ha,
        "membership_years": max(membership_years, 0),
    }
    if score is None:
        return LimitDecision(PERFORMANCE, None, refusal=NO_RECORD, **common)
    if score * HUNDRED < min_score_percent:
        return LimitDecision(PERFORMANCE, None, refusal=LOW_SCORE, **common)
    per_ha = full_limit_per_ha * score
    membership = step_per_membership_year * max(membership_years, 0)
    return LimitDecision(
        PERFORMANCE,
        per_ha * area + membership,
        per_ha=per_ha,
        membership=membership,
        **common,
    )


# --- subsidised fertiliser quota --------------------------------------------------------------


@dataclass(frozen=True)
class FertiliserQuota:
    """A farmer's subsidised fertiliser for a season: kg per ha × financed area, split between
    Phonska (NPK) and ZA (PG Pakis Baru advises 60 % / 40 %), and what was drawn against it."""

    area_ha: Decimal
    kg_per_ha: Decimal
    phonska_percent: Decimal
    phonska_kg: Decimal
    za_kg: Decimal
    drawn_phonska_kg: Decimal = ZERO
    drawn_za_kg: Decimal = ZERO

    @property
    def total_kg(self) -> Decimal:
        return self.phonska_kg + self.za_kg

    @property
    def left_phonska_kg(self) -> Decimal:
        return self.phonska_kg - self.drawn_phonska_kg

    @property
    def left_za_kg(self) -> Decimal:
        return self.za_kg - self.drawn_za_kg


def fertiliser_quota(
    *,
    area_ha: Decimal,
    kg_per_ha: Decimal,
    phonska_percent: Decimal = Decimal(60),
    drawn_phonska_kg: Decimal = ZERO,
    drawn_za_kg: Decimal = ZERO,
) -> FertiliserQuota:
    """2 ha × 500 kg/ha at 60 % Phonska: 600 kg Phonska and 400 kg ZA. What was drawn is kept
    as given: a draw above the quota shows as a negative amount left."""
    total = max(area_ha, ZERO) * kg_per_ha
    phonska = total * phonska_percent / HUNDRED
    return FertiliserQuota(
        area_ha=area_ha,
        kg_per_ha=kg_per_ha,
        phonska_percent=phonska_percent,
        phonska_kg=phonska,
        za_kg=total - phonska,
        drawn_phonska_kg=drawn_phonska_kg,
        drawn_za_kg=drawn_za_kg,
    )
