"""A DO's stored settlement warnings (written in English by the pure calculation) are shown in the
reader's language, with the numbers formatted; an unknown warning keeps its message."""

from django.utils import translation

from harvest.statement import warning_text

BELOW_MINIMUM = {
    "code": "below_legal_minimum_share",
    "message": "sharing_tiers[B]: farmer share 0.55 is below the legal minimum 0.60",
    "params": {"setting": "sharing_tiers[B]", "share": "0.55", "minimum": "0.60"},
}
BELOW_CONTRACT = {
    "code": "paid_below_contract_price",
    "message": "paid Rp 12500/kg, below the contract price Rp 13000/kg: shortfall Rp 1950000",
    "params": {
        "contract_price_per_kg": "13000",
        "paid_price_per_kg": "12500",
        "price_shortfall": "1950000",
    },
}


def test_warnings_read_in_indonesian():
    with translation.override("id"):
        below = warning_text(BELOW_MINIMUM)
        contract = warning_text(BELOW_CONTRACT)
    assert below == (
        "Bagian petani 55 % (tingkat rendemen B) di bawah batas minimum menurut aturan, 60 %."
    )
    assert contract == (
        "Dibayar Rp 12.500/kg, di bawah harga kontrak Rp 13.000/kg: kurang Rp 1.950.000."
    )


def test_warnings_read_in_english():
    with translation.override("en"):
        assert warning_text(BELOW_CONTRACT) == (
            "Paid Rp 12.500/kg, below the contract price of Rp 13.000/kg: short by Rp 1.950.000."
        )
        assert "share of molasses sale" in warning_text(
            {
                **BELOW_MINIMUM,
                "params": {**BELOW_MINIMUM["params"], "setting": "stream_shares.molasses_sale"},
            }
        )


def test_unknown_or_broken_warning_keeps_its_message():
    unknown = {"code": "something_new", "message": "look at this", "params": {}}
    broken = {**BELOW_CONTRACT, "params": {"paid_price_per_kg": "not a number"}}
    assert warning_text(unknown) == "look at this"
    assert warning_text(broken) == BELOW_CONTRACT["message"]
