"""The application form on a phone: the farmer's contracted plots with crop class and area, the
ceiling computed and shown (Rp 66,300,000 for 2 ha ratoon + 1 ha plant cane at the Semboro
rates), an amount above it refused with the reason beside the field, RDKK lines and collateral."""

from decimal import Decimal

import pytest
from django.urls import reverse

from credit.models import CreditApplication
from tests.credit.helpers import kur_application

pytestmark = pytest.mark.django_db

D = Decimal


def form_url(cw):
    return reverse("credit-application-new") + f"?farmer={cw.farmer.pk}&product={cw.kur.pk}"


def form_data(cw, amount, **extra):
    data = {
        f"plot_{cw.ratoon_plot.pk}": "on",
        f"class_{cw.ratoon_plot.pk}": "rc",
        f"area_{cw.ratoon_plot.pk}": "2",
        f"plot_{cw.plant_plot.pk}": "on",
        f"class_{cw.plant_plot.pk}": "pc",
        f"area_{cw.plant_plot.pk}": "1",
        "requested_amount": amount,
        "declares_no_bank_loan": "on",
        "notes": "",
        "rdkk-TOTAL_FORMS": "1",
        "rdkk-INITIAL_FORMS": "0",
        "collateral-TOTAL_FORMS": "1",
        "collateral-INITIAL_FORMS": "0",
        "action": "save",
    }
    data.update(extra)
    return data


def test_the_form_lists_the_contracted_plots_and_shows_the_ceiling(client, cw):
    client.force_login(cw.sinder)
    page = client.get(form_url(cw)).content.decode()
    assert cw.ratoon_plot.code in page and cw.plant_plot.code in page
    assert "Rp 66.300.000" in page  # 2 × 20,650,000 + 1 × 25,000,000


def test_the_live_ceiling_follows_the_plots_ticked(client, cw):
    client.force_login(cw.sinder)
    params = {
        "farmer": cw.farmer.pk,
        "product": cw.kur.pk,
        f"plot_{cw.ratoon_plot.pk}": "on",
        f"area_{cw.ratoon_plot.pk}": "2",
        f"class_{cw.ratoon_plot.pk}": "rc",
        "requested_amount": "45000000",
    }
    data = client.get(reverse("credit-ceiling"), params).json()
    assert data["amount_text"] == "Rp 41.300.000"
    assert "Rp 45.000.000" in data["reason"] and "Rp 41.300.000" in data["reason"]
    params[f"plot_{cw.plant_plot.pk}"] = "on"
    data = client.get(reverse("credit-ceiling"), params).json()
    assert data["amount_text"] == "Rp 66.300.000" and data["reason"] == ""


def test_asking_more_than_the_ceiling_is_refused_with_the_reason_beside_the_amount(client, cw):
    client.force_login(cw.sinder)
    response = client.post(form_url(cw), form_data(cw, "70000000"))
    assert response.status_code == 200
    assert not CreditApplication.objects.exists()
    form = response.context["form"]
    reason = " ".join(form.errors["requested_amount"])
    assert "Rp 70.000.000" in reason and "Rp 66.300.000" in reason
    page = response.content.decode()
    assert 'data-testid="amount-error"' in page and "Rp 66.300.000" in page


def test_check_ceiling_shows_the_reason_without_saving(client, cw):
    client.force_login(cw.sinder)
    response = client.post(form_url(cw), form_data(cw, "70000000", action="check"))
    assert not CreditApplication.objects.exists()
    assert "Rp 66.300.000" in " ".join(response.context["form"].errors["requested_amount"])


def test_a_draft_is_saved_with_its_plots_rdkk_lines_and_collateral(client, cw):
    client.force_login(cw.sinder)
    data = form_data(
        cw,
        "66300000",
        **{
            "rdkk-0-item": "Pupuk ZA",
            "rdkk-0-quantity": "600",
            "rdkk-0-unit": "kg",
            "rdkk-0-amount": "1200000",
            "collateral-0-kind": "land_certificate",
            "collateral-0-owner_name": "Buriyanto",
            "collateral-0-value": "80000000",
            "collateral-0-description": "SHM 123",
        },
    )
    response = client.post(form_url(cw), data)
    application = CreditApplication.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("credit-application", args=[application.pk])
    assert application.requested_amount == D("66300000")
    assert application.ceiling_amount == D("66300000")
    assert sorted(line.area_ha for line in application.plot_lines.all()) == [D("1"), D("2")]
    assert application.rdkk_lines.get().item == "Pupuk ZA"
    assert application.collateral_items.get().value == D("80000000")
    assert application.declares_no_bank_loan


def test_unticking_a_plot_lowers_the_ceiling_and_the_service_refuses_the_old_amount(client, cw):
    client.force_login(cw.sinder)
    data = form_data(cw, "66300000")
    del data[f"plot_{cw.plant_plot.pk}"]
    response = client.post(form_url(cw), data)
    assert not CreditApplication.objects.exists()
    assert "Rp 41.300.000" in " ".join(response.context["form"].errors["requested_amount"])


def test_editing_a_draft_keeps_its_lines_and_saves_the_new_amount(client, cw):
    application = kur_application(cw, requested=D("60000000"))
    client.force_login(cw.sinder)
    url = reverse("credit-application-edit", args=[application.pk])
    page = client.get(url).content.decode()
    assert 'value="60.000.000"' in page  # grouped the way the DO prints amounts
    response = client.post(url, form_data(cw, "65000000"))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.requested_amount == D("65000000")


def test_a_submitted_application_can_no_longer_be_edited_once_verified(client, cw):
    from tests.credit.helpers import to_verified

    application = to_verified(cw, kur_application(cw))
    client.force_login(cw.sinder)
    response = client.get(reverse("credit-application-edit", args=[application.pk]))
    assert response.status_code == 302
