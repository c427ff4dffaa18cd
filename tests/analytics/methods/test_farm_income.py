"""Farm income / feasibility (usahatani) against the PG Pakis Baru reference and hand-worked farms.

The reference file (data/farm_feasibility_pakis_baru.json, a copy of shared/reference) gives the
inputs and the expected figures; every other number below is worked out by hand in the comments.
"""

from __future__ import annotations

import copy
import json
from decimal import ROUND_HALF_UP, Decimal, localcontext
from pathlib import Path

import pytest

from analytics.methods.errors import AnalysisInputError
from analytics.methods.farm_income import (
    CostLine,
    FarmRecord,
    RevenueLine,
    farm_from_dict,
    farm_income,
    group_summary,
    straight_line_depreciation,
)

REFERENCE = json.loads(
    (Path(__file__).parent / "data" / "farm_feasibility_pakis_baru.json").read_text("utf-8")
)
EXPECTED = REFERENCE["expected"]
D = Decimal


def q2(value: Decimal) -> Decimal:
    return value.quantize(D("0.01"), rounding=ROUND_HALF_UP)


def within(value: Decimal, expected: str, rel: str = "0.0001") -> bool:
    """|value - expected| <= rel x expected (0.0001 = the file's 0.01 %)."""
    return abs(value - D(expected)) <= D(rel) * D(expected)


def near(value: Decimal, expected: Decimal) -> bool:
    """Equal to 24 significant digits (the module divides at 34, the test's context at 28)."""
    return abs(value - expected) <= D("1e-24") * max(D(1), abs(expected))


def reference_inputs() -> dict:
    return copy.deepcopy(REFERENCE["inputs"])


@pytest.fixture(scope="module")
def reference():
    return farm_income(farm_from_dict(reference_inputs()))


# --------------------------------------------------------------------------- the reference case


def test_reference_costs(reference):
    assert reference.fixed_cost == D(EXPECTED["fixed_cost"])
    assert reference.variable_cost == D(EXPECTED["variable_cost"])
    assert reference.total_cost == D(EXPECTED["total_cost"])
    # All cost lines are explicit, so nothing is implicit and explicit = TC.
    assert reference.explicit_cost == D(EXPECTED["total_cost"])
    assert reference.implicit_cost == 0
    assert all(isinstance(v, Decimal) for v in (reference.fixed_cost, reference.total_cost))


def test_reference_totals_come_from_lines_not_the_papers_slips(reference):
    printed = REFERENCE["printed_in_source"]
    assert reference.fixed_cost != D(printed["fixed_cost"])
    assert reference.total_cost != D(printed["total_cost"])
    assert q2(reference.rc_ratio) != D(printed["rc_ratio"])


def test_reference_revenue_lines(reference):
    cane, molasses = reference.revenues
    assert cane.main_product and not molasses.main_product
    assert cane.amount == D("37373004.8230")  # 978.26 x 38203.55, exact
    assert q2(cane.amount) == D(EXPECTED["revenue_cane"])
    assert molasses.amount == D(EXPECTED["revenue_molasses"])
    assert reference.main_product_revenue == cane.amount
    assert q2(reference.total_revenue) == D(EXPECTED["total_revenue"])


def test_reference_income_profit_and_rc(reference):
    assert q2(reference.income) == D(EXPECTED["income"])
    # No implicit costs recorded: income and profit coincide.
    assert reference.profit == reference.income
    assert q2(reference.rc_ratio) == D(EXPECTED["rc_ratio"])
    assert near(reference.rc_ratio, reference.total_revenue / reference.total_cost)
    assert reference.feasible_by_rc is EXPECTED["feasible_by_rc"] is True


