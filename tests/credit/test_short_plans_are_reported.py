"""Loans whose planned tranches fall short of the approved amount (planned before plans were
checked, or edited since) are reported, never silent: by ``manage.py check_tranche_plans``
(none on the demo: test_demo_credit.py), on the loan's page and in its API detail; the admin
refuses to save a plan or a template that falls short."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.forms.models import inlineformset_factory
from django.urls import reverse
from rest_framework.test import APIClient

from credit.admin import DisbursementFormSet, TrancheTemplateFormSet
from credit.models import CreditApplication, CreditProduct, Disbursement, TrancheTemplate
from credit.services import workflow
from tests.credit.helpers import kur_application, to_verified

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def loan(cw):
    """Buriyanto's KUR approved for Rp 60,000,000: garap and TMA tranches adding up to it."""
    application = to_verified(cw, kur_application(cw, requested=D("60000000")))
    workflow.approve_application(application=application, by=cw.credit, amount=D("60000000"))
    application.refresh_from_db()
    return application


def shorten(loan):
    """A plan made short on purpose (as an old loan or a hand edit could have left it)."""
    tma = loan.disbursements.order_by("-order").first()
    Disbursement.objects.filter(pk=tma.pk).update(planned_amount=tma.planned_amount - D("5000000"))


def test_the_command_lists_a_short_plan_with_the_amount_missing(cw, loan):
    out = StringIO()
    call_command("check_tranche_plans", stdout=out)
    assert loan.number not in out.getvalue()

    shorten(loan)
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("check_tranche_plans", stdout=out)

    line = next(row for row in out.getvalue().splitlines() if loan.number in row)
    assert "Rp 60.000.000" in line and "Rp 55.000.000" in line and "Rp 5.000.000" in line
    # Another mill's check does not list it.
    other = StringIO()
    call_command("check_tranche_plans", mill=cw.other_mill.code, stdout=other)
    assert loan.number not in other.getvalue()


def test_a_loan_with_no_tranche_at_all_is_listed(cw, loan):
    loan.disbursements.all().delete()
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("check_tranche_plans", stdout=out)
    assert loan.number in out.getvalue()


def test_the_loan_page_and_the_api_show_the_amount_missing(client, cw, loan):
    shorten(loan)
    client.force_login(cw.credit)

    page = client.get(reverse("credit-application", args=[loan.pk])).content.decode()

    assert 'data-testid="unplanned"' in page and "Rp 5.000.000" in page
    api = APIClient()
    api.force_authenticate(cw.credit)
    assert api.get(f"/api/credit/applications/{loan.pk}/").json()["unplanned_amount"] == (
        "5000000.00"
    )


def test_a_plan_that_adds_up_shows_no_warning(client, cw, loan):
    client.force_login(cw.credit)
    page = client.get(reverse("credit-application", args=[loan.pk])).content.decode()
    assert 'data-testid="unplanned"' not in page


def formset_data(prefix, rows, initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def test_the_admin_refuses_tranches_short_of_the_approved_amount(cw, loan):
    fields = ["order", "purpose", "payee", "planned_amount"]
    formset_class = inlineformset_factory(
        CreditApplication, Disbursement, formset=DisbursementFormSet, fields=fields, extra=0
    )
    tranches = list(loan.disbursements.order_by("order"))
    rows = [
        {"id": t.pk, "order": t.order, "purpose": t.purpose, "payee": t.payee}
        | {"planned_amount": t.planned_amount}
        for t in tranches
    ]
    rows[-1]["planned_amount"] = tranches[-1].planned_amount - D("1000000")

    formset = formset_class(formset_data("disbursements", rows, initial=len(rows)), instance=loan)

    assert not formset.is_valid()
    assert "Rp 1.000.000" in " ".join(formset.non_form_errors())


def test_the_admin_refuses_a_template_short_of_a_ceiling(cw):
    formset_class = inlineformset_factory(
        CreditProduct,
        TrancheTemplate,
        formset=TrancheTemplateFormSet,
        fields=["order", "purpose", "crop_class", "amount_per_ha", "payee"],
        extra=0,
    )
    rows = [
        {
            "order": 1,
            "purpose": "cultivation",
            "crop_class": "",
            "amount_per_ha": "20000000",
            "payee": "farmer",
        }
    ]
    formset = formset_class(formset_data("tranche_templates", rows), instance=cw.kur)

    assert not formset.is_valid()
    # KUR ratoon ceiling Rp 20,650,000 a ha: Rp 650,000 left unplanned.
    assert "Rp 650.000" in " ".join(formset.non_form_errors())
