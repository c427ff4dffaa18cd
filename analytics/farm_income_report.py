"""Farm income results as people read them (domain.md section 7): explicit and implicit costs,
income beside profit, R/C and break-even, and each productivity beside what the farmer's labour,
money and land would earn elsewhere, with a plain verdict and why.

One row per farm in every table, so that a season of forty farms reads down the page. The same
tables feed the result page, the CSV/XLSX downloads and the command line. Results stored before
the comparisons existed still show (their comparison tables are empty).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from analytics.tables import Column, Table
from tebu_site.formatting import format_number, format_rupiah

MONEY = {"places": 0, "money": True}


def _name(farm: dict, index: int) -> str:
    return farm.get("name") or _("Farm %(n)s") % {"n": index + 1}


def farm_tables(result: dict) -> list[Table]:
    farms = result["farms"]
    tables = [
        _costs_table(farms),
        _income_table(farms),
        _break_even_table(farms),
    ]
    if any(farm.get("per_ha") for farm in farms):
        tables.append(_per_ha_table(farms))
    comparisons = [_comparisons_by_measure(farm) for farm in farms]
    if any(comparisons):
        tables.extend(
            [
                _labour_table(farms, comparisons),
                _capital_table(farms, comparisons),
                _land_table(farms, comparisons),
            ]
        )
    if result.get("groups"):
        tables.append(_group_table(result["groups"]))
    return tables


def _costs_table(farms: list[dict]) -> Table:
    return Table(
        _("Costs: explicit and implicit"),
        [
            Column(_("Farm")),
            Column(_("Fixed cost (FC)"), **MONEY),
            Column(_("Variable cost (VC)"), **MONEY),
            Column(_("Explicit cost (cash paid)"), **MONEY),
            Column(_("Rent of own land (implicit)"), **MONEY),
            Column(_("Family labour (implicit)"), **MONEY),
            Column(_("Interest on own capital (implicit)"), **MONEY),
            Column(_("Implicit cost (not paid, counted)"), **MONEY),
            Column(_("Total cost (TC)"), **MONEY),
        ],
        [
            [
                _name(farm, i),
                farm["fixed_cost"],
                farm["variable_cost"],
                farm["explicit_cost"],
                farm.get("own_land_rent"),
                farm.get("family_labour_value"),
                farm.get("own_capital_interest"),
                farm["implicit_cost"],
                farm["total_cost"],
            ]
            for i, farm in enumerate(farms)
        ],
        key="farm-costs",
        explanation=_(
            "Explicit costs are cash actually paid; implicit costs are not paid but counted: "
            "family labour at the local wage, rent of own land, interest on own capital."
        ),
    )


def _verdict(feasible: bool | None) -> str:
    if feasible is None:
        return "–"
    return _("feasible") if feasible else _("not feasible")


def _income_table(farms: list[dict]) -> Table:
    return Table(
        _("Income, profit and R/C"),
        [
            Column(_("Farm")),
            Column(_("Total revenue (TR)"), **MONEY),
            Column(_("Income (TR − explicit cost)"), **MONEY),
            Column(_("Profit (TR − all costs)"), **MONEY),
            Column(_("R/C ratio"), 2),
            Column(_("Feasible by R/C")),
        ],
        [
            [
                _name(farm, i),
                farm["total_revenue"],
                farm["income"],
                farm["profit"],
                farm["rc_ratio"],
                _verdict(farm["feasible_by_rc"]),
            ]
            for i, farm in enumerate(farms)
        ],
        key="farm-income",
        explanation=_(
            "R/C = TR / (explicit + implicit cost): above 1 feasible, 1 break-even, below 1 not "
            "feasible. Income counts only the cash costs; profit counts the implicit ones too."
        ),
    )


def _break_even_table(farms: list[dict]) -> Table:
    return Table(
        _("Break-even point"),
        [
            Column(_("Farm")),
            Column(_("Unit")),
            Column(_("Production (units)"), 2),
            Column(_("Price per unit"), 2, money=True),
            Column(_("VC per unit"), 2, money=True),
            Column(_("Break-even production (units)"), 2),
            Column(_("Break-even revenue"), **MONEY),
            Column(_("Feasible by break-even")),
        ],
        [
            [
                _name(farm, i),
                farm.get("bep_unit") or "",
                farm["production_units"],
                farm["price_per_unit"],
                farm["vc_per_unit"],
                farm["bep_units"],
                farm["bep_rupiah"],
                _verdict(farm["feasible_by_bep"]),
            ]
            for i, farm in enumerate(farms)
        ],
        key="farm-break-even",
    )


PER_HA = (
    ("explicit_cost", gettext_noop("Explicit cost per ha")),
    ("implicit_cost", gettext_noop("Implicit cost per ha")),
    ("total_cost", gettext_noop("Total cost per ha")),
    ("total_revenue", gettext_noop("Total revenue per ha")),
    ("income", gettext_noop("Income per ha")),
    ("profit", gettext_noop("Profit per ha")),
)


def _per_ha_table(farms: list[dict]) -> Table:
    return Table(
        _("Per ha"),
        [Column(_("Farm")), Column(_("Area (ha)"), 2)]
        + [Column(_(label), **MONEY) for _key, label in PER_HA],
        [
            [_name(farm, i), farm.get("area_ha")]
            + [(farm.get("per_ha") or {}).get(key) for key, _label in PER_HA]
            for i, farm in enumerate(farms)
        ],
        key="farm-per-ha",
    )


# ----------------------------------------------------------------------------- productivity


def _comparisons_by_measure(farm: dict) -> dict[str, dict]:
    return {c["measure"]: c for c in farm.get("comparisons") or []}


def _source(comparison: dict) -> str:
    return {"farm": _("farm record"), "run": _("analysis settings")}.get(
        comparison.get("benchmark_source") or "", "–"
    )


def _why(comparison: dict) -> str:
    """Why the verdict, in a sentence a farmer group would follow."""
    measure, reason = comparison["measure"], comparison["reason"]
    if measure == "capital":
        value = format_number(comparison["value"], 2)
        benchmark = format_number(comparison["benchmark_value"], 2)
    else:
        value = format_rupiah(comparison["value"], 0)
        benchmark = format_rupiah(comparison["benchmark_value"], 0)
    sentences = {
        ("labour", "above"): _(
            "%(value)s per HKO is above the local daily wage of %(benchmark)s: a day of family "
            "labour earns more on this farm than working for wages."
        ),
        ("labour", "equal"): _(
            "%(value)s per HKO equals the local daily wage: a day of family labour earns no "
            "more here than working for wages."
        ),
        ("labour", "below"): _(
            "%(value)s per HKO is below the local daily wage of %(benchmark)s: family labour "
            "would earn more working for wages."
        ),
        ("labour", "no_benchmark"): _(
            "No local daily wage given: enter it on the farm record or when starting the analysis."
        ),
        ("labour", "no_value"): _("No family labour (HKO) recorded, so no labour productivity."),
        ("capital", "above"): _(
            "%(value)s %% is above the interest rate of %(benchmark)s %%: money put into this "
            "farm earns more than the bank's interest."
        ),
        ("capital", "equal"): _(
            "%(value)s %% equals the interest rate: money put into this farm earns no more than "
            "the bank's interest."
        ),
        ("capital", "below"): _(
            "%(value)s %% is below the interest rate of %(benchmark)s %%: the money would earn "
            "more at the bank's interest."
        ),
        ("capital", "no_benchmark"): _(
            "No interest rate given: enter it on the farm record or when starting the analysis."
        ),
        ("capital", "no_value"): _("No explicit cost recorded, so no capital productivity."),
        ("land", "above"): _(
            "%(value)s per ha is above the local land rent of %(benchmark)s per ha: farming the "
            "land earns more than renting it out."
        ),
        ("land", "equal"): _(
            "%(value)s per ha equals the local land rent: farming the land earns no more than "
            "renting it out."
        ),
        ("land", "below"): _(
            "%(value)s per ha is below the local land rent of %(benchmark)s per ha: renting the "
            "land out would earn more."
        ),
        ("land", "no_benchmark"): _(
            "No local land rent given: enter it on the farm record or when starting the analysis."
        ),
        ("land", "no_value"): _("No area recorded, so no land productivity."),
    }
    template = sentences.get((measure, reason))
    return "" if template is None else template % {"value": value, "benchmark": benchmark}


def comparison_lines(farm: dict) -> list[dict]:
    """The three comparisons of one farm for a page: label, figure, benchmark, verdict, why."""
    labels = {
        "labour": (_("Labour productivity"), _("Local daily wage")),
        "capital": (_("Capital productivity"), _("Interest rate")),
        "land": (_("Land productivity"), _("Local land rent")),
    }
    lines = []
    for measure, comparison in _comparisons_by_measure(farm).items():
        if measure == "capital":
            value = f"{format_number(comparison['value'], 2)} %"
            benchmark = f"{format_number(comparison['benchmark_value'], 2)} %"
            unit = ""
        else:
            value = format_rupiah(comparison["value"], 0)
            benchmark = format_rupiah(comparison["benchmark_value"], 0)
            unit = _("per HKO") if measure == "labour" else _("per ha")
        lines.append(
            {
                "measure": measure,
                "label": labels[measure][0],
                "benchmark_label": labels[measure][1],
                "value": value if comparison["value"] is not None else "–",
                "benchmark": benchmark if comparison["benchmark_value"] is not None else "–",
                "unit": unit,
                "feasible": comparison["feasible"],
                "verdict": _verdict(comparison["feasible"]),
                "why": _why(comparison),
            }
        )
    return lines


def labour_slip_note(ratio=None) -> str:
    """Beside every labour productivity: its unit, and why the PT SMS study's figure is not in it
    (domain.md section 7). ``ratio``: the study's divisor applied to this farm, if it has one."""
    note = _(
        "Labour productivity is in Rp per HKO (person-day) of family labour. The PT SMS study "
        "divides by the family-labour value in Rp instead, so its printed 138,307 is not Rp per "
        "HKO."
    )
    if ratio is None:
        return note
    return " ".join(
        [
            note,
            _("With that divisor this farm would show %(ratio)s (Rp per Rp).")
            % {"ratio": format_number(ratio, 3)},
        ]
    )


