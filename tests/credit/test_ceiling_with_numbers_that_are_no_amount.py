"""The live ceiling and the application form with numbers that are no amount or no area (issue
13): NaN, infinities, 1e999999, more than a money column holds. The live ceiling ignores them
(as it ignores a half-typed amount); the form refuses them beside the field and saves nothing."""

import pytest
from django.urls import reverse

from credit.models import CreditApplication
from tests.credit.test_pages_application_form import form_data, form_url

pytestmark = pytest.mark.django_db

NO_AMOUNTS = ["NaN", "inf", "-Infinity", "1e999999", "100000000000000", "²", "\x00"]


def ceiling(client, cw, **extra):
    query = {
        "farmer": cw.farmer.pk,
        "product": cw.kur.pk,
        f"plot_{cw.ratoon_plot.pk}": "on",
        f"area_{cw.ratoon_plot.pk}": "2",
        f"class_{cw.ratoon_plot.pk}": "rc",
    }
    query.update(extra)
    return client.get(reverse("credit-ceiling"), query)


@pytest.mark.parametrize("amount", NO_AMOUNTS)
def test_the_live_ceiling_ignores_an_amount_that_is_no_amount(client, cw, amount):
    client.force_login(cw.sinder)
    response = ceiling(client, cw, requested_amount=amount)
    assert response.status_code == 200
    data = response.json()
    assert data["amount_text"] == "Rp 41.300.000" and data["reason"] == ""


@pytest.mark.parametrize("area", ["NaN", "inf", "1e999999", "-1", "²"])
def test_the_live_ceiling_leaves_out_a_plot_whose_area_is_no_area(client, cw, area):
    client.force_login(cw.sinder)
    response = ceiling(client, cw, **{f"area_{cw.ratoon_plot.pk}": area})
    assert response.status_code == 200
    assert response.json()["amount_text"] == "Rp 0"


def test_the_live_ceiling_cuts_an_area_larger_than_the_plot_to_the_plot(client, cw):
    client.force_login(cw.sinder)
    response = ceiling(client, cw, **{f"area_{cw.ratoon_plot.pk}": "99999"})
    assert response.json()["amount_text"] == "Rp 41.300.000"  # the plot's 2 ha


@pytest.mark.parametrize("pk", ["abc", "²", "1e999999", "99999999999999999999999", "-1"])
def test_the_live_ceiling_with_a_bad_farmer_or_product_id_is_not_found(client, cw, pk):
    client.force_login(cw.sinder)
    assert ceiling(client, cw, farmer=pk).status_code == 404
    assert ceiling(client, cw, product=pk).status_code == 404
    assert ceiling(client, cw, application=pk).status_code == 404


@pytest.mark.parametrize("amount", NO_AMOUNTS)
def test_the_form_refuses_an_amount_that_is_no_amount_beside_the_field(client, cw, amount):
    client.force_login(cw.sinder)
    response = client.post(form_url(cw), form_data(cw, amount))
    assert response.status_code == 200
    assert response.context["form"].errors["requested_amount"]
    assert not CreditApplication.objects.exists()


@pytest.mark.parametrize("area", ["NaN", "inf", "1e999999"])
def test_the_form_refuses_an_area_that_is_no_area_beside_the_field(client, cw, area):
    client.force_login(cw.sinder)
    data = form_data(cw, "40000000", **{f"area_{cw.ratoon_plot.pk}": area})
    response = client.post(form_url(cw), data)
    assert response.status_code == 200
    assert response.context["form"].errors[f"area_{cw.ratoon_plot.pk}"]
    assert not CreditApplication.objects.exists()
