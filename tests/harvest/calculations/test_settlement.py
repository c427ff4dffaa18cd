"""Sugar sharing and DO settlement (domain.md 5 and 5b).

The PG Djatiroto figures come from data/do_settlement_djatiroto.json, a copy of
shared/reference (Valentine 2017, Lampiran 3 and 15, season 2016). The other schemes have no
published figures; their numbers are worked out by hand in the comments.
"""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest

from harvest.calculations.settlement import (
    DeliveryInput,
    SettlementInputError,
    SettlementScheme,
    SharingTier,
    quantize_kw,
    quantize_money,
    scheme_from_dict,
    scheme_to_dict,
    settle,
    sugar_share_what_if,
)

REFERENCE = json.loads(
    (Path(__file__).parent / "data" / "do_settlement_djatiroto.json").read_text("utf-8")
)
D = Decimal
SUGAR_TOLERANCE_KW = D("0.001")
MONEY_TOLERANCE_RP = D("100")


def djatiroto() -> SettlementScheme:
    return scheme_from_dict(REFERENCE["scheme"])


def farmer_input(name: str, **changes) -> DeliveryInput:
    farmer = next(f for f in REFERENCE["farmers"] if f["name"] == name)
    return DeliveryInput(name=name, **{**farmer["inputs"], **changes})


def closed_form_farmer_sugar(cane: Decimal, rendemen: Decimal) -> Decimal:
    """domain.md 5, written out independently of the tier machinery."""
    return (
        cane
        * (D("0.66") * min(rendemen, D(6)) + D("0.70") * D("1.003") * max(rendemen - D(6), D(0)))
        / D(100)
    )


# --- PG Djatiroto reference -------------------------------------------------------------------


@pytest.mark.parametrize("farmer", REFERENCE["farmers"], ids=lambda f: f["name"])
def test_djatiroto_farmers_match_the_thesis(farmer):
    result = settle(DeliveryInput(name=farmer["name"], **farmer["inputs"]), djatiroto())
    expected = farmer["expected"]

    for key in ("farmer_sugar_kw", "auctioned_sugar_kw"):
        assert abs(getattr(result, key) - D(expected[key])) <= SUGAR_TOLERANCE_KW, key
    assert result.molasses_kg == D(expected["molasses_kg"])
    for key in (
        "revenue_sugar",
        "revenue_molasses",
        "revenue_natura",
        "revenue_profit_sharing",
        "total_revenue",
    ):
        assert abs(getattr(result, key) - D(expected[key])) <= MONEY_TOLERANCE_RP, key


def test_djatiroto_sugar_split_and_sacks_for_buriyanto():
    # C 2291, R 6.47: hablur = 2291 × 6.47 / 100 = 148.2277 kw;
    # farmer = 2291 × (0.66 × 6 + 0.7021 × 0.47) / 100 = 2291 × 4.289987 / 100 = 98.28360217;
    # natura = 9.828360217, sold 8.828360217; sacks = 0.9 × 98.28360217 × 7,500 = 663,414.3146475.
    result = settle(farmer_input("Buriyanto"), djatiroto())

    assert result.hablur_kw == D("148.2277")
    assert result.farmer_sugar_kw == D("98.28360217")
    assert result.mill_sugar_kw == D("148.2277") - D("98.28360217")
    assert result.natura_kw == D("9.828360217")
    assert result.natura_sold_kw == D("8.828360217")
    assert [d.code for d in result.deductions] == ["sacks"]
    assert result.deductions[0].amount == D("663414.3146475")
    assert result.total_deductions == D("663414.3146475")
    assert result.net == result.total_revenue - D("663414.3146475")
    assert result.payable == result.net
    assert result.carried_debt == 0
    assert result.warnings == ()


def test_lines_walk_from_cane_to_rupiah_and_each_step_multiplies_out():
    result = settle(farmer_input("Buriyanto"), djatiroto())
    codes = [line.code for line in result.lines]

    assert codes == [
        "cane",
        "rendemen",
        "hablur",
        "sugar_tier",
        "sugar_tier",
        "farmer_sugar",
        "mill_sugar",
        "auctioned_sugar",
        "natura",
        "natura_consumed",
        "natura_sold",
        "revenue_sugar",
        "revenue_profit_sharing",
        "revenue_natura",
        "molasses",
        "revenue_molasses",
        "total_revenue",
        "deduction_sacks",
        "total_deductions",
        "net",
        "carried_debt",
        "payable",
    ]
    for line in result.lines:
        if line.quantity is not None and line.rate is not None:
            assert line.amount == line.quantity * line.rate, line.code
    tiers = [line for line in result.lines if line.code == "sugar_tier"]
    assert [tier.label for tier in tiers] == ["0-6", "6-"]
    assert sum(tier.amount for tier in tiers) == result.farmer_sugar_kw
    by_code = {line.code: line for line in result.lines}
    assert by_code["total_revenue"].amount == result.total_revenue
    assert by_code["payable"].amount == result.payable


