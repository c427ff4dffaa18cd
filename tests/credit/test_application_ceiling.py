"""An application's ceiling at the PG Semboro KUR rates, and what is refused with its reason."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from credit.models import ApplicationStatus, CreditApplication
from credit.services.applications import PlotLine, update_application
from tests.credit.conftest import contracted_farmer
from tests.credit.factories import CreditApplicationFactory
from tests.credit.helpers import kur_application

pytestmark = pytest.mark.django_db

D = Decimal


def test_two_ha_ratoon_and_one_ha_plant_cane_give_66_300_000(cw):
    application = kur_application(cw, requested=D("66300000"))
    assert application.ceiling_amount == D("66300000")
    assert application.status == ApplicationStatus.DRAFT
    assert [d.name for d in application.documents.all()] == cw.kur.required_documents


def test_asking_more_than_the_ceiling_is_refused_with_the_reason(cw):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        kur_application(cw, requested=D("66300001"))
    message = " ".join(caught.value.message_dict["requested_amount"])
    assert "Rp 66.300.000" in message
    assert "ceiling" in message
    assert not CreditApplication.objects.exists()


def test_raising_the_amount_of_a_draft_above_the_ceiling_is_refused(cw):
    application = kur_application(cw, requested=D("50000000"))
    with pytest.raises(ValidationError) as caught:
        update_application(application=application, by=cw.sinder, requested_amount=D("70000000"))
    assert "requested_amount" in caught.value.message_dict
    application.refresh_from_db()
    assert application.requested_amount == D("50000000")


def test_a_farmer_over_the_cap_counting_other_open_loans_is_refused(cw):
    CreditApplicationFactory(
        farmer=cw.farmer,
        product=cw.kur,
        status=ApplicationStatus.ACTIVE,
        requested_amount=D("480000000"),
        approved_amount=D("480000000"),
    )
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        kur_application(cw, requested=D("30000000"))
    message = " ".join(caught.value.message_dict["requested_amount"])
    assert "Rp 500.000.000" in message  # the cap
    assert "Rp 20.000.000" in message  # what is left under it
    # Within what is left, the same farmer may borrow.
    assert kur_application(cw, requested=D("20000000")).ceiling_amount == D("20000000")


def test_a_closed_or_rejected_loan_does_not_count_against_the_cap(cw):
    CreditApplicationFactory(
        farmer=cw.farmer,
        product=cw.kur,
        status=ApplicationStatus.REJECTED,
        rejection_reason="x",
        requested_amount=D("480000000"),
        approved_amount=None,
    )
    assert kur_application(cw, requested=D("66300000")).ceiling_amount == D("66300000")


def test_plots_must_be_contracted_for_the_season(cw):
    from tests.factories import PlotFactory

    loose = PlotFactory(farmer=cw.farmer, area_ha=D("1"))
    with pytest.raises(ValidationError) as caught:
        kur_application(cw, requested=D("1000000"), plots=[PlotLine(loose)])
    assert loose.code in " ".join(caught.value.message_dict["plots"])


def test_kur_needs_a_trk_contract(cw):
    farmer, plots, _ = contracted_farmer(cw.north, cw.season, [("rc", D("1"))], partner_type="trm")
    from credit.services.applications import create_application

    with translation.override("en"), pytest.raises(ValidationError) as caught:
        create_application(
            by=cw.sinder,
            farmer=farmer,
            product=cw.kur,
            plots=[PlotLine(plots[0])],
            requested_amount=D("1000000"),
        )
    assert "TRK" in " ".join(caught.value.message_dict["plots"])


def test_farmers_and_staff_of_another_region_may_not_enter_applications(cw):
    with pytest.raises(PermissionDenied):
        kur_application(cw, by=cw.farmer_login)
    with pytest.raises(PermissionDenied):
        kur_application(cw, by=cw.south_sinder)


def test_first_season_farmer_must_first_deliver_a_harvest_without_credit(cw):
    cw.kur.requires_uncredited_harvest = True
    cw.kur.save()
    with pytest.raises(ValidationError) as caught:
        kur_application(cw, requested=D("1000000"))
    assert "product" in caught.value.message_dict