def test_reference_bep_in_kg_from_kw(reference):
    assert reference.bep_unit == "kg"
    assert reference.production_units == D(EXPECTED["production_units"])  # 978.26 kw x 100
    assert q2(reference.vc_per_unit) == D(EXPECTED["vc_per_unit"])
    assert q2(reference.price_per_unit) == D(EXPECTED["price_per_unit"])
    assert within(reference.bep_units, EXPECTED["bep_units"])
    assert within(reference.bep_rupiah, EXPECTED["bep_rupiah"])
    # Computed without rounded intermediates, they also agree to the cent.
    assert q2(reference.bep_units) == D(EXPECTED["bep_units"])
    assert q2(reference.bep_rupiah) == D(EXPECTED["bep_rupiah"])
    assert reference.feasible_by_bep is EXPECTED["feasible_by_bep"] is True
    assert reference.bep_reason is None


def test_reference_bep_matches_domain_formulas(reference):
    fc, p, vcu = reference.fixed_cost, reference.price_per_unit, reference.vc_per_unit
    assert within(reference.bep_units, str(fc / (p - vcu)), "0.000000001")
    assert within(reference.bep_rupiah, str(fc / (1 - vcu / p)), "0.000000001")


def test_reference_without_bep_unit_uses_the_revenue_lines_unit():
    inputs = reference_inputs()
    del inputs["bep_unit"]
    result = farm_income(farm_from_dict(inputs))
    assert result.bep_unit == "kw"
    assert result.production_units == D("978.26")
    assert result.price_per_unit == D("38203.55")
    # BEP in kw is the kg BEP / 100; the rupiah BEP does not depend on the unit.
    assert within(result.bep_units, str(D(EXPECTED["bep_units"]) / 100))
    assert q2(result.bep_rupiah) == D(EXPECTED["bep_rupiah"])


def test_reference_has_no_area_so_no_per_ha_and_no_labour_or_land_productivity(reference):
    assert reference.per_ha is None
    assert reference.productivity.labour is None
    assert reference.productivity.land is None
    # capital = (income - own land rent - family labour) / explicit cost x 100; no implicit costs.
    expected = reference.income / reference.explicit_cost * 100
    assert near(reference.productivity.capital_percent, expected)
    assert q2(reference.productivity.capital_percent) == D("58.47")


def test_reference_to_dict_is_json_ready_and_unrounded(reference):
    out = reference.to_dict()
    for key in (
        "name",
        "fixed_cost",
        "variable_cost",
        "explicit_cost",
        "implicit_cost",
        "total_cost",
        "total_revenue",
        "income",
        "profit",
        "rc_ratio",
        "feasible_by_rc",
        "vc_per_unit",
        "price_per_unit",
        "production_units",
        "bep_unit",
        "bep_units",
        "bep_rupiah",
        "feasible_by_bep",
        "productivity",
        "per_ha",
    ):
        assert key in out, key
    assert json.loads(json.dumps(out)) == out
    assert out["fixed_cost"] == "9788792.00"
    assert out["total_revenue"] == "40601262.8230"
    assert out["rc_ratio"].startswith("1.58468002511678748")  # not rounded to 1.58
    assert out["price_per_unit"] == "382.0355"
    assert out["production_units"] == "97826.00"
    assert out["bep_units"].startswith("44455.3332266")
    assert out["feasible_by_rc"] is True and out["feasible_by_bep"] is True
    assert set(out["productivity"]) == {"labour", "capital_percent", "land"}
    assert out["productivity"]["labour"] is None
    assert out["per_ha"] is None
    assert [line["amount"] for line in out["revenues"]] == ["37373004.8230", "3228258.0000"]


def test_result_does_not_depend_on_the_callers_decimal_context(reference):
    with localcontext() as ctx:
        ctx.prec = 6
        result = farm_income(farm_from_dict(reference_inputs()))
    assert result.total_revenue == reference.total_revenue
    assert result.bep_units == reference.bep_units


# --------------------------------------------------------------------------- a hand-worked farm


