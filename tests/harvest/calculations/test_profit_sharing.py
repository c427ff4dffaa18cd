"""Profit sharing computed from the auction price (domain.md 5, issue 12.3): farmer share ×
(auction price − bridging price) per kw of auctioned sugar; a share under 60 % is refused with
the regulation's name; the fixed Rp/kw entry stays for mills that publish only that."""

from decimal import Decimal as D

import pytest

from harvest.calculations.settlement import (
    DeliveryInput,
    SettlementInputError,
    profit_sharing_per_kw,
    scheme_from_dict,
    settle,
)
from tests.factories import DJATIROTO_SCHEME

COMPUTED = {
    **{k: v for k, v in DJATIROTO_SCHEME.items() if k != "profit_sharing_per_kw_auctioned"},
    "profit_sharing_farmer_share": "1",
}


def test_the_djatiroto_figure_from_the_auction_price():
    # PG Djatiroto 2016: auction Rp 1,048,000/kw over the bridging (HPP) Rp 910,000/kw, all of
    # the gain to the farmer: Rp 138,000 per kw of auctioned sugar, as the study printed.
    assert profit_sharing_per_kw(D("1048000"), D("910000"), D("1")) == D("138000")


def test_at_the_minimum_share_the_farmer_gets_sixty_percent_of_the_gain():
    assert profit_sharing_per_kw(D("1048000"), D("910000"), D("0.60")) == D("82800")


def test_an_auction_below_the_bridging_price_shares_nothing():
    assert profit_sharing_per_kw(D("900000"), D("910000"), D("1")) == 0


def test_settlement_multiplies_the_computed_rate_by_the_auctioned_sugar():
    # 1,000 kw at rendemen 6: hablur 60 kw, farmer 0.66 × 60 = 39.6 kw, auctioned 90 % = 35.64.
    result = settle(
        DeliveryInput(
            name="DO",
            area_ha=D("1"),
            cane_kw=D("1000"),
            rendemen_percent=D("6"),
            auction_price_per_kw=D("1048000"),
        ),
        scheme_from_dict(COMPUTED),
    )

    lines = {line.code: line for line in result.lines}
    assert lines["auction_price"].quantity == D("1048000")
    assert lines["profit_sharing_per_kw"].quantity == D("138000")
    assert lines["profit_sharing_per_kw"].amount == D("138000")
    assert result.auctioned_sugar_kw == D("35.64")
    assert result.revenue_profit_sharing == D("35.64") * D("138000")


@pytest.mark.parametrize("share", ["0.55", "0.5999"])
def test_a_share_under_sixty_percent_is_refused_naming_the_regulation(share):
    with pytest.raises(SettlementInputError) as caught:
        scheme_from_dict({**COMPUTED, "profit_sharing_farmer_share": share})

    assert caught.value.code == "below_profit_sharing_minimum"
    assert "Permentan 245/PD.320/M/5/2011" in str(caught.value)
    assert caught.value.params["share"] == D(share)


def test_sixty_percent_is_accepted():
    scheme = scheme_from_dict({**COMPUTED, "profit_sharing_farmer_share": "0.60"})
    assert scheme.profit_sharing_farmer_share == D("0.60")


def test_the_published_rate_and_a_share_are_not_both_given():
    with pytest.raises(SettlementInputError) as caught:
        scheme_from_dict({**DJATIROTO_SCHEME, "profit_sharing_farmer_share": "1"})
    assert caught.value.code == "profit_sharing_twice"


def test_the_fixed_rate_still_settles_without_an_auction_price():
    result = settle(
        DeliveryInput(name="DO", area_ha=D("1"), cane_kw=D("1000"), rendemen_percent=D("6")),
        scheme_from_dict(DJATIROTO_SCHEME),
    )
    assert result.revenue_profit_sharing == D("35.64") * D("138000")
    assert "auction_price" not in {line.code for line in result.lines}


def test_a_computed_scheme_without_an_auction_price_cannot_settle():
    with pytest.raises(SettlementInputError) as caught:
        settle(
            DeliveryInput(name="DO", area_ha=D("1"), cane_kw=D("1000"), rendemen_percent=D("6")),
            scheme_from_dict(COMPUTED),
        )
    assert caught.value.code == "auction_price_missing"
