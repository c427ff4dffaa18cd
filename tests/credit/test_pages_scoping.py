"""Nobody reaches another farmer's credit by typing a URL: a farmer (another farmer's application,
ledger or document), field staff of another region and a manager of another mill get 404 or 403
on every credit page and action."""

from decimal import Decimal

import pytest
from django.urls import reverse

from credit.models import ApplicationStatus, CreditApplication
from credit.services import documents
from tests.credit.helpers import kur_application, pdf

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def app(cw):
    application = kur_application(cw)
    document = application.documents.first()
    documents.upload_application_document(document=document, by=cw.sinder, file=pdf("ktp.pdf"))
    return application


def get(client, user, url, **params):
    client.force_login(user)
    return client.get(url, params).status_code


def post(client, user, url, data=None):
    client.force_login(user)
    return client.post(url, data or {}).status_code


def paths(cw, app):
    document = app.documents.first()
    return {
        "detail": reverse("credit-application", args=[app.pk]),
        "edit": reverse("credit-application-edit", args=[app.pk]),
        "ledger": reverse("credit-farmer-ledger", args=[cw.farmer.pk]),
        "download": reverse("credit-document-download", args=[document.pk]),
    }


def test_the_farmer_downloads_their_own_document_and_sees_their_own_ledger(client, cw, app):
    assert get(client, cw.farmer_login, paths(cw, app)["download"]) == 200
    client.force_login(cw.farmer_login)
    page = client.get(reverse("credit-portal-ledger")).content.decode()
    assert app.number in page
    # The ledger links the one uploaded copy, and only that one.
    assert page.count('data-testid="ledger-document-download"') == 1
    assert paths(cw, app)["download"] in page


def test_another_farmer_cannot_open_the_application_ledger_or_document(client, cw, app):
    urls = paths(cw, app)
    assert get(client, cw.south_login, urls["download"]) == 404
    for name in ("detail", "edit", "ledger"):
        assert get(client, cw.south_login, urls[name]) == 403, name
    # Their own ledger page shows only their own credit.
    client.force_login(cw.south_login)
    page = client.get(reverse("credit-portal-ledger")).content.decode()
    assert app.number not in page and "Buriyanto" not in page


def test_field_staff_of_another_region_cannot_reach_it(client, cw, app):
    urls = paths(cw, app)
    for name, url in urls.items():
        assert get(client, cw.south_sinder, url) == 404, name
    document = app.documents.first()
    for url in (
        reverse("credit-document-upload", args=[document.pk]),
        reverse("credit-application-move", args=[app.pk, "submitted"]),
        reverse("credit-interview", args=[app.pk]),
        reverse("credit-plot-visit", args=[app.pk]),
    ):
        assert post(client, cw.south_sinder, url) == 404, url
    assert (
        get(
            client,
            cw.south_sinder,
            reverse("credit-ceiling"),
            farmer=cw.farmer.pk,
            product=cw.kur.pk,
        )
        == 404
    )
    app.refresh_from_db()
    assert app.status == ApplicationStatus.DRAFT


def test_a_manager_of_another_mill_cannot_reach_it(client, cw, app):
    urls = paths(cw, app)
    for name, url in urls.items():
        assert get(client, cw.other_manager, url) == 404, name
    document = app.documents.first()
    for url in (
        reverse("credit-document-verify", args=[document.pk]),
        reverse("credit-document-reject", args=[document.pk]),
        reverse("credit-application-move", args=[app.pk, "rejected"]),
    ):
        assert post(client, cw.other_manager, url, {"reason": "x"}) == 404, url
    assert (
        get(client, cw.other_manager, reverse("credit-product-tranches", args=[cw.kur.pk])) == 404
    )
    assert get(client, cw.other_manager, reverse("credit-product-edit", args=[cw.kur.pk])) == 404
    client.force_login(cw.other_manager)
    page = client.get(reverse("credit-pipeline")).content.decode()
    assert app.number not in page
    assert CreditApplication.objects.get(pk=app.pk).status == ApplicationStatus.DRAFT


def test_the_new_application_form_offers_only_farmers_in_scope(client, cw, app):
    client.force_login(cw.south_sinder)
    page = client.get(reverse("credit-application-new")).content.decode()
    assert cw.south_farmer.name in page and "Buriyanto" not in page
    # Naming the other region's farmer in the URL is refused like an unknown one.
    response = client.get(
        reverse("credit-application-new"), {"farmer": cw.farmer.pk, "product": cw.kur.pk}
    )
    assert 'data-testid="application-form"' not in response.content.decode()
