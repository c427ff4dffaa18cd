"""Product settings (managers): a product with its rates, documents and eligible partner types,
its tranche template, an in-kind package with bands; the manual repayment and in-kind advance
forms (the 1-1.5 ha package for a 1.2 ha farmer); the home cards credit contributes."""

from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from credit.home_cards import credit_pipeline_card, my_credit_card
from credit.models import CreditProduct, InKindAdvance, InKindPackage, Repayment
from credit.services import workflow
from credit.services.disbursements import record_tranche_paid
from partners.models import CropClass
from tests.credit.conftest import contracted_farmer
from tests.credit.factories import dompu_package
from tests.credit.helpers import kur_application, to_verified

pytestmark = pytest.mark.django_db

D = Decimal


def test_a_manager_creates_a_product_and_its_tranche_template(client, cw):
    client.force_login(cw.manager)
    data = {
        "season": cw.season.pk,
        "name": "PKBL 2018/2019",
        "kind": "pkbl",
        "funder": "Dana PKBL BUMN",
        "annual_rate_percent": "3",
        "day_count_basis": "act_365",
        "ceiling_per_ha_plant_cane": "22000000",
        "ceiling_per_ha_ratoon": "15000000",
        "cap_per_farmer": "200000000",
        "eligible_partner_types": ["trk"],
        "required_documents": "KTP suami istri\nKK\nRDKK",
        "collateral_rule": "checked",
        "max_days_approved_unpaid": "60",
        "limit_step_per_membership_year": "0",
        "limit_step_per_delivered_season": "0",
        "is_active": "on",
    }
    response = client.post(reverse("credit-product-new"), data)
    product = CreditProduct.objects.get(name="PKBL 2018/2019")
    assert response.status_code == 302, response.context["form"].errors
    assert product.required_documents == ["KTP suami istri", "KK", "RDKK"]
    assert product.eligible_partner_types == ["trk"] and product.mill == cw.mill
    assert product.max_days_approved_unpaid == 60

    url = reverse("credit-product-tranches", args=[product.pk])
    lines = {
        "tranche-TOTAL_FORMS": "3",
        "tranche-INITIAL_FORMS": "0",
        "tranche-0-purpose": "cultivation",
        "tranche-0-amount_per_ha": "7000000",
        "tranche-0-payee": "farmer",
        "tranche-1-purpose": "fertiliser",
        "tranche-1-amount_per_ha": "2000000",
        "tranche-1-payee": "farmer",
        "tranche-2-purpose": "cutting_haulage",
        "tranche-2-amount_per_ha": "6000000",
        "tranche-2-payee": "mill",
        "tranche-2-when": "at cutting",
    }
    assert client.post(url, lines).status_code == 302
    assert [t.purpose for t in product.tranche_templates.order_by("order")] == [
        "cultivation",
        "fertiliser",
        "cutting_haulage",
    ]
    # Editing a rate is kept in the history with who made it.
    data["annual_rate_percent"] = "3.5"
    del data["season"]
    client.post(reverse("credit-product-edit", args=[product.pk]), data)
    product.refresh_from_db()
    assert product.annual_rate_percent == D("3.5")
    assert product.history.first().history_user == cw.manager


def test_a_credit_officer_may_read_but_not_change_the_tranche_template(client, cw):
    client.force_login(cw.credit)
    url = reverse("credit-product-tranches", args=[cw.kur.pk])
    assert 'data-testid="tranche-form"' not in client.get(url).content.decode()
    response = client.post(url, {"tranche-TOTAL_FORMS": "0", "tranche-INITIAL_FORMS": "0"})
    assert response.status_code == 403
    assert cw.kur.tranche_templates.count() == 2


def test_a_manager_saves_an_in_kind_package_with_bands(client, cw):
    client.force_login(cw.manager)
    data = {
        "season": cw.season.pk,
        "name": "Paket PS881",
        "price_per_stalk": "500",
        "band-TOTAL_FORMS": "2",
        "band-INITIAL_FORMS": "0",
        "band-0-area_from_ha": "0.5",
        "band-0-area_to_ha": "1",
        "band-0-seed_stalks": "4500",
        "band-0-za_kg": "400",
        "band-0-npk_kg": "600",
        "band-0-sp36_kg": "600",
        "band-1-area_from_ha": "1",
        "band-1-area_to_ha": "1.5",
        "band-1-seed_stalks": "6000",
        "band-1-za_kg": "600",
        "band-1-npk_kg": "900",
        "band-1-sp36_kg": "900",
    }
    response = client.post(reverse("credit-package-new"), data)
    assert response.status_code == 302
    package = InKindPackage.objects.get()
    assert package.bands.count() == 2
    assert "Paket PS881" in client.get(reverse("credit-product-list")).content.decode()


def test_the_in_kind_form_gives_the_band_of_the_contracted_area(client, cw):
    package = dompu_package(cw.mill, cw.season)
    farmer, _, _ = contracted_farmer(cw.north, cw.season, [(CropClass.PLANT_CANE, D("1.2"))])
    client.force_login(cw.sinder)
    response = client.post(
        reverse("credit-in-kind-new"),
        {
            "which": "package",
            "farmer": farmer.pk,
            "package": package.pk,
            "given_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    advance = InKindAdvance.objects.get()
    assert advance.band.area_from_ha == D("1") and advance.band.area_to_ha == D("1.5")
    page = client.get(reverse("credit-farmer-ledger", args=[farmer.pk])).content.decode()
    assert 'data-testid="ledger-advance"' in page


def test_a_manual_repayment_above_what_is_owed_is_refused_beside_the_amount(client, cw):
    application = to_verified(cw, kur_application(cw))
    workflow.approve_application(application=application, by=cw.credit, amount=D("60000000"))
    today = timezone.localdate()
    tranche = application.disbursements.order_by("order").first()
    record_tranche_paid(disbursement=tranche, by=cw.credit, paid_on=today)
    client.force_login(cw.credit)
    data = {
        "farmer": cw.farmer.pk,
        "season": cw.season.pk,
        "paid_on": today.isoformat(),
        "amount": "999000000",
    }
    response = client.post(reverse("credit-repayment-new"), data)
    assert response.status_code == 200 and "amount" in response.context["form"].errors
    data["amount"] = "1000000"
    response = client.post(reverse("credit-repayment-new"), data)
    assert response.status_code == 302
    assert Repayment.objects.get().amount == D("1000000")


def test_home_cards_show_the_farmers_credit_and_the_staff_pipeline(cw):
    assert my_credit_card(cw.farmer_login) is None  # nothing yet: no card
    application = to_verified(cw, kur_application(cw))
    workflow.approve_application(application=application, by=cw.credit, amount=D("60000000"))
    for tranche in application.disbursements.all():
        record_tranche_paid(disbursement=tranche, by=cw.credit, paid_on=timezone.localdate())
    card = my_credit_card(cw.farmer_login)
    assert card.context["approved"] == D("60000000")
    assert card.context["withheld"] > 0
    html = render_to_string(card.template, {"card": card.context})
    assert 'data-testid="home-credit-withheld"' in html
    staff = credit_pipeline_card(cw.credit)
    assert staff.context == {"open": 1, "overdue": 0}
    assert credit_pipeline_card(cw.farmer_login) is None
    assert "Rp" not in render_to_string(staff.template, {"card": staff.context})
