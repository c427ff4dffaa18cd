"""Settlement schemes per mill and season with effective dates; every kind of domain.md 5b is
stored as the calculation's JSON and checked by it."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from harvest.calculations.settlement import scheme_from_dict
from harvest.services.schemes import create_scheme, end_scheme, scheme_for
from tests.factories import DJATIROTO_SCHEME

pytestmark = pytest.mark.django_db


def create(hw, **changes):
    values = {
        "by": hw.manager,
        "mill": hw.mill,
        "season": hw.season,
        "name": "Harga baru",
        "parameters": {**DJATIROTO_SCHEME, "bridging_price_per_kw": "950000"},
        "effective_from": date(2026, 8, 1),
        **changes,
    }
    return create_scheme(**values)


def test_a_new_price_from_a_date_after_the_old_scheme_ends(hw):
    with pytest.raises(ValidationError) as caught:
        create(hw)  # the world's scheme is open-ended from 1 Jan 2025
    assert "effective_from" in caught.value.message_dict

    end_scheme(scheme=hw.scheme, by=hw.manager, effective_to=date(2026, 7, 31))
    newer = create(hw)

    assert scheme_for(mill=hw.mill, season=hw.season, on=date(2026, 7, 31)) == hw.scheme
    assert scheme_for(mill=hw.mill, season=hw.season, on=date(2026, 8, 1)) == newer
    assert newer.kind == "rendemen_tier"
    assert scheme_from_dict(newer.parameters).bridging_price_per_kw == Decimal("950000")
    assert newer.history.count() == 1


@pytest.mark.parametrize(
    "parameters",
    [
        {"kind": "flat_value_share", "flat_farmer_share": "0.65", "sugar_price_per_kw": "1"},
        {"kind": "price_per_kg", "contract_price_per_kg": "380"},
        {"kind": "multi_stream", "stream_shares": {"harvest": "0.7"}},
    ],
)
def test_every_kind_is_expressible(hw, parameters):
    hw.scheme.delete()
    scheme = create(hw, parameters=parameters)
    assert scheme.kind == parameters["kind"]
    assert scheme_from_dict(scheme.parameters) == scheme_from_dict(parameters)


def test_an_invalid_scheme_is_refused_with_the_reason(hw):
    hw.scheme.delete()
    with pytest.raises(ValidationError) as caught:
        create(hw, parameters={**DJATIROTO_SCHEME, "natura_fraction": "0.2"})
    assert "natura_fraction" in " ".join(caught.value.message_dict["parameters"])


def test_only_a_manager_sets_the_scheme(hw):
    with pytest.raises(PermissionDenied):
        create(hw, by=hw.credit)
