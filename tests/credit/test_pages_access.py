"""Each credit page opens for the roles whose work it is and refuses the others (farmers, QC,
roles without the action); the farmer's ledger page is the farmer's only."""

from decimal import Decimal

import pytest
from django.urls import reverse

from credit.models import ApplicationStatus
from tebu_site.models import Role
from tests.credit.helpers import kur_application, to_verified
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

D = Decimal


def status(client, user, url, method="get", **data):
    client.force_login(user)
    response = getattr(client, method)(url, data)
    client.logout()
    return response.status_code


@pytest.fixture
def app(cw):
    return kur_application(cw)


def staff_pages(cw, app):
    return [
        reverse("credit-pipeline"),
        reverse("credit-application-new"),
        reverse("credit-application", args=[app.pk]),
        reverse("credit-application-edit", args=[app.pk]),
        reverse("credit-product-list"),
        reverse("credit-product-tranches", args=[cw.kur.pk]),
        reverse("credit-farmer-ledger", args=[cw.farmer.pk]),
        reverse("credit-in-kind-new"),
    ]


def test_staff_pages_open_for_field_staff_credit_officer_and_manager(client, cw, app):
    admin = UserFactory(role=Role.ADMINISTRATOR, mills=[cw.mill])
    for user in (cw.sinder, cw.credit, cw.manager, admin):
        for url in staff_pages(cw, app):
            assert status(client, user, url) == 200, (user.role, url)


def test_staff_pages_refuse_farmers_and_other_staff_roles(client, cw, app):
    qc = UserFactory(role=Role.QC, mills=[cw.mill])
    clerk = UserFactory(role=Role.WEIGHBRIDGE_CLERK, mills=[cw.mill])
    for user in (cw.farmer_login, qc, clerk):
        for url in staff_pages(cw, app):
            assert status(client, user, url) == 403, (user.role, url)


def test_anonymous_users_are_sent_to_log_in(client, cw, app):
    for url in [*staff_pages(cw, app), reverse("credit-portal-ledger")]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_product_settings_are_for_managers(client, cw):
    for url in (reverse("credit-product-new"), reverse("credit-package-new")):
        assert status(client, cw.manager, url) == 200
        assert status(client, cw.credit, url) == 403
        assert status(client, cw.sinder, url) == 403
    assert status(client, cw.manager, reverse("credit-product-edit", args=[cw.kur.pk])) == 200
    assert status(client, cw.credit, reverse("credit-product-edit", args=[cw.kur.pk])) == 403


def test_repayments_are_recorded_by_the_credit_office(client, cw):
    url = reverse("credit-repayment-new")
    assert status(client, cw.credit, url) == 200
    assert status(client, cw.manager, url) == 200
    assert status(client, cw.sinder, url) == 403


def test_field_staff_see_no_approve_button_and_cannot_approve_by_post(client, cw, app):
    client.force_login(cw.sinder)
    page = client.get(reverse("credit-application", args=[app.pk])).content.decode()
    assert 'data-testid="move-submitted"' in page
    assert 'data-testid="chain-approve"' not in page
    # The old one-click approval is gone: the decision is the chain's last step.
    response = client.post(
        reverse("credit-application-move", args=[app.pk, "approved"]),
        {"move-approved-amount": "1000", "move-approved-approved_on": "2018-06-01"},
    )
    assert response.status_code == 404
    to_verified(cw, app)
    page = client.get(reverse("credit-application", args=[app.pk])).content.decode()
    assert 'data-testid="chain-approve"' not in page
    client.post(
        reverse("credit-application-approve", args=[app.pk]),
        {"chain-amount": "1000", "chain-approved_on": "2018-06-01"},
    )
    app.refresh_from_db()
    assert app.status == ApplicationStatus.VERIFIED and app.approved_amount is None


def test_the_farmer_ledger_page_is_for_farmers(client, cw, app):
    url = reverse("credit-portal-ledger")
    assert status(client, cw.farmer_login, url) == 200
    for user in (cw.sinder, cw.credit, cw.manager):
        assert status(client, user, url) == 403


def test_the_menu_leads_each_role_to_its_credit_pages(client, cw):
    for user, name in (
        (cw.sinder, "credit-pipeline"),
        (cw.credit, "credit-pipeline"),
        (cw.manager, "credit-product-list"),
        (cw.farmer_login, "credit-portal-ledger"),
    ):
        client.force_login(user)
        assert f'href="{reverse(name)}"' in client.get(reverse("home")).content.decode(), name