def _productivity_table(title, farms, comparisons, measure, columns, first, explanation=""):
    rows = []
    for i, (farm, by_measure) in enumerate(zip(farms, comparisons, strict=True)):
        comparison = by_measure.get(measure)
        if comparison is None:
            continue
        rows.append(
            [_name(farm, i), *first(farm)]
            + [
                comparison["value"],
                comparison["benchmark_value"],
                _source(comparison),
                _verdict(comparison["feasible"]),
                _why(comparison),
            ]
            + ([farm.get("labour_per_family_labour_rupiah")] if measure == "labour" else [])
        )
    return Table(title, columns, rows, explanation=explanation, key=f"farm-{measure}")


def _labour_table(farms, comparisons) -> Table:
    return _productivity_table(
        _("Labour productivity (Rp per HKO) beside the local daily wage"),
        farms,
        comparisons,
        "labour",
        [
            Column(_("Farm")),
            Column(_("Family labour (HKO)"), 2),
            Column(_("Labour productivity (Rp per HKO)"), **MONEY),
            Column(_("Local daily wage (Rp per HKO)"), **MONEY),
            Column(_("From")),
            Column(_("Verdict")),
            Column(_("Why"), wide=True),
            Column(_("With the PT SMS study's divisor (Rp per Rp, not per HKO)"), 3),
        ],
        lambda farm: [farm.get("family_labour_hko")],
        " ".join(
            [
                labour_slip_note(),
                _("The last column shows what that divisor gives for each farm (Rp per Rp)."),
            ]
        ),
    )


