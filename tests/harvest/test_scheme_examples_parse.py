"""The worked examples on the new-scheme page are valid schemes of the one parser the settlement
uses (harvest.calculations.schemes), including the studies' computed profit sharing, the PT SMS
quality standards and the Gunung Madu stream sources."""

from harvest.calculations.settlement import scheme_from_dict, scheme_to_dict
from harvest.views.staff.schemes import SCHEME_EXAMPLES


def test_every_example_parses_and_round_trips():
    kinds = set()
    for _label, data in SCHEME_EXAMPLES:
        scheme = scheme_from_dict(data)
        assert scheme_from_dict(scheme_to_dict(scheme)) == scheme
        kinds.add(scheme.kind)
    assert kinds == {"rendemen_tier", "flat_value_share", "price_per_kg", "multi_stream"}


def test_the_examples_show_what_the_studies_describe():
    parsed = [scheme_from_dict(data) for _label, data in SCHEME_EXAMPLES]
    assert any(s.profit_sharing_farmer_share is not None for s in parsed)
    assert any(s.profit_sharing_per_kw_auctioned > 0 for s in parsed)  # the fixed Rp/kw entry
    (sms,) = [s for s in parsed if s.kind == "price_per_kg"]
    assert (sms.contract_price_per_kg, sms.below_standard_price_per_kg) == (380, 250)
    (madu,) = [s for s in parsed if s.kind == "multi_stream"]
    assert set(madu.stream_sources) == set(madu.stream_shares)
