"""Farm income / feasibility (usahatani): bad input is refused with a code that names the column
and the line, whether it is found while parsing a record or while computing it.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from analytics.methods.errors import AnalysisInputError
from analytics.methods.farm_income import (
    CostLine,
    FarmRecord,
    RevenueLine,
    farm_from_dict,
    farm_income,
    straight_line_depreciation,
)
from tests.analytics.methods.test_farm_income import EXPECTED, implicit_farm, q2, reference_inputs

D = Decimal


def _set(path: tuple, value):
    def mutate(d):
        target = d
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return mutate


def _delete(path: tuple):
    def mutate(d):
        target = d
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return mutate


PARSE_ERRORS = [
    ("missing_amount", _delete(("fixed_costs", 0, "amount")), "missing_column", "amount"),
    ("missing_kind", _delete(("variable_costs", 1, "kind")), "missing_column", "kind"),
    ("blank_category", _set(("variable_costs", 1, "category"), " "), "missing_column", "category"),
    ("missing_price", _delete(("revenues", 0, "price")), "missing_column", "price"),
    ("missing_unit", _delete(("revenues", 1, "unit")), "missing_column", "unit"),
    (
        "missing_main_flag",
        _delete(("revenues", 1, "main_product")),
        "missing_column",
        "main_product",
    ),
    ("missing_revenues", _delete(("revenues",)), "missing_column", "revenues"),
    ("missing_fixed_costs", _delete(("fixed_costs",)), "missing_column", "fixed_costs"),
    ("words", _set(("fixed_costs", 0, "amount"), "sembilan juta"), "non_numeric", "amount"),
    (
        "indonesian_format",
        _set(("fixed_costs", 0, "amount"), "9.777.777,50"),
        "non_numeric",
        "amount",
    ),
    ("boolean", _set(("variable_costs", 0, "amount"), True), "non_numeric", "amount"),
    ("nan", _set(("revenues", 0, "price"), "NaN"), "non_numeric", "price"),
    ("quantity_text", _set(("revenues", 1, "quantity"), "banyak"), "non_numeric", "quantity"),
    ("area_text", _set(("area_ha",), "dua"), "non_numeric", "area_ha"),
    ("unknown_kind", _set(("fixed_costs", 0, "kind"), "cash"), "invalid_value", "kind"),
    (
        "unknown_category",
        _set(("variable_costs", 0, "category"), "bribe"),
        "invalid_value",
        "category",
    ),
    (
        "implicit_category_as_explicit",
        _set(("variable_costs", 0, "category"), "family_labour"),
        "invalid_value",
        "kind",
    ),
    ("negative_amount", _set(("variable_costs", 0, "amount"), "-1"), "invalid_value", "amount"),
    (
        "negative_quantity",
        _set(("revenues", 0, "quantity"), "-978.26"),
        "invalid_value",
        "quantity",
    ),
    ("zero_area", _set(("area_ha",), "0"), "invalid_value", "area_ha"),
    (
        "main_flag_word",
        _set(("revenues", 0, "main_product"), "maybe"),
        "invalid_value",
        "main_product",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "code", "column"),
    [case[1:] for case in PARSE_ERRORS],
    ids=[case[0] for case in PARSE_ERRORS],
)
def test_bad_input_when_parsing(mutate, code, column):
    inputs = reference_inputs()
    mutate(inputs)
    with pytest.raises(AnalysisInputError) as err:
        farm_from_dict(inputs, index=4)
    assert err.value.code == code
    assert err.value.params["column"] == column
    assert err.value.params["index"] == 4
    assert str(err.value)  # an English fallback message


def test_line_errors_say_which_line():
    inputs = reference_inputs()
    del inputs["variable_costs"][2]["amount"]
    with pytest.raises(AnalysisInputError) as err:
        farm_from_dict(inputs, index=7)
    assert err.value.params == {
        "column": "amount",
        "index": 7,
        "section": "variable_costs",
        "line": 2,
    }


COMPUTE_ERRORS = [
    ("no_main_product", _set(("revenues", 0, "main_product"), False), "main_product"),
    ("two_main_products", _set(("revenues", 1, "main_product"), True), "main_product"),
    ("zero_main_quantity", _set(("revenues", 0, "quantity"), "0"), "quantity"),
    ("zero_main_price", _set(("revenues", 0, "price"), "0.00"), "price"),
    ("unconvertible_bep_unit", _set(("bep_unit",), "ikat"), "bep_unit"),
]


@pytest.mark.parametrize(
    ("mutate", "column"),
    [case[1:] for case in COMPUTE_ERRORS],
    ids=[case[0] for case in COMPUTE_ERRORS],
)
def test_bad_input_when_computing(mutate, column):
    inputs = reference_inputs()
    mutate(inputs)
    farm = farm_from_dict(inputs)
    with pytest.raises(AnalysisInputError) as err:
        farm_income(farm)
    assert err.value.code == "invalid_value"
    assert err.value.params["column"] == column


def test_main_product_count_is_reported():
    inputs = reference_inputs()
    inputs["revenues"][1]["main_product"] = True
    with pytest.raises(AnalysisInputError) as err:
        farm_income(farm_from_dict(inputs))
    assert err.value.params["count"] == 2


def test_zero_main_quantity_is_fine_for_a_by_product():
    inputs = reference_inputs()
    inputs["revenues"][1]["quantity"] = "0"
    r = farm_income(farm_from_dict(inputs))
    assert q2(r.total_revenue) == D(EXPECTED["revenue_cane"])


@pytest.mark.parametrize(
    ("args", "code", "column"),
    [
        (("1000000", "0", "0"), "invalid_value", "life_years"),
        (("1000000", "0", "-2"), "invalid_value", "life_years"),
        (("1000000", "1000001", "5"), "invalid_value", "salvage_value"),
        (("satu juta", "0", "5"), "non_numeric", "purchase_price"),
        (("1000000", "0", "lima"), "non_numeric", "life_years"),
    ],
)
def test_bad_depreciation(args, code, column):
    with pytest.raises(AnalysisInputError) as err:
        straight_line_depreciation(*args)
    assert err.value.code == code
    assert err.value.params["column"] == column


def test_bad_depreciation_line_in_a_farm_says_where():
    farm = implicit_farm()
    farm["fixed_costs"][2]["life_years"] = "0"
    with pytest.raises(AnalysisInputError) as err:
        farm_from_dict(farm, index=2)
    assert err.value.code == "invalid_value"
    assert err.value.params["column"] == "life_years"
    assert err.value.params["section"] == "fixed_costs"
    assert err.value.params["line"] == 2


def test_cost_line_in_the_wrong_list_is_rejected():
    farm = FarmRecord(
        name="mixed up",
        fixed_costs=[CostLine("Pupuk", "500000", "explicit", "fertiliser", False)],
        variable_costs=[],
        revenues=[RevenueLine("Tebu", "30", "kw", "60000", True)],
    )
    with pytest.raises(AnalysisInputError) as err:
        farm_income(farm)
    assert err.value.code == "invalid_value"
    assert err.value.params["column"] == "fixed"


def test_dataclass_lines_validate_too():
    with pytest.raises(AnalysisInputError) as err:
        CostLine("Pupuk", "lima ratus", "explicit", "fertiliser", False)
    assert err.value.code == "non_numeric"
    with pytest.raises(AnalysisInputError) as err:
        CostLine("Pupuk", "500", "cash", "fertiliser", False)
    assert err.value.code == "invalid_value"
    with pytest.raises(AnalysisInputError) as err:
        RevenueLine("Tebu", "x", "kw", "1", True)
    assert err.value.code == "non_numeric"