def _capital_table(farms, comparisons) -> Table:
    return _productivity_table(
        _("Capital productivity (%) beside the interest rate"),
        farms,
        comparisons,
        "capital",
        [
            Column(_("Farm")),
            Column(_("Explicit cost (cash paid)"), **MONEY),
            Column(_("Capital productivity (%)"), 2),
            Column(_("Interest rate (%)"), 2),
            Column(_("From")),
            Column(_("Verdict")),
            Column(_("Why"), wide=True),
        ],
        lambda farm: [farm["explicit_cost"]],
        _("(Income − rent of own land − family labour) / explicit cost × 100 %."),
    )


def _land_table(farms, comparisons) -> Table:
    return _productivity_table(
        _("Land productivity (Rp per ha) beside the local land rent"),
        farms,
        comparisons,
        "land",
        [
            Column(_("Farm")),
            Column(_("Area (ha)"), 2),
            Column(_("Land productivity (Rp per ha)"), **MONEY),
            Column(_("Local land rent (Rp per ha)"), **MONEY),
            Column(_("From")),
            Column(_("Verdict")),
            Column(_("Why"), wide=True),
        ],
        lambda farm: [farm.get("area_ha")],
        _("(Income − family labour − interest on own capital) / area."),
    )


# ----------------------------------------------------------------------------- groups

