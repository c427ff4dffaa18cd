"""PG Pakis Baru: the mill guarantees (avalis) the BRI credit, recorded with the signed letter and
required before approval; the subsidised fertiliser quota of the financed area (60 % Phonska,
40 % ZA) and the draws against it."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from credit.models import GuarantorKind, GuarantorRule, InKindAdvance, InKindKind
from credit.selectors_limits import application_quota, season_quota
from credit.services import guarantees, workflow
from credit.services.fertiliser import draw_fertiliser
from tests.credit.helpers import kur_application, to_verified
from tests.credit.pakis_baru import earlier_season, first_harvest, pakis_baru_product
from tests.factories import FarmerGroupFactory

D = Decimal


@pytest.fixture
def first_loan(cw):
    """Buriyanto's first loan, Rp 16,000,000 from his 2017/2018 harvest (see pakis_baru.py)."""
    first_harvest(cw, earlier_season(cw))
    return kur_application(cw, product=pakis_baru_product(cw), requested=D("16000000"))


def approve(cw, application):
    return workflow.approve_application(
        application=application, by=cw.credit, amount=D("16000000"), approved_on=date(2018, 6, 1)
    )


def test_a_loan_the_mill_guarantees_is_not_approved_without_the_mill_as_avalis(cw, first_loan):
    to_verified(cw, first_loan)
    with pytest.raises(ValidationError) as caught:
        approve(cw, first_loan)
    assert "guarantee" in caught.value.message_dict


def test_the_mill_as_avalis_is_recorded_with_its_letter_on_the_checklist(cw, first_loan):
    with pytest.raises(ValidationError) as caught:
        guarantees.record_guarantee(
            application=first_loan, by=cw.sinder, kind=GuarantorKind.PERSON, person_name="Sutrisno"
        )
    assert "kind" in caught.value.message_dict
    guarantee = guarantees.record_guarantee(
        application=first_loan, by=cw.sinder, kind=GuarantorKind.MILL
    )
    assert guarantee.mill == cw.mill and guarantee.guarantor_name == cw.mill.name
    assert guarantee.document in first_loan.documents.all()
    assert guarantee.document.name == guarantees.letter_name()
    # Recorded again (a correction): still one letter on the checklist.
    guarantees.record_guarantee(application=first_loan, by=cw.sinder, kind=GuarantorKind.MILL)
    assert first_loan.documents.filter(name=guarantees.letter_name()).count() == 1
    to_verified(cw, first_loan)  # uploads and verifies every line, the letter too
    approve(cw, first_loan)
    first_loan.refresh_from_db()
    assert first_loan.status == "approved"


def test_the_letter_must_be_verified_before_approval(cw, first_loan):
    to_verified(cw, first_loan)
    # Verified without a guarantor: too late to add one now.
    with pytest.raises(ValidationError):
        guarantees.record_guarantee(application=first_loan, by=cw.sinder, kind=GuarantorKind.MILL)


def test_a_person_or_a_group_may_guarantee_where_the_product_asks_for_any_guarantor(cw):
    first_harvest(cw, earlier_season(cw))
    product = pakis_baru_product(cw, guarantor_rule=GuarantorRule.REQUIRED)
    application = kur_application(cw, product=product, requested=D("10000000"))
    with pytest.raises(ValidationError) as caught:
        guarantees.record_guarantee(
            application=application,
            by=cw.sinder,
            kind=GuarantorKind.PERSON,
            person_name="Sutrisno",
            person_id_number="12345",
        )
    assert "person_id_number" in caught.value.message_dict
    person = guarantees.record_guarantee(
        application=application,
        by=cw.sinder,
        kind=GuarantorKind.PERSON,
        person_name="Sutrisno",
        person_id_number="3318010101700001",
        person_relation="Kakak",
    )
    assert person.guarantor_name == "Sutrisno"
    other_group = FarmerGroupFactory()
    with pytest.raises(ValidationError) as caught:
        guarantees.record_guarantee(
            application=application, by=cw.sinder, kind=GuarantorKind.GROUP, group=other_group
        )
    assert "group" in caught.value.message_dict
    group = FarmerGroupFactory(mill=cw.mill)
    changed = guarantees.record_guarantee(
        application=application, by=cw.sinder, kind=GuarantorKind.GROUP, group=group
    )
    assert (changed.pk, changed.guarantor_name, changed.person_name) == (person.pk, group.name, "")


@pytest.fixture
def approved(cw):
    """Approved first loan on 2 ha ratoon + 1 ha plant cane, 2 ha financed (no guarantor asked,
    so the quota is the only rule here)."""
    first_harvest(cw, earlier_season(cw))
    product = pakis_baru_product(cw, guarantor_rule=GuarantorRule.NONE)
    application = to_verified(cw, kur_application(cw, product=product, requested=D("16000000")))
    approve(cw, application)
    application.refresh_from_db()
    return application


def test_the_quota_is_kg_per_financed_hectare_split_60_40(cw, approved):
    # 2 ha financed (at most 2 of the 3) × 500 kg = 1,000 kg: 600 kg Phonska, 400 kg ZA.
    quota = application_quota(approved)
    assert (quota.area_ha, quota.phonska_kg, quota.za_kg) == (D("2"), D("600"), D("400"))
    season = season_quota(cw.farmer, cw.season)
    assert (season.phonska_kg, season.za_kg) == (D("600"), D("400"))


def test_draws_count_against_the_quota_and_are_recovered_as_advances(cw, approved):
    draw = draw_fertiliser(
        by=cw.sinder,
        farmer=cw.farmer,
        season=cw.season,
        phonska_kg=D("250"),
        za_kg=D("400"),
        drawn_on=date(2018, 7, 1),
        value=D("1255000"),  # 250 × Rp 2,300 + 400 × Rp 1,700 (the subsidised prices)
    )
    assert draw.advance.kind == InKindKind.SUBSIDISED_FERTILISER
    assert draw.advance.value == D("1255000")
    quota = season_quota(cw.farmer, cw.season)
    assert (quota.drawn_phonska_kg, quota.drawn_za_kg) == (D("250"), D("400"))
    assert (quota.left_phonska_kg, quota.left_za_kg) == (D("350"), D("0"))
    with pytest.raises(ValidationError) as caught:
        draw_fertiliser(
            by=cw.sinder,
            farmer=cw.farmer,
            season=cw.season,
            phonska_kg=D("0"),
            za_kg=D("1"),
            drawn_on=date(2018, 7, 2),
        )
    assert "za_kg" in caught.value.message_dict
    assert InKindAdvance.objects.filter(farmer=cw.farmer).count() == 1


def test_no_quota_without_a_loan_that_gives_one(cw):
    with pytest.raises(ValidationError) as caught:
        draw_fertiliser(
            by=cw.credit,
            farmer=cw.south_farmer,
            season=cw.season,
            phonska_kg=D("10"),
            za_kg=D("0"),
            drawn_on=date(2018, 7, 1),
        )
    assert "season" in caught.value.message_dict
