"""What the CSI/IPA worker reads: the round's answers in long form, in questionnaire order, skips
as NaN, filtered by the region and partner type each answer was given under."""

import math

import pytest

from surveys import selectors
from tests.factories import survey_response

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(world, open_round):
    farmers = world["farmers"]
    survey_response(open_round, farmers["north_trk"], scores={"a02": (4, 5), "a01": (3, None)})
    survey_response(open_round, farmers["north_trm"], scores={"a01": (5, 4)})
    survey_response(open_round, farmers["south_trk"], scores={"a01": (2, 2), "a13": (5, 1)})
    survey_response(open_round, code="R01", scores={"a01": (1, 1)})
    return open_round


def test_columns_order_and_skips(answered):
    frame = selectors.responses_frame(answered.pk)
    assert list(frame.columns) == ["respondent", "attribute", "importance", "performance"]
    assert list(frame["attribute"]) == [
        "Persyaratan pengajuan kredit",
        "Persyaratan pengajuan kredit",
        "Persyaratan pengajuan kredit",
        "Persyaratan pengajuan kredit",
        "Pemetaan luas areal lahan",
        "Waktu pembayaran DO",
    ]
    first = frame.iloc[0]
    assert first["importance"] == 3 and math.isnan(first["performance"])
    assert frame["respondent"].str.contains("paper:R01").any()
    assert not frame["respondent"].str.contains(r"\d{16}").any()  # no NIK leaves the app


def test_filters_by_region_and_partner_type(world, answered):
    north = selectors.responses_frame(answered.pk, region_ids=[world["north"].pk])
    assert len(north) == 3
    trk = selectors.responses_frame(answered.pk, partner_types=["trk"])
    assert len(trk) == 4
    both = selectors.responses_frame(
        answered.pk, region_ids=[world["south"].pk], partner_types=["trm"]
    )
    assert both.empty and list(both.columns) == [
        "respondent",
        "attribute",
        "importance",
        "performance",
    ]


def test_attribute_meta_gives_order_and_dimensions(answered):
    order, dimensions = selectors.attribute_meta(answered.pk)
    assert len(order) == 13 and order[0] == "Persyaratan pengajuan kredit"
    assert dimensions["Frekuensi bimbingan teknis"] == "empathy"