# --- the tier formula --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rendemen", "by_hand"),
    [
        ("0", "0"),
        ("5.5", "36.3"),  # 1000 × 0.66 × 5.5 / 100
        ("6", "39.6"),  # 1000 × 0.66 × 6 / 100
        ("6.8", "45.2168"),  # 1000 × (3.96 + 0.70 × 1.003 × 0.8) / 100 = 1000 × 4.52168 / 100
        ("12", "81.726"),  # 1000 × (3.96 + 0.7021 × 6) / 100 = 1000 × 8.1726 / 100
    ],
)
def test_tier_sharing_matches_the_closed_form(rendemen, by_hand):
    result = settle(
        DeliveryInput(name="x", area_ha=D("1"), cane_kw=D("1000"), rendemen_percent=D(rendemen)),
        djatiroto(),
    )

    assert result.farmer_sugar_kw == closed_form_farmer_sugar(D("1000"), D(rendemen))
    assert result.farmer_sugar_kw == D(by_hand)


def test_three_tiers_share_each_band_separately():
    # 1000 kw at R 9: 0.60 × 5 + 0.65 × 3 + 0.75 × 1 = 3 + 1.95 + 0.75 = 5.70 → 57 kw.
    scheme = SettlementScheme(
        sharing_tiers=(
            SharingTier(D("0"), D("5"), D("0.60")),
            SharingTier(D("5"), D("8"), D("0.65")),
            SharingTier(D("8"), None, D("0.75")),
        ),
        bridging_price_per_kw=D("1000000"),
    )
    result = settle(
        DeliveryInput(name="x", area_ha=D("1"), cane_kw=D("1000"), rendemen_percent=D("9")),
        scheme,
    )

    assert result.farmer_sugar_kw == D("57")
    # Defaults: everything auctioned, no natura, no molasses, no sacks.
    assert result.auctioned_sugar_kw == D("57")
    assert result.total_revenue == D("57000000")
    assert result.deductions == ()


def test_what_if_calculator_gives_sugar_and_estimated_revenue():
    # 1000 kw at R 6.8: farmer sugar 1000 × (3.96 + 0.7021 × 0.8) / 100 = 45.2168 kw;
    # auctioned 40.69512 × (910,000 + 138,000) = 42,648,485.76; natura 4.52168 × 1,105,000
    # = 4,996,456.4 (all sold); molasses 3,000 kg × 1,200 = 3,600,000. Total 51,244,942.16.
    result = sugar_share_what_if(D("1000"), D("6.8"), djatiroto())

    assert result.farmer_sugar_kw == D("45.2168")
    assert result.estimated_total_revenue == D("51244942.16")
    higher = sugar_share_what_if(D("1000"), D("7.8"), djatiroto())
    assert higher.farmer_sugar_kw == D("45.2168") + D("7.021")  # one more point at 70.21 %


# --- the other schemes of domain.md 5b ---------------------------------------------------------


def test_pakis_baru_flat_share_of_sugar_value():
    # 1000 kw at R 7: hablur 70 kw × Rp 1,000,000 = 70,000,000; farmer 65 % = 45,500,000
    # (45.5 kw equivalent); molasses 3 × 1000 = 3,000 kg × 1,100 = 3,300,000. Total 48,800,000.
    scheme = scheme_from_dict(
        {
            "kind": "flat_value_share",
            "flat_farmer_share": "0.65",
            "sugar_price_per_kw": "1000000",
            "molasses_kg_per_kw_cane": "3",
            "molasses_price_per_kg": "1100",
        }
    )
    result = settle(
        DeliveryInput(name="x", area_ha=D("1"), cane_kw=D("1000"), rendemen_percent=D("7")),
        scheme,
    )

    assert result.hablur_kw == D("70")
    assert result.revenue_sugar == D("45500000")
    assert result.farmer_sugar_kw == D("45.5")
    assert result.mill_sugar_kw == D("24.5")
    assert result.molasses_kg == D("3000")
    assert result.revenue_molasses == D("3300000")
    assert result.total_revenue == D("48800000")
    assert result.auctioned_sugar_kw == 0
    assert result.warnings == ()


