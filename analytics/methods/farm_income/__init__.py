"""Farm income and feasibility analysis (usahatani), domain.md section 7.

Per farm (farmer x season) from its cost and revenue lines:

* fixed / variable cost, explicit / implicit cost, total cost = FC + VC = explicit + implicit;
* total revenue TR = sum of quantity x price over the revenue lines;
* income (pendapatan) = TR - explicit cost; profit (keuntungan) = TR - total cost;
* R/C = TR / total cost, feasible when > 1;
* break-even point on the main product: BEP(units) = FC / (P - VC per unit) and
  BEP(Rp) = FC / (1 - VC per unit / P), with P = main-product revenue / production and
  VC per unit = total VC / production (all variable cost is charged to the main product);
* productivity of labour (Rp per HKO of family labour), capital (% of explicit cost) and land
  (Rp per ha), each beside its comparison (local daily wage, interest rate, local land rent) with
  a verdict: feasible when above it. The comparison values come with the farm or, for farms
  without their own, with the run (``farm_income(farm, benchmarks)``);
* every money figure per ha when the area is known.

Decisions worth knowing:

* Money and quantities are ``Decimal`` throughout; totals are always computed from the lines (a
  typed total is never trusted). Ratios (R/C, BEP, per-unit and per-ha figures) are unrounded
  ``Decimal`` quotients at 34 significant digits; rounding is for display only.
* BEP feasibility compares production with BEP(units) and the **main-product revenue** (not TR)
  with BEP(Rp): BEP(Rp) is the main-product revenue at which that revenue covers FC + VC, so
  comparing it with TR would credit by-products (molasses) twice. For the reference case both
  comparisons pass either way. With this choice the two tests are one statement (BEP(Rp) =
  P x BEP(units) and main revenue = P x production); both are kept as domain.md words them.
* When P <= VC per unit the BEP is undefined: ``bep_units`` and ``bep_rupiah`` are ``None``,
  ``feasible_by_bep`` is ``False`` and ``bep_reason`` says why.
* ``bep_unit`` lets the BEP be expressed in another weight unit than the main revenue line
  (the reference records cane in kw but computes BEP in kg; 1 kw = 100 kg).
* The implicit categories (own_land_rent, family_labour, own_capital_interest) must have kind
  ``implicit``; otherwise the productivity formulas would subtract a cost twice.
* Labour productivity divides by family labour in HKO, never by its value in Rp. The PT SMS
  study divides by the value, so its printed 138,307 is a ratio (Rp per Rp), not Rp per HKO;
  ``labour_per_family_labour_rupiah`` gives that ratio so the pages can explain the difference.

No Django here: inputs are dicts or dataclasses, outputs are dataclasses with ``to_dict()``.
"""

from __future__ import annotations

from analytics.methods.farm_income.analysis import (
    UNIT_IN_KG,
    FarmIncomeResult,
    Productivity,
    farm_income,
)
from analytics.methods.farm_income.comparisons import (
    Benchmarks,
    Comparison,
    benchmarks_from_dict,
)
from analytics.methods.farm_income.costs import (
    COST_CATEGORIES,
    EXPLICIT_CATEGORIES,
    IMPLICIT_CATEGORIES,
    CostLine,
    straight_line_depreciation,
)
from analytics.methods.farm_income.groups import GroupSummary, group_summary
from analytics.methods.farm_income.records import FarmRecord, farm_from_dict
from analytics.methods.farm_income.revenue import RevenueLine

__all__ = [
    "COST_CATEGORIES",
    "EXPLICIT_CATEGORIES",
    "IMPLICIT_CATEGORIES",
    "UNIT_IN_KG",
    "Benchmarks",
    "Comparison",
    "CostLine",
    "FarmIncomeResult",
    "FarmRecord",
    "GroupSummary",
    "Productivity",
    "RevenueLine",
    "benchmarks_from_dict",
    "farm_from_dict",
    "farm_income",
    "group_summary",
    "straight_line_depreciation",
]