def implicit_farm() -> dict:
    """0.5 ha, 40 HKO family labour, implicit own-land rent, family labour and capital interest.

    FC = own land 500,000 + tax 100,000 + depreciation (1,200,000 - 200,000) / 5 = 800,000
    VC = hired 2,000,000 + family 1,000,000 + own-capital interest 200,000 = 3,200,000
    explicit = 100,000 + 200,000 + 2,000,000 = 2,300,000; implicit = 1,700,000; TC = 4,000,000
    TR = cane 50 kw x 100,000 + molasses 150 kg x 1,000 = 5,150,000
    income = 2,850,000; profit = 1,150,000; R/C = 1.2875
    """
    return {
        "name": "Pak Darmo",
        "area_ha": "0.5",
        "family_labour_hko": "40",
        "fixed_costs": [
            {
                "item": "Own land",
                "amount": "500000",
                "kind": "implicit",
                "category": "own_land_rent",
            },
            {"item": "PBB", "amount": "100000", "kind": "explicit", "category": "land_tax"},
            {
                "item": "Sprayer",
                "kind": "explicit",
                "category": "depreciation",
                "purchase_price": "1200000",
                "salvage_value": "200000",
                "life_years": "5",
            },
        ],
        "variable_costs": [
            {"item": "Buruh", "amount": "2000000", "kind": "explicit", "category": "hired_labour"},
            {
                "item": "Keluarga",
                "amount": "1000000",
                "kind": "implicit",
                "category": "family_labour",
            },
            {
                "item": "Bunga modal sendiri",
                "amount": "200000",
                "kind": "implicit",
                "category": "own_capital_interest",
            },
        ],
        "revenues": [
            {
                "item": "Tebu",
                "quantity": "50",
                "unit": "kw",
                "price": "100000",
                "main_product": True,
            },
            {
                "item": "Tetes",
                "quantity": "150",
                "unit": "kg",
                "price": "1000",
                "main_product": False,
            },
        ],
    }


def test_implicit_costs_make_profit_lower_than_income():
    r = farm_income(farm_from_dict(implicit_farm()))
    assert r.fixed_cost == 800000
    assert r.variable_cost == 3200000
    assert r.explicit_cost == 2300000
    assert r.implicit_cost == 1700000
    assert r.total_cost == r.explicit_cost + r.implicit_cost == r.fixed_cost + r.variable_cost
    assert r.total_revenue == 5150000
    assert r.income == 2850000
    assert r.profit == 1150000
    assert r.profit < r.income
    assert r.income - r.profit == r.implicit_cost
    assert r.rc_ratio == D("1.2875")
    assert r.feasible_by_rc is True


def test_implicit_farm_bep_in_own_unit():
    r = farm_income(farm_from_dict(implicit_farm()))
    # P = 100,000/kw, VCu = 3,200,000 / 50 = 64,000; BEP = 800,000 / 36,000 = 22.22 kw;
    # BEP Rp = 800,000 / (1 - 0.64) = 2,222,222.22.
    assert r.bep_unit == "kw"
    assert r.price_per_unit == 100000
    assert r.vc_per_unit == 64000
    assert q2(r.bep_units) == D("22.22")
    assert q2(r.bep_rupiah) == D("2222222.22")
    assert r.feasible_by_bep is True


def test_productivity_per_domain_formulas():
    p = farm_income(farm_from_dict(implicit_farm())).productivity
    # labour = (2,850,000 - 500,000 - 200,000) / 40 = 53,750 Rp/HKO
    assert p.labour == 53750
    # capital = (2,850,000 - 500,000 - 1,000,000) / 2,300,000 x 100 = 58.6956...%
    assert q2(p.capital_percent) == D("58.70")
    # land = (2,850,000 - 1,000,000 - 200,000) / 0.5 = 3,300,000 Rp/ha
    assert p.land == 3300000


def test_zero_family_labour_hko_gives_no_labour_productivity():
    farm = implicit_farm()
    farm["family_labour_hko"] = "0"
    assert farm_income(farm_from_dict(farm)).productivity.labour is None