def test_dompu_price_per_kg_keeps_the_shortfall():
    # 100 kw = 10,000 kg: paid 10,000 × 250 = 2,500,000; agreed 10,000 × 380 = 3,800,000;
    # shortfall 1,300,000.
    scheme = scheme_from_dict(
        {"kind": "price_per_kg", "contract_price_per_kg": "380", "paid_price_per_kg": "250"}
    )
    result = settle(
        DeliveryInput(name="x", area_ha=D("1"), cane_kw=D("100"), rendemen_percent=D("7")),
        scheme,
    )

    assert result.revenue_cane == D("2500000")
    assert result.total_revenue == D("2500000")
    assert result.agreed_revenue == D("3800000")
    assert result.price_shortfall == D("1300000")
    assert [w.code for w in result.warnings] == ["paid_below_contract_price"]
    assert result.warnings[0].params["price_shortfall"] == D("1300000")


def test_dompu_paid_at_contract_price_has_no_shortfall():
    scheme = scheme_from_dict({"kind": "price_per_kg", "contract_price_per_kg": "380"})
    result = settle(
        DeliveryInput(name="x", area_ha=D("1"), cane_kw=D("100"), rendemen_percent=D("7")),
        scheme,
    )

    assert result.revenue_cane == D("3800000")
    assert result.price_shortfall == 0
    assert result.warnings == ()


def test_gunung_madu_multi_stream_shares():
    # 0.70 × 10,000,000 + 0.60 × 2,000,000 + 0.65 × 30,000,000
    # = 7,000,000 + 1,200,000 + 19,500,000 = 27,700,000.
    scheme = scheme_from_dict(
        {
            "kind": "multi_stream",
            "stream_shares": {"harvest": "0.70", "molasses_sales": "0.60", "sugar_sales": "0.65"},
        }
    )
    result = settle(
        DeliveryInput(
            name="x",
            area_ha=D("2"),
            cane_kw=D("1500"),
            rendemen_percent=D("7"),
            stream_values={
                "harvest": D("10000000"),
                "molasses_sales": D("2000000"),
                "sugar_sales": D("30000000"),
            },
        ),
        scheme,
    )

    assert result.revenue_streams == {
        "harvest": D("7000000"),
        "molasses_sales": D("1200000"),
        "sugar_sales": D("19500000"),
    }
    assert result.total_revenue == D("27700000")
    assert [line.label for line in result.lines if line.code == "revenue_stream"] == [
        "harvest",
        "molasses_sales",
        "sugar_sales",
    ]


@pytest.mark.parametrize(
    ("stream_values", "code"),
    [
        ({"harvest": D("1")}, "missing_stream_value"),
        ({"harvest": D("1"), "sugar_sales": D("1"), "bagasse": D("1")}, "unknown_stream"),
        (None, "missing_stream_value"),
    ],
)
def test_multi_stream_needs_exactly_the_scheme_streams(stream_values, code):
    scheme = SettlementScheme(
        kind="multi_stream", stream_shares={"harvest": D("0.7"), "sugar_sales": D("0.65")}
    )
    delivery = DeliveryInput(
        name="x",
        area_ha=D("1"),
        cane_kw=D("10"),
        rendemen_percent=D("7"),
        stream_values=stream_values,
    )

    with pytest.raises(SettlementInputError) as caught:
        settle(delivery, scheme)
    assert caught.value.code == code


# --- deductions, net and debt ------------------------------------------------------------------


def test_tma_by_mill_deducts_cutting_and_haulage_per_kw_cane():
    # Mahmuji 1726 kw: cutting 1726 × 5,500 = 9,493,000; haulage 1726 × 3,000 = 5,178,000.
    scheme = scheme_from_dict(
        {
            **REFERENCE["scheme"],
            "cutting_fee_per_kw_cane": "5500",
            "haulage_fee_per_kw_cane": "3000",
        }
    )
    with_tma = settle(farmer_input("Mahmuji", tma_by_mill=True), scheme)
    without_tma = settle(farmer_input("Mahmuji"), scheme)

    by_code = {d.code: d for d in with_tma.deductions}
    assert by_code["cutting"].amount == D("9493000")
    assert by_code["cutting"].quantity == D("1726")
    assert by_code["cutting"].rate == D("5500")
    assert by_code["haulage"].amount == D("5178000")
    assert [d.code for d in without_tma.deductions] == ["sacks"]
    assert with_tma.net == without_tma.net - D("9493000") - D("5178000")


def test_tma_by_mill_without_configured_fees_is_refused():
    with pytest.raises(SettlementInputError) as caught:
        settle(farmer_input("Mahmuji", tma_by_mill=True), djatiroto())
    assert caught.value.code == "tma_fee_not_configured"


