"""domain.md 5, "Never charge TMA twice", in the pure calculation: money a loan already paid the
mill for the cutting and haulage (TMA credits) pays those fees first; the DO deducts only the
rest, and says what each credit paid and has left."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest

from harvest.calculations.settlement import (
    DeliveryInput,
    SettlementInputError,
    TmaCredit,
    scheme_from_dict,
    settle,
)

D = Decimal
REFERENCE = json.loads(
    (Path(__file__).parent / "data" / "do_settlement_djatiroto.json").read_text("utf-8")
)


def scheme():
    """PG Djatiroto 2016 with cutting Rp 5,500 and haulage Rp 3,000 per kw of cane."""
    parameters = copy.deepcopy(REFERENCE["scheme"])
    parameters.update(cutting_fee_per_kw_cane="5500", haulage_fee_per_kw_cane="3000")
    return scheme_from_dict(parameters)


def delivery(cane_kw: str, *credits: TmaCredit, tma_by_mill: bool = True) -> DeliveryInput:
    return DeliveryInput(
        name="x",
        area_ha=D("3"),
        cane_kw=D(cane_kw),
        rendemen_percent=D("8"),
        tma_by_mill=tma_by_mill,
        tma_credits=credits,
    )


def amounts(result, code: str) -> list[Decimal]:
    return [line.amount for line in result.lines if line.code == code]


def test_the_tranche_pays_the_fees_first_and_the_do_charges_the_rest():
    # 9,000 kw: cutting 49,500,000 + haulage 27,000,000 = 76,500,000; the tranche 26,150,000.
    without = settle(delivery("9000"), scheme())
    result = settle(delivery("9000", TmaCredit("t:1", "KUR 1, tranche 2", D("26150000"))), scheme())

    assert amounts(result, "deduction_cutting") == [D("49500000")]
    assert amounts(result, "deduction_haulage") == [D("27000000")]
    assert amounts(result, "deduction_tma_paid") == [D("-26150000")]
    assert amounts(result, "tma_left") == [D("0")]
    assert amounts(result, "tma_charged") == [D("50350000")]
    assert result.total_deductions == without.total_deductions - D("26150000")
    assert result.tma_charges == D("76500000")
    (use,) = result.tma_uses
    assert (use.source, use.available, use.applied, use.left) == (
        "t:1",
        D("26150000"),
        D("26150000"),
        D("0"),
    )
    codes = [line.code for line in result.lines]
    assert codes.index("deduction_haulage") + 1 == codes.index("deduction_tma_paid")
    assert codes.index("tma_charged") < codes.index("total_deductions")


def test_a_tranche_larger_than_the_fees_pays_them_all_and_keeps_the_rest():
    # 1,000 kw: 8,500,000 of fees; the tranche keeps 17,650,000.
    result = settle(delivery("1000", TmaCredit("t:1", "KUR 1", D("26150000"))), scheme())

    assert amounts(result, "deduction_tma_paid") == [D("-8500000")]
    assert amounts(result, "tma_left") == [D("17650000")]
    assert amounts(result, "tma_charged") == [D("0")]
    assert result.tma_uses[0].left == D("17650000")


def test_two_tranches_are_used_in_turn_and_one_not_needed_is_not_named():
    credits = (
        TmaCredit("t:1", "first", D("5000000")),
        TmaCredit("t:2", "second", D("5000000")),
        TmaCredit("t:3", "third", D("5000000")),
    )
    result = settle(delivery("1000", *credits), scheme())

    assert [(u.source, u.applied) for u in result.tma_uses] == [
        ("t:1", D("5000000")),
        ("t:2", D("3500000")),
    ]
    assert amounts(result, "tma_left") == [D("0"), D("1500000")]
    assert amounts(result, "tma_charged") == [D("0")]


def test_cane_the_farmer_cut_uses_no_tranche():
    result = settle(
        delivery("1000", TmaCredit("t:1", "KUR 1", D("26150000")), tma_by_mill=False), scheme()
    )
    assert result.tma_uses == ()
    assert not any(line.code.startswith("tma_") for line in result.lines)
    assert "deduction_tma_paid" not in [line.code for line in result.lines]


def test_the_uses_are_in_the_json():
    result = settle(delivery("9000", TmaCredit("t:1", "KUR 1", D("26150000"))), scheme())
    data = json.loads(json.dumps(result.to_dict()))
    assert data["tma_charges"] == "76500000"
    assert data["tma_uses"] == [
        {
            "source": "t:1",
            "label": "KUR 1",
            "available": "26150000",
            "applied": "26150000",
            "left": "0",
        }
    ]


@pytest.mark.parametrize(
    "credit",
    [
        lambda: TmaCredit("t:1", "KUR 1", D("-1")),
        lambda: TmaCredit("", "KUR 1", D("1")),
        lambda: TmaCredit("t:1", " ", D("1")),
    ],
)
def test_a_credit_needs_a_source_a_label_and_no_negative_amount(credit):
    with pytest.raises(SettlementInputError):
        credit()