GROUP_FIGURES = (
    ("explicit_cost_per_ha", gettext_noop("Explicit cost per ha")),
    ("implicit_cost_per_ha", gettext_noop("Implicit cost per ha")),
    ("total_cost_per_ha", gettext_noop("Total cost per ha")),
    ("total_revenue_per_ha", gettext_noop("Total revenue per ha")),
    ("income_per_ha", gettext_noop("Income per ha")),
    ("profit_per_ha", gettext_noop("Profit per ha")),
    ("rc_ratio", gettext_noop("R/C ratio")),
    ("labour_productivity", gettext_noop("Labour productivity (Rp per HKO)")),
    ("capital_productivity_percent", gettext_noop("Capital productivity (%)")),
    ("land_productivity", gettext_noop("Land productivity (Rp per ha)")),
)


def _group_table(groups: list[dict]) -> Table:
    rows = []
    for group in groups:
        for key, label in GROUP_FIGURES:
            figure = group.get(key)
            if not figure:
                continue  # not in results stored before it existed, or a farm has no value
            name = group.get("group") or "–"
            rows.append([name, _(label), group.get("n"), figure["mean"], figure["pooled"]])
    return Table(
        _("Group figures (mean of per-ha values and pooled)"),
        [
            Column(_("Group")),
            Column(_("Figure")),
            Column("n", 0),
            Column(_("Mean"), 2),
            Column(_("Pooled"), 2),
        ],
        rows,
        key="farm-groups",
        explanation=_(
            "Mean: the average of the farms' own figures, as the studies report them. Pooled: "
            "the group's sum divided by its sum of area (or HKO, or explicit cost)."
        ),
    )


# ----------------------------------------------------------------------------- reading

FARMS_READ_ONE_BY_ONE = 5  # more farms than this are read as counts


def farm_reading(result: dict) -> list[str]:
    farms = result["farms"]
    if len(farms) <= FARMS_READ_ONE_BY_ONE:
        lines = []
        for i, farm in enumerate(farms):
            lines.append(
                _("%(name)s: R/C %(rc)s, %(verdict)s.")
                % {
                    "name": _name(farm, i),
                    "rc": format_number(farm["rc_ratio"], 2),
                    "verdict": _verdict(farm["feasible_by_rc"]),
                }
            )
            lines.extend(
                f"{line['label']}: {line['verdict']}. {line['why']}"
                if line["feasible"] is not None
                else f"{line['label']}: {line['why']}"  # no verdict: only why
                for line in comparison_lines(farm)
            )
        return lines
    lines = [
        _("%(feasible)s of %(n)s farms are feasible by R/C.")
        % {"feasible": sum(1 for f in farms if f["feasible_by_rc"]), "n": len(farms)}
    ]
    for measure, template in (
        ("labour", _("Labour: %(feasible)s of %(n)s farms earn more per HKO than the wage.")),
        ("capital", _("Capital: %(feasible)s of %(n)s farms earn more than the interest rate.")),
        ("land", _("Land: %(feasible)s of %(n)s farms earn more per ha than the land rent.")),
    ):
        judged = [
            c
            for c in (_comparisons_by_measure(f).get(measure) for f in farms)
            if c and c["feasible"] is not None
        ]
        if judged:
            lines.append(
                template % {"feasible": sum(1 for c in judged if c["feasible"]), "n": len(judged)}
            )
    return lines