def test_credit_and_other_deductions_are_listed_with_their_labels():
    result = settle(
        farmer_input(
            "Mahmuji",
            credit_deductions=[("KUR principal", D("5000000")), ("KUR interest", D("350000"))],
            other_deductions=[("Iuran kelompok", "25000")],
        ),
        djatiroto(),
    )

    assert [(d.code, d.label, d.amount) for d in result.deductions[1:]] == [
        ("credit", "KUR principal", D("5000000")),
        ("credit", "KUR interest", D("350000")),
        ("other", "Iuran kelompok", D("25000")),
    ]
    # Sacks: 61.51464 × 7,500 = 461,359.8.
    assert result.total_deductions == D("461359.8") + D("5375000")


def test_negative_net_pays_nothing_and_carries_the_debt():
    # Mahmuji: proceeds 77,128,573.52 − sacks 461,359.80 − credit 80,000,000 = −3,332,786.28.
    result = settle(
        farmer_input("Mahmuji", credit_deductions=[("KUR", D("80000000"))]), djatiroto()
    )

    assert result.net == D("-3332786.28")
    assert result.payable == 0
    assert result.carried_debt == D("3332786.28")


# --- the 60 % minimum is about profit sharing, not the sugar tiers (domain.md 5) ---------------


def test_a_sugar_tier_below_sixty_percent_settles_without_a_minimum_warning():
    # Issue 12.3: the Permentan 60/40 minimum is about profit sharing; the tiers are the mill's.
    data = copy.deepcopy(REFERENCE["scheme"])
    data["sharing_tiers"][0]["farmer_share"] = "0.55"
    result = settle(farmer_input("Mahmuji"), scheme_from_dict(data))

    assert result.warnings == ()
    assert result.farmer_sugar_kw == D("1726") * D("0.55") * D("6") / D("100")


def test_flat_and_stream_shares_below_sixty_percent_are_not_profit_sharing():
    flat = SettlementScheme(
        kind="flat_value_share", flat_farmer_share=D("0.5"), sugar_price_per_kw=D("1")
    )
    streams = SettlementScheme(kind="multi_stream", stream_shares={"harvest": D("0.59")})

    assert not hasattr(flat, "share_warnings")
    assert streams.stream_shares == {"harvest": D("0.59")}


# --- JSON --------------------------------------------------------------------------------------


def test_to_dict_is_json_with_unrounded_decimal_strings():
    result = settle(farmer_input("Buriyanto", credit_deductions=[("KUR", D("1000"))]), djatiroto())
    data = json.loads(json.dumps(result.to_dict()))

    for key in (
        "name",
        "farmer_sugar_kw",
        "auctioned_sugar_kw",
        "natura_kw",
        "molasses_kg",
        "revenue_sugar",
        "revenue_molasses",
        "revenue_natura",
        "revenue_profit_sharing",
        "total_revenue",
        "deductions",
        "total_deductions",
        "net",
        "payable",
        "carried_debt",
        "warnings",
    ):
        assert key in data, key
    assert data["name"] == "Buriyanto"
    assert data["farmer_sugar_kw"] == "98.28360217"
    assert data["molasses_kg"] == "6873"
    assert data["deductions"][0] == {
        "code": "sacks",
        "label": "Sugar sacks",
        "quantity": "88.455241953",
        "unit": "kw",
        "rate": "7500",
        "amount": "663414.3146475",
    }
    assert data["deductions"][1]["quantity"] is None
    assert data["deductions"][1]["amount"] == "1000"
    assert D(data["net"]) == result.net
    assert data["warnings"] == []
    assert data["lines"][0] == {
        "code": "cane",
        "label": "",
        "quantity": "2291",
        "unit": "kw",
        "rate": None,
        "amount": None,
        "amount_unit": None,
    }


def test_scheme_round_trips_through_its_dict():
    scheme = scheme_from_dict(
        {
            **REFERENCE["scheme"],
            "cutting_fee_per_kw_cane": "5500",
            "haulage_fee_per_kw_cane": "3000",
        }
    )
    data = scheme_to_dict(scheme)

    assert scheme_from_dict(data) == scheme
    assert data["sharing_tiers"][1]["rendemen_to"] is None
    assert data["cutting_fee_per_kw_cane"] == "5500"
    assert "flat_farmer_share" not in data


# --- rounding at the edge ----------------------------------------------------------------------


def test_quantize_rounds_half_up_at_the_edge():
    assert quantize_money(D("2.345")) == D("2.35")  # half-even would give 2.34
    assert quantize_money(D("-1.005")) == D("-1.01")
    assert quantize_money(D("663414.3146475")) == D("663414.31")
    assert quantize_kw(D("0.0025")) == D("0.003")  # half-even would give 0.002
    assert quantize_kw(D("98.28360217")) == D("98.284")
    with pytest.raises(SettlementInputError):
        quantize_money(2.345)
