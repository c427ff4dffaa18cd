"""Application windows are enforced (domain.md 4; issue 12 point 4): KUR-TMA takes applications
March–May, PKBL June–August (paid November–December) and September–November (paid January–
February). Outside them an application is refused on every path with the windows named in
Indonesian dates, until a manager records an exception with a reason (who and when kept), after
which that farmer's application may be entered and submitted."""

import datetime
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from credit.admin import CreditApplicationAdminForm
from credit.models import ApplicationStatus, CreditApplication, ProductKind, WindowException
from credit.services import windows, workflow
from credit.services.applications import PlotLine, create_application
from credit.services.windows import WindowSpec
from partners.models import CropClass
from tests.credit.conftest import contracted_farmer
from tests.credit.factories import CreditProductFactory, pkbl_product
from tests.credit.helpers import kur_application

pytestmark = pytest.mark.django_db

D = Decimal
EMPTY_FORMSET = {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0", "MIN_NUM_FORMS": "0"}


def today_text():
    """Today in Asia/Jakarta, written the Indonesian way, as the refusal says it."""
    return windows.indonesian_date(timezone.localdate())


@pytest.fixture
def tma(cw):
    """PG Semboro's KUR-TMA for TRM partners, taking applications 1 March – 31 May 2019."""
    product = CreditProductFactory(
        season=cw.season,
        name="KUR-TMA 2018/2019",
        kind=ProductKind.KUR_TMA,
        annual_rate_percent=D("1"),
        ceiling_per_ha_plant_cane=D("9000000"),
        ceiling_per_ha_ratoon=D("9000000"),
        cap_per_farmer=None,
        eligible_partner_types=["trm"],
        requires_no_bank_loan_declaration=False,
    )
    windows.set_application_windows(
        product=product,
        by=cw.manager,
        windows=[WindowSpec(datetime.date(2019, 3, 1), datetime.date(2019, 5, 31))],
    )
    return product


@pytest.fixture
def trm(cw):
    farmer, plots, _contract = contracted_farmer(
        cw.north, cw.season, [(CropClass.RATOON, D("1"))], partner_type="trm"
    )
    return farmer, plots


def apply_tma(cw, tma, trm, by=None):
    farmer, plots = trm
    return create_application(
        by=by or cw.sinder,
        farmer=farmer,
        product=tma,
        plots=[PlotLine(plot) for plot in plots],
        requested_amount=D("9000000"),
    )


def test_kur_tma_outside_march_to_may_is_refused_naming_the_window(cw, tma, trm):
    with pytest.raises(ValidationError) as refused:
        apply_tma(cw, tma, trm)

    message = " ".join(refused.value.message_dict["product"])
    assert "1 Maret 2019 – 31 Mei 2019" in message
    assert today_text() in message and "WIB" in message
    assert not CreditApplication.objects.filter(product=tma).exists()


def test_inside_the_window_the_application_is_taken(cw, tma, trm):
    today = timezone.localdate()
    windows.set_application_windows(
        product=tma, by=cw.manager, windows=[WindowSpec(today - timedelta(days=10), today)]
    )
    application = apply_tma(cw, tma, trm)
    workflow.submit_application(application=application, by=cw.sinder)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert not WindowException.objects.exists()


def test_pkbl_refusal_names_both_windows_with_their_payment_months(cw):
    pkbl = pkbl_product(cw.season)
    windows.set_application_windows(
        product=pkbl,
        by=cw.manager,
        windows=[
            WindowSpec(
                datetime.date(2018, 6, 1),
                datetime.date(2018, 8, 31),
                datetime.date(2018, 11, 1),
                datetime.date(2018, 12, 31),
            ),
            WindowSpec(
                datetime.date(2018, 9, 1),
                datetime.date(2018, 11, 30),
                datetime.date(2019, 1, 1),
                datetime.date(2019, 2, 28),
            ),
        ],
    )
    with pytest.raises(ValidationError) as refused:
        kur_application(cw, product=pkbl, requested=D("30000000"))

    message = " ".join(refused.value.message_dict["product"])
    assert "1 Juni 2018 – 31 Agustus 2018" in message
    assert "1 November 2018 – 31 Desember 2018" in message
    assert "1 September 2018 – 30 November 2018" in message
    assert "1 Januari 2019 – 28 Februari 2019" in message


def test_the_api_and_the_pages_refuse_it_too(client, cw, tma, trm):
    farmer, plots = trm
    api = APIClient()
    api.force_authenticate(cw.sinder)
    response = api.post(
        "/api/credit/applications/",
        {
            "farmer": farmer.pk,
            "product": tma.pk,
            "requested_amount": "9000000",
            "plots": [{"plot": plots[0].pk}],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "1 Maret 2019 – 31 Mei 2019" in " ".join(response.json()["errors"]["product"])

    client.force_login(cw.sinder)
    start = client.get(reverse("credit-application-new"), {"farmer": farmer.pk, "product": tma.pk})
    assert 'data-testid="applicant-form"' in start.content.decode()
    assert "1 Maret 2019 – 31 Mei 2019" in start.content.decode()

    form = client.post(
        reverse("credit-application-new") + f"?farmer={farmer.pk}&product={tma.pk}",
        {
            f"plot_{plots[0].pk}": "on",
            f"class_{plots[0].pk}": "rc",
            f"area_{plots[0].pk}": "1",
            "requested_amount": "9000000",
            **{f"{p}-{k}": v for p in ("rdkk", "collateral") for k, v in EMPTY_FORMSET.items()},
        },
    )
    assert form.status_code == 200
    assert not CreditApplication.objects.filter(product=tma).exists()


def test_a_manager_exception_lets_the_farmer_apply_and_submit(cw, tma, trm):
    farmer, _plots = trm
    with pytest.raises(PermissionDenied):
        windows.record_window_exception(
            by=cw.sinder, product=tma, farmer=farmer, reason="Petani sakit di bulan Mei"
        )
    with pytest.raises(ValidationError) as no_reason:
        windows.record_window_exception(by=cw.manager, product=tma, farmer=farmer, reason=" ")
    assert "reason" in no_reason.value.message_dict

    exception = windows.record_window_exception(
        by=cw.manager, product=tma, farmer=farmer, reason="Petani sakit di bulan Mei"
    )
    application = apply_tma(cw, tma, trm)
    workflow.submit_application(application=application, by=cw.sinder)

    exception.refresh_from_db()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert exception.application == application
    assert exception.recorded_by == cw.manager and exception.recorded_at is not None
    assert exception.history.earliest().history_user == cw.manager
    # The exception lets one application in: the next one is refused again.
    with pytest.raises(ValidationError):
        apply_tma(cw, tma, trm)


def test_a_draft_outside_the_window_is_submitted_only_after_an_exception(client, cw, tma, trm):
    today = timezone.localdate()
    windows.set_application_windows(
        product=tma, by=cw.manager, windows=[WindowSpec(today - timedelta(days=10), today)]
    )
    application = apply_tma(cw, tma, trm)
    # The window closed before the draft was submitted.
    windows.set_application_windows(
        product=tma,
        by=cw.manager,
        windows=[WindowSpec(today - timedelta(days=10), today - timedelta(days=1))],
    )
    with pytest.raises(ValidationError) as refused:
        workflow.submit_application(application=application, by=cw.sinder)
    assert today_text() in " ".join(refused.value.message_dict["product"])

    client.force_login(cw.manager)
    page = client.get(reverse("credit-application", args=[application.pk])).content.decode()
    assert 'data-testid="window-refusal"' in page
    assert 'data-testid="window-exception-form"' in page
    url = reverse("credit-application-window-exception", args=[application.pk])
    assert client.post(url, {"window-exception-reason": ""}).status_code == 400
    reason = {"window-exception-reason": "Berkas masuk 1 hari terlambat"}
    assert client.post(url, reason).status_code == 302

    page = client.get(reverse("credit-application", args=[application.pk])).content.decode()
    assert 'data-testid="window-refusal"' not in page
    assert "Berkas masuk 1 hari terlambat" in page
    workflow.submit_application(application=application, by=cw.sinder)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_a_field_officer_cannot_record_an_exception_on_the_page_or_the_api(client, cw, tma, trm):
    farmer, _plots = trm
    client.force_login(cw.sinder)
    response = client.post(
        reverse("credit-product-window-exception", args=[tma.pk]),
        {"exception-farmer": farmer.pk, "exception-reason": "Tolong"},
    )
    assert response.status_code == 403
    api = APIClient()
    api.force_authenticate(cw.sinder)
    response = api.post(
        "/api/credit/window-exceptions/",
        {"product": tma.pk, "farmer": farmer.pk, "reason": "Tolong"},
        format="json",
    )
    assert response.status_code == 403
    assert not WindowException.objects.exists()

    api.force_authenticate(cw.manager)
    response = api.post(
        "/api/credit/window-exceptions/",
        {"product": tma.pk, "farmer": farmer.pk, "reason": "Banjir di bulan Mei"},
        format="json",
    )
    assert response.status_code == 201
    apply_tma(cw, tma, trm)  # now taken


def test_the_manager_sets_windows_and_exceptions_on_the_product_page(client, cw, tma, trm):
    farmer, _plots = trm
    client.force_login(cw.manager)
    page = client.get(reverse("credit-product-tranches", args=[tma.pk])).content.decode()
    assert "1 Maret 2019 – 31 Mei 2019" in page

    def windows_post(rows):
        data = {
            "window-TOTAL_FORMS": str(len(rows)),
            "window-INITIAL_FORMS": "0",
            "window-MIN_NUM_FORMS": "0",
            "window-MAX_NUM_FORMS": "1000",
        }
        for index, (opens, closes) in enumerate(rows):
            data[f"window-{index}-opens_on"] = opens
            data[f"window-{index}-closes_on"] = closes
        return client.post(reverse("credit-product-windows", args=[tma.pk]), data)

    overlapping = windows_post([("2019-03-01", "2019-05-31"), ("2019-05-01", "2019-06-30")])
    assert overlapping.status_code == 400
    assert 'data-testid="formset-errors-window"' in overlapping.content.decode()
    assert tma.application_windows.count() == 1
    assert windows_post([("2020-03-01", "2020-05-31")]).status_code == 302
    page = client.get(reverse("credit-product-tranches", args=[tma.pk])).content.decode()
    assert "1 Maret 2020 – 31 Mei 2020" in page

    response = client.post(
        reverse("credit-product-window-exception", args=[tma.pk]),
        {"exception-farmer": farmer.pk, "exception-reason": "Pengajuan via KUD terlambat"},
    )
    assert response.status_code == 302
    page = client.get(reverse("credit-product-tranches", args=[tma.pk])).content.decode()
    assert "Pengajuan via KUD terlambat" in page
    apply_tma(cw, tma, trm)


def test_the_admin_refuses_an_application_outside_the_window(cw, tma, trm):
    farmer, _plots = trm
    form = CreditApplicationAdminForm(
        {
            "number": "KR/ADMIN/1",
            "farmer": farmer.pk,
            "season": cw.season.pk,
            "product": tma.pk,
            "status": ApplicationStatus.DRAFT,
            "status_changed_at": timezone.now().strftime("%Y-%m-%d %H:%M:%S"),
            "requested_amount": "9000000",
            "ceiling_amount": "9000000",
            "created_by": cw.sinder.pk,
        }
    )
    assert not form.is_valid()
    assert "1 Maret 2019 – 31 Mei 2019" in " ".join(form.errors["product"])