def test_per_ha_figures():
    r = farm_income(farm_from_dict(implicit_farm()))
    assert r.area_ha == D("0.5")
    assert r.per_ha == {
        "fixed_cost": 1600000,
        "variable_cost": 6400000,
        "explicit_cost": 4600000,
        "implicit_cost": 3400000,
        "total_cost": 8000000,
        "total_revenue": 10300000,
        "income": 5700000,
        "profit": 2300000,
    }
    out = r.to_dict()["per_ha"]
    # Plain notation, never "5.70E+6".
    assert out["income"] == "5700000"
    assert out["total_revenue"] == "10300000"


def test_depreciation_helper():
    assert straight_line_depreciation("1200000", "200000", "5") == D("200000")
    assert near(straight_line_depreciation(D("1000000"), 0, 3), D(1000000) / 3)
    assert straight_line_depreciation("500000", "500000", "4") == 0


def test_depreciation_line_in_a_farm_is_computed():
    depreciation = [
        c for c in farm_from_dict(implicit_farm()).fixed_costs if c.category == "depreciation"
    ]
    assert [c.amount for c in depreciation] == [D("200000")]
    assert depreciation[0].fixed is True


def test_record_built_from_dataclasses_with_strings():
    farm = FarmRecord(
        name="direct",
        fixed_costs=[CostLine("Sewa", "1000000", "explicit", "land_rent", True)],
        variable_costs=[CostLine("Pupuk", "500000.50", "explicit", "fertiliser", False)],
        revenues=[RevenueLine("Tebu", "30", "kw", "60000", True)],
        area_ha=D("0.25"),
    )
    r = farm_income(farm)
    assert r.total_cost == D("1500000.50")
    assert r.total_revenue == D("1800000")
    assert r.income == D("299999.50")
    assert r.per_ha["income"] == D("1199998.00")


# --------------------------------------------------------------------------- BEP edge cases


def bep_farm(fixed: str, variable: str, quantity: str = "50", price: str = "100000") -> dict:
    return {
        "fixed_costs": [
            {"item": "Sewa", "amount": fixed, "kind": "explicit", "category": "land_rent"}
        ],
        "variable_costs": [
            {"item": "Buruh", "amount": variable, "kind": "explicit", "category": "hired_labour"}
        ],
        "revenues": [
            {
                "item": "Tebu",
                "quantity": quantity,
                "unit": "kw",
                "price": price,
                "main_product": True,
            }
        ],
    }


@pytest.mark.parametrize("variable", ["6000000", "5000000"])
def test_bep_undefined_when_price_not_above_vc_per_unit(variable):
    # Main revenue 5,000,000; VC 6,000,000 (P < VCu) or 5,000,000 (P = VCu).
    r = farm_income(farm_from_dict(bep_farm("1000000", variable)))
    assert r.bep_units is None
    assert r.bep_rupiah is None
    assert r.feasible_by_bep is False
    assert "break-even" in r.bep_reason
    out = r.to_dict()
    assert out["bep_units"] is None and out["bep_reason"] == r.bep_reason


def test_bep_defined_but_not_reached():
    # Margin 5,000,000 - 1,000,000 = 4,000,000; BEP = 10,000,000 x 50 / 4,000,000 = 125 kw > 50.
    r = farm_income(farm_from_dict(bep_farm("10000000", "1000000")))
    assert r.bep_units == 125
    assert r.bep_rupiah == D("12500000")
    assert r.feasible_by_bep is False
    assert r.bep_reason is None
    assert r.rc_ratio < 1 and r.feasible_by_rc is False


def test_break_even_rc_is_not_feasible():
    # TC 1,000,000 + 4,000,000 = TR 50 x 100,000: R/C exactly 1 is break-even, not feasible.
    r = farm_income(farm_from_dict(bep_farm("1000000", "4000000")))
    assert r.rc_ratio == 1
    assert r.feasible_by_rc is False


