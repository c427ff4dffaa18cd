"""A settlement scheme or a delivery that cannot be settled is refused with a code naming what is
wrong (harvest.calculations), and warnings and explicit nulls survive the JSON form."""

from __future__ import annotations

import copy

import pytest

from harvest.calculations.settlement import (
    DeliveryInput,
    SettlementInputError,
    scheme_from_dict,
    settle,
)
from tests.harvest.calculations.test_settlement import REFERENCE, D, djatiroto, farmer_input


def _tiers(*rows):
    return [
        {"rendemen_from": f, "rendemen_to": t, "farmer_share": s, "factor": "1"} for f, t, s in rows
    ]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"sharing_tiers": _tiers(("0", "6", "1.2"), ("6", None, "0.7"))}, "out_of_range"),
        ({"sharing_tiers": _tiers(("0", "6", "0.66"), ("7", None, "0.7"))}, "tiers_not_contiguous"),
        ({"sharing_tiers": _tiers(("1", "6", "0.66"), ("6", None, "0.7"))}, "tiers_not_contiguous"),
        ({"sharing_tiers": _tiers(("0", "6", "0.66"), ("6", "20", "0.7"))}, "tiers_not_contiguous"),
        (
            {"sharing_tiers": _tiers(("0", None, "0.66"), ("6", None, "0.7"))},
            "tiers_not_contiguous",
        ),
        ({"sharing_tiers": _tiers(("0", "6", "0.66"), ("6", "6", "0.7"))}, "tiers_not_contiguous"),
        (
            {
                "sharing_tiers": [
                    {
                        "rendemen_from": "0",
                        "rendemen_to": None,
                        "farmer_share": "0.7",
                        "factor": "0",
                    }
                ]
            },
            "not_positive",
        ),
        ({"sharing_tiers": []}, "missing_setting"),
        ({"sharing_tiers": [{"rendemen_from": "0", "farmer_share": "0.7"}]}, "missing_setting"),
        ({"natura_fraction": "0.20"}, "fractions_do_not_sum_to_one"),
        ({"auction_fraction": "1.10", "natura_fraction": "-0.10"}, "out_of_range"),
        ({"kind": "barter"}, "unknown_scheme_kind"),
        ({"bridging_price": "910000"}, "unknown_field"),
        ({"bridging_price_per_kw": None}, "missing_setting"),
        ({"natura_price_per_kw": None}, "missing_setting"),
        ({"molasses_price_per_kg": "-1200"}, "negative_value"),
        ({"bridging_price_per_kw": 910000.0}, "not_decimal"),
        ({"bridging_price_per_kw": "Rp 910.000"}, "not_decimal"),
        ({"flat_farmer_share": "0.65"}, "not_applicable"),
        ({"kind": "flat_value_share"}, "not_applicable"),
    ],
)
def test_invalid_scheme_is_refused_with_a_code(changes, code):
    data = {**copy.deepcopy(REFERENCE["scheme"]), **changes}

    with pytest.raises(SettlementInputError) as caught:
        scheme_from_dict(data)
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"kind": "flat_value_share", "flat_farmer_share": "0.65"}, "missing_setting"),
        ({"kind": "price_per_kg", "paid_price_per_kg": "250"}, "missing_setting"),
        ({"kind": "multi_stream"}, "missing_setting"),
        ({"kind": "multi_stream", "stream_shares": {"harvest": "1.5"}}, "out_of_range"),
    ],
)
def test_other_kinds_need_their_settings(data, code):
    with pytest.raises(SettlementInputError) as caught:
        scheme_from_dict(data)
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"rendemen_percent": "21"}, "rendemen_out_of_range"),
        ({"rendemen_percent": "-1"}, "rendemen_out_of_range"),
        ({"area_ha": "-2.5"}, "negative_value"),
        ({"credit_deductions": [("KUR",)]}, "invalid_shape"),
        ({"stream_values": [("harvest", "1")]}, "invalid_shape"),
        ({"cane_kw": "-1726"}, "negative_value"),
        ({"cane_kw": 1726.0}, "not_decimal"),
        ({"natura_consumed_kw": "7"}, "natura_consumed_exceeds_natura"),  # natura is 6.835 kw
        ({"credit_deductions": [("KUR", D("-1"))]}, "negative_value"),
        ({"credit_deductions": [("", D("1"))]}, "missing_setting"),
        ({"stream_values": {"harvest": D("1")}}, "not_applicable"),
    ],
)
def test_invalid_delivery_is_refused_with_a_code(changes, code):
    with pytest.raises(SettlementInputError) as caught:
        settle(farmer_input("Mahmuji", **changes), djatiroto())
    assert caught.value.code == code


def test_natura_consumed_is_refused_where_the_scheme_pays_no_natura():
    scheme = scheme_from_dict({"kind": "price_per_kg", "contract_price_per_kg": "380"})
    delivery = DeliveryInput(
        name="x",
        area_ha=D("1"),
        cane_kw=D("100"),
        rendemen_percent=D("7"),
        natura_consumed_kw=D("1"),
    )

    with pytest.raises(SettlementInputError) as caught:
        settle(delivery, scheme)
    assert caught.value.code == "not_applicable"


def test_null_in_the_scheme_json_keeps_the_default():
    scheme = scheme_from_dict(
        {**REFERENCE["scheme"], "profit_sharing_per_kw_auctioned": None, "stream_shares": None}
    )

    assert scheme.profit_sharing_per_kw_auctioned == 0
    assert scheme.stream_shares == {}
    assert settle(farmer_input("Mahmuji"), scheme).revenue_profit_sharing == 0


def test_warnings_are_in_the_json():
    scheme = scheme_from_dict(
        {"kind": "price_per_kg", "contract_price_per_kg": "380", "paid_price_per_kg": "250"}
    )
    delivery = DeliveryInput(name="x", area_ha=D("1"), cane_kw=D("100"), rendemen_percent=D("7"))

    warning = settle(delivery, scheme).to_dict()["warnings"][0]
    assert warning["code"] == "paid_below_contract_price"
    assert warning["params"] == {
        "contract_price_per_kg": "380",
        "paid_price_per_kg": "250",
        "price_shortfall": "1300000",
    }
