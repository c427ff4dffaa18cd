"""Results laid out as the tables people know from SPSS and the studies, plus a plain reading.

One description of each table feeds the result page, the CSV/XLSX downloads and the command line,
so the three never disagree.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from analytics.farm_income_report import farm_reading, farm_tables
from analytics.models import AnalysisKind
from analytics.tables import Column, Table
from analytics.variables import variable_label
from tebu_site.formatting import format_number, to_decimal

# How a CSI reads in words, and the badge it wears (the dashboard and the manager's home).
BANDS = {
    "very_satisfied": gettext_lazy("very satisfied"),
    "satisfied": gettext_lazy("satisfied"),
    "fairly_satisfied": gettext_lazy("fairly satisfied"),
    "dissatisfied": gettext_lazy("dissatisfied"),
    "very_dissatisfied": gettext_lazy("very dissatisfied"),
}
BAND_BADGES = {
    "very_satisfied": "badge-ok",
    "satisfied": "badge-ok",
    "fairly_satisfied": "badge-warn",
    "dissatisfied": "badge-bad",
    "very_dissatisfied": "badge-bad",
}


def tables_for(kind: str, result: dict) -> list[Table]:
    builder = {
        AnalysisKind.CSI_IPA: _csi_tables,
        AnalysisKind.TTEST: _ttest_tables,
        AnalysisKind.LOGIT: _logit_tables,
        AnalysisKind.FARM_INCOME: farm_tables,
        AnalysisKind.DO_SETTLEMENT: _settlement_tables,
    }[kind]
    return builder(result)


def _csi_tables(result: dict) -> list[Table]:
    summary = Table(
        _("Customer Satisfaction Index"),
        [Column(_("Figure")), Column(_("Value"), 2)],
        [
            [_("Respondents"), result["n_respondents"]],
            [_("Weighted average total (WAT)"), result["wat"]],
            [_("CSI (%)"), result["csi"]],
            [_("Mean importance (Y cut line)"), result["importance_mean"]],
            [_("Mean performance (X cut line)"), result["performance_mean"]],
        ],
        note=result.get("csi_band_label", ""),
    )
    attributes = Table(
        _("Attributes"),
        [
            Column(_("Attribute")),
            Column(_("n"), 0),
            Column(_("Importance total"), 0),
            Column(_("MIS"), 2),
            Column(_("WF (%)"), 2),
            Column(_("Performance total"), 0),
            Column(_("MSS"), 2),
            Column(_("WS"), 2),
            Column(_("Conformity (%)"), 2),
            Column(_("Gap"), 2),
            Column(_("Quadrant")),
        ],
        [
            [
                a["attribute"],
                a["n"],
                a["importance_total"],
                a["mis"],
                a["wf"],
                a["performance_total"],
                a["mss"],
                a["ws"],
                a["conformity"],
                a["gap"],
                a["quadrant"],
            ]
            for a in result["attributes"]
        ],
    )
    tables = [summary, attributes]
    if result.get("dimensions"):
        tables.append(
            Table(
                _("Dimensions"),
                [
                    Column(_("Dimension")),
                    Column(_("Attributes"), 0),
                    Column(_("CSI (%)"), 2),
                    Column(_("MIS"), 2),
                    Column(_("MSS"), 2),
                ],
                [
                    [d["dimension"], d["n_attributes"], d["csi"], d["mis_mean"], d["mss_mean"]]
                    for d in result["dimensions"]
                ],
            )
        )
    return tables


def _ttest_tables(result: dict) -> list[Table]:
    groups = Table(
        _("Group Statistics"),
        [
            Column(result.get("group") or _("Group")),
            Column("N", 0),
            Column(_("Mean"), 2),
            Column(_("Std. Deviation"), 2),
            Column(_("Std. Error Mean"), 2),
        ],
        [[g["name"], g["n"], g["mean"], g["sd"], g["se_mean"]] for g in result["groups"]],
    )
    level = round(float(result.get("confidence", 0.95)) * 100)
    rows = []
    for label, key in (
        (_("Equal variances assumed"), "equal_variances"),
        (_("Equal variances not assumed"), "unequal_variances"),
    ):
        row = result[key]
        levene = result["levene"] if key == "equal_variances" else {"f": None, "sig": None}
        rows.append(
            [
                label,
                levene["f"],
                levene["sig"],
                row["t"],
                row["df"],
                row["sig"],
                row["mean_difference"],
                row["se_difference"],
                row["ci_lower"],
                row["ci_upper"],
            ]
        )
    test = Table(
        _("Independent Samples Test"),
        [
            Column(""),
            Column(_("Levene F"), 3),
            Column(_("Levene Sig."), 3),
            Column("t", 3),
            Column("df", 3),
            Column(_("Sig. (2-tailed)"), 3),
            Column(_("Mean Difference"), 2),
            Column(_("Std. Error Difference"), 2),
            Column(_("%(level)s%% CI Lower") % {"level": level}, 2),
            Column(_("%(level)s%% CI Upper") % {"level": level}, 2),
        ],
        rows,
    )
    return [groups, test]


def _logit_tables(result: dict) -> list[Table]:
    level = round(float(result.get("ci_level", 0.95)) * 100)
    coefficients = Table(
        _("Variables in the Equation"),
        [
            Column(""),
            Column("B", 3),
            Column("S.E.", 3),
            Column("Wald", 3),
            Column("df", 0),
            Column(_("Sig."), 3),
            Column("Exp(B)", 3),
            Column(_("%(level)s%% CI Lower") % {"level": level}, 3),
            Column(_("%(level)s%% CI Upper") % {"level": level}, 3),
        ],
        [
            [
                variable_label(c["name"]) if c["name"] != "constant" else _("Constant"),
                c["b"],
                c["se"],
                c["wald"],
                c["df"],
                c["sig"],
                c["exp_b"],
                None if c["name"] == "constant" else c["ci_lower"],
                None if c["name"] == "constant" else c["ci_upper"],
            ]
            for c in result["coefficients"]
        ],
        explanation=_logit_constant_note(result["coefficients"]),
    )
    omnibus = Table(
        _("Omnibus Tests of Model Coefficients"),
        [Column(""), Column(_("Chi-square"), 3), Column("df", 0), Column(_("Sig."), 3)],
        [
            [
                _("Model"),
                result["omnibus"]["chi2"],
                result["omnibus"]["df"],
                result["omnibus"]["sig"],
            ]
        ],
    )
    summary = Table(
        _("Model Summary"),
        [
            Column(_("-2 Log likelihood"), 3),
            Column(_("Cox & Snell R Square"), 3),
            Column(_("Nagelkerke R Square"), 3),
            Column(_("-2 Log likelihood (constant only)"), 3),
        ],
        [
            [
                result["minus2ll"],
                result["cox_snell_r2"],
                result["nagelkerke_r2"],
                result["minus2ll_null"],
            ]
        ],
    )
    hl = result["hosmer_lemeshow"]
    hosmer = Table(
        _("Hosmer and Lemeshow Test"),
        [Column(_("Chi-square"), 3), Column("df", 0), Column(_("Sig."), 3)],
        [[hl["chi2"], hl["df"], hl["sig"]]],
    )
    contingency = Table(
        _("Contingency Table for Hosmer and Lemeshow Test"),
        [
            Column(_("Step")),
            Column(_("Observed (0)"), 0),
            Column(_("Expected (0)"), 3),
            Column(_("Observed (1)"), 0),
            Column(_("Expected (1)"), 3),
            Column(_("Total"), 0),
        ],
        [
            [str(i), g["observed_0"], g["expected_0"], g["observed_1"], g["expected_1"], g["n"]]
            for i, g in enumerate(hl["groups"], start=1)
        ],
    )
    c = result["classification"]
    classification = Table(
        _("Classification Table (cut value %(cut)s)") % {"cut": c["cut"]},
        [
            Column(_("Observed")),
            Column(_("Predicted 0"), 0),
            Column(_("Predicted 1"), 0),
            Column(_("Percentage Correct"), 1),
        ],
        [
            ["0", c["table"][0][0], c["table"][0][1], c["percent_correct"][0]],
            ["1", c["table"][1][0], c["table"][1][1], c["percent_correct"][1]],
            [_("Overall Percentage"), None, None, c["overall_percent"]],
        ],
    )
    return [omnibus, summary, hosmer, contingency, classification, coefficients]


# Beyond this size a logit coefficient says the data split joiners from the others almost
# perfectly on some variable (separation): the estimate runs off towards infinity and its S.E.
# with it, so the figure is an artefact of the sample, not an effect.
SEPARATION_B = 10


def _logit_constant_note(coefficients: list[dict]) -> str:
    """Managers asked what a constant of -20,000 means: say it, under the table."""
    note = _(
        "The constant is the log-odds of joining for a farmer whose every variable is 0 (no "
        "experience, no land, no income): no real farmer, so it is not read on its own. It only "
        "sets the starting point the other coefficients move from."
    )
    runaway = [
        variable_label(c["name"]) if c["name"] != "constant" else _("Constant")
        for c in coefficients
        if c.get("b") is not None and abs(float(c["b"])) > SEPARATION_B
    ]
    if runaway:
        note += " " + _(
            "%(names)s: a coefficient this large means the sample separates joiners from the "
            "others almost perfectly on some variable; such an estimate and its Sig. are not "
            "reliable. Collect more varied farmers or drop that variable."
        ) % {"names": ", ".join(str(name) for name in runaway)}
    return note


def _settlement_tables(result: dict) -> list[Table]:
    columns = [
        Column(_("Farmer")),
        Column(_("Farmer sugar (kw)"), 3),
        Column(_("Auctioned (kw)"), 3),
        Column(_("Natura (kw)"), 3),
        Column(_("Molasses (kg)"), 0),
        Column(_("Sugar"), 0, money=True),
        Column(_("Profit sharing"), 0, money=True),
        Column(_("Natura sold"), 0, money=True),
        Column(_("Molasses"), 0, money=True),
        Column(_("Total revenue"), 0, money=True),
        Column(_("Deductions"), 0, money=True),
        Column(_("Net"), 0, money=True),
    ]
    rows = [
        [
            f["name"],
            f["farmer_sugar_kw"],
            f["auctioned_sugar_kw"],
            f["natura_kw"],
            f["molasses_kg"],
            f["revenue_sugar"],
            f["revenue_profit_sharing"],
            f["revenue_natura"],
            f["revenue_molasses"],
            f["total_revenue"],
            f.get("total_deductions"),
            f["net"],
        ]
        for f in result["farmers"]
    ]
    return [Table(_("DO settlement"), columns, rows)]


def reading(kind: str, result: dict, parameters: dict | None = None) -> list[str]:
    """A few sentences in plain language (Indonesian in the interface) under the tables."""
    if kind == AnalysisKind.CSI_IPA:
        first = [a["attribute"] for a in result["attributes"] if a["quadrant"] == "A"]
        lines = [
            _("Farmers' satisfaction index is %(csi)s %% (%(band)s).")
            % {"csi": format_number(result["csi"], 2), "band": result.get("csi_band_label", "")}
        ]
        if first:
            lines.append(
                _("Concentrate here first (important, performing below average): %(list)s.")
                % {"list": ", ".join(first)}
            )
        return lines
    if kind == AnalysisKind.TTEST:
        a, b = result["groups"]
        equal = (result["levene"]["sig"] or 0) >= 0.05  # Levene: read the row SPSS users would
        row = result["equal_variances"] if equal else result["unequal_variances"]
        difference = to_decimal(row["mean_difference"]) or Decimal(0)
        significant = row["sig"] is not None and row["sig"] < 0.05
        if (parameters or {}).get("value") == "income_per_ha":
            amount = _("Rp %(million)s million/ha") % {
                "million": format_number(abs(difference) / 1_000_000, 1)
            }
            template = _(
                "%(a)s earn %(amount)s %(direction)s than %(b)s; "
                "the difference is %(sig)s at 5 %% (Sig. %(p)s)."
            )
        else:
            amount = format_number(abs(difference), 2)
            template = _(
                "%(a)s average %(amount)s %(direction)s than %(b)s; "
                "the difference is %(sig)s at 5 %% (Sig. %(p)s)."
            )
        sentence = template % {
            "a": a["name"],
            "b": b["name"],
            "amount": amount,
            "direction": _("more") if difference > 0 else _("less"),
            "sig": _("significant") if significant else _("not significant"),
            "p": format_number(row["sig"], 3),
        }
        return [sentence]
    if kind == AnalysisKind.LOGIT:
        lines = []
        for c in result["coefficients"]:
            if c["name"] == "constant" or c["exp_b"] is None:
                continue
            significant = c["sig"] is not None and c["sig"] < (
                1 - float(result.get("ci_level", 0.95))
            )
            lines.append(
                _("Each one-unit rise in %(name)s multiplies the odds by %(exp)s (%(sig)s).")
                % {
                    "name": variable_label(c["name"]),
                    "exp": format_number(c["exp_b"], 3),
                    "sig": _("significant") if significant else _("not significant"),
                }
            )
        return lines
    if kind == AnalysisKind.FARM_INCOME:
        return farm_reading(result)
    return []


def plain_table(kind: str, result: dict, parameters: dict | None = None) -> str:
    """Tables as aligned text for the command line."""
    out = []
    for table in tables_for(kind, result):
        header = [column.label for column in table.columns]
        body = table.display_rows()
        widths = [
            max(len(str(cell)) for cell in column) for column in zip(header, *body, strict=True)
        ]
        out.append(table.title)
        if table.explanation:
            out.append(table.explanation)
        out.append("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
        for row in body:
            out.append(
                "  ".join(
                    c.rjust(w) if i else c.ljust(w)
                    for i, (c, w) in enumerate(zip(row, widths, strict=True))
                )
            )
        out.append("")
    out.extend(reading(kind, result, parameters))
    return "\n".join(out)