def test_by_products_do_not_lift_a_farm_over_its_bep():
    # Cane 5,000,000, VC 1,000,000, FC 5,000,000: BEP 62.5 kw and Rp 6,250,000. Molasses of
    # 2,000,000 brings TR to 7,000,000 > BEP Rp, but the cane alone does not break even.
    farm = bep_farm("5000000", "1000000")
    farm["revenues"].append(
        {"item": "Tetes", "quantity": "2000", "unit": "kg", "price": "1000", "main_product": False}
    )
    r = farm_income(farm_from_dict(farm))
    assert r.bep_units == D("62.5")
    assert r.bep_rupiah == 6250000
    assert r.total_revenue > r.bep_rupiah > r.main_product_revenue
    assert r.feasible_by_bep is False


def test_bep_in_kw_from_a_kg_line():
    farm = bep_farm("1000000", "1000000", quantity="5000", price="1000")
    farm["revenues"][0]["unit"] = "kg"
    farm["bep_unit"] = "kw"
    r = farm_income(farm_from_dict(farm))
    # 5,000 kg = 50 kw; P = 5,000,000 / 50 = 100,000/kw; BEP = 1,000,000 x 50 / 4,000,000.
    assert r.production_units == 50
    assert r.price_per_unit == 100000
    assert r.bep_units == D("12.5")


# --------------------------------------------------------------------------- group summary


def group_farm(name: str, area: str, fixed: str, variable: str, quantity: str, price: str):
    farm = bep_farm(fixed, variable, quantity, price)
    farm["name"] = name
    farm["area_ha"] = area
    return farm_income(farm_from_dict(farm))


def test_group_mean_of_per_ha_differs_from_pooled():
    # A: 1 ha, TC 5,000,000, TR 100 kw x 60,000 = 6,000,000 -> income 1,000,000/ha, R/C 1.2
    # B: 3 ha, TC 15,000,000, TR 300 kw x 70,000 = 21,000,000 -> income 2,000,000/ha, R/C 1.4
    a = group_farm("A", "1", "2000000", "3000000", "100", "60000")
    b = group_farm("B", "3", "6000000", "9000000", "300", "70000")
    g = group_summary([a, b], "Mitra")
    assert g.n == 2
    assert g.total_area_ha == 4
    assert g.income_per_ha.mean == 1500000  # (1,000,000 + 2,000,000) / 2
    assert g.income_per_ha.pooled == 1750000  # 7,000,000 / 4 ha
    assert g.income_per_ha.mean != g.income_per_ha.pooled
    assert g.total_revenue_per_ha.mean == 6500000  # (6,000,000 + 7,000,000) / 2
    assert g.total_revenue_per_ha.pooled == 6750000  # 27,000,000 / 4
    assert g.total_cost_per_ha.mean == g.total_cost_per_ha.pooled == 5000000
    assert g.profit_per_ha.mean == g.income_per_ha.mean  # no implicit costs
    assert g.rc_ratio.mean == D("1.3")
    assert g.rc_ratio.pooled == D("1.35")  # 27,000,000 / 20,000,000
    out = g.to_dict()
    assert json.loads(json.dumps(out)) == out
    assert out["group"] == "Mitra" and out["n"] == 2
    assert out["income_per_ha"] == {"mean": "1500000", "pooled": "1750000"}
    assert out["rc_ratio"]["pooled"] == "1.35"


def test_group_needs_farms_and_their_areas(reference):
    with pytest.raises(AnalysisInputError) as err:
        group_summary([], "Non-mitra")
    assert err.value.code == "empty_input"
    a = group_farm("A", "1", "2000000", "3000000", "100", "60000")
    with pytest.raises(AnalysisInputError) as err:
        group_summary([a, reference], "Mitra")
    assert err.value.code == "missing_column"
    assert err.value.params["column"] == "area_ha"
    assert err.value.params["index"] == 1
