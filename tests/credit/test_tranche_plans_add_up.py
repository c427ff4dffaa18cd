"""Tranche plans add up to the approved amount whatever the crop class (domain.md 4; issue 12
point 2): PG Semboro's PKBL template (7 + 2 + 6 = Rp 15,000,000/ha) is the ratoon split, so a
plant-cane PKBL approved at Rp 22,000,000/ha is planned at Rp 22,000,000/ha (the ratoon split
scaled), and a plan the mill set below the approved amount is refused with the amount missing, by
the service, the page and the API."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from credit import calculations as calc
from credit.models import ApplicationStatus, Payee, TranchePurpose, TrancheTemplate
from credit.services import products, workflow
from credit.services.applications import PlotLine, create_application
from partners.models import CropClass
from tests.credit.conftest import contracted_farmer
from tests.credit.factories import pkbl_product
from tests.credit.helpers import to_verified

pytestmark = pytest.mark.django_db

D = Decimal
PKBL_SPLIT = [  # PG Semboro 2018/2019, per ha of ratoon (domain.md 4)
    products.TrancheSpec(TranchePurpose.CULTIVATION, D("7000000"), Payee.FARMER),
    products.TrancheSpec(TranchePurpose.FERTILISER, D("2000000"), Payee.FARMER),
    products.TrancheSpec(TranchePurpose.CUTTING_HAULAGE, D("6000000"), Payee.MILL),
]


@pytest.fixture
def pkbl(cw):
    product = pkbl_product(cw.season)
    products.set_tranche_template(product=product, by=cw.manager, lines=PKBL_SPLIT)
    return product


def verified_pkbl(cw, product, plots, requested):
    farmer, made, _contract = contracted_farmer(cw.north, cw.season, plots)
    application = create_application(
        by=cw.sinder,
        farmer=farmer,
        product=product,
        plots=[PlotLine(plot) for plot in made],
        requested_amount=requested,
    )
    return to_verified(cw, application)


def planned(application):
    return [t.planned_amount for t in application.disbursements.order_by("order")]


def test_plant_cane_pkbl_at_22_million_a_ha_is_planned_at_22_million_a_ha(cw, pkbl):
    application = verified_pkbl(cw, pkbl, [(CropClass.PLANT_CANE, D("2"))], D("44000000"))

    workflow.approve_application(application=application, by=cw.credit, amount=D("44000000"))

    application.refresh_from_db()
    amounts = planned(application)
    assert sum(amounts) == D("44000000")
    # The ratoon split's proportions 7 : 2 : 6, scaled from Rp 15,000,000 to 22,000,000 a ha.
    for amount, per_ha in zip(amounts, (7, 2, 6), strict=True):
        assert abs(amount - D("44000000") * per_ha / 15) <= 1
    assert all(amount == amount.to_integral_value() for amount in amounts)


def test_ratoon_pkbl_keeps_the_sources_split(cw, pkbl):
    application = verified_pkbl(cw, pkbl, [(CropClass.RATOON, D("2"))], D("30000000"))

    workflow.approve_application(application=application, by=cw.credit, amount=D("30000000"))

    application.refresh_from_db()
    assert planned(application) == [D("14000000"), D("4000000"), D("12000000")]


def test_a_mixed_loan_adds_up_to_the_approved_amount(cw, pkbl):
    application = verified_pkbl(
        cw, pkbl, [(CropClass.RATOON, D("1")), (CropClass.PLANT_CANE, D("1"))], D("37000000")
    )

    workflow.approve_application(application=application, by=cw.credit, amount=D("37000000"))

    application.refresh_from_db()
    assert sum(planned(application)) == D("37000000")


def short_plant_cane_split(product):
    """A plant-cane split the mill set at Rp 20,000,000/ha, below the Rp 22,000,000 ceiling,
    saved before plans were checked (written straight to the database)."""
    product.tranche_templates.all().delete()
    for order, (purpose, amount, payee, crop_class) in enumerate(
        [
            (TranchePurpose.CULTIVATION, "7000000", Payee.FARMER, "rc"),
            (TranchePurpose.CULTIVATION, "12000000", Payee.FARMER, "pc"),
            (TranchePurpose.FERTILISER, "2000000", Payee.FARMER, ""),
            (TranchePurpose.CUTTING_HAULAGE, "6000000", Payee.MILL, ""),
        ],
        start=1,
    ):
        TrancheTemplate.objects.create(
            product=product,
            order=order,
            purpose=purpose,
            amount_per_ha=D(amount),
            payee=payee,
            crop_class=crop_class,
        )


def test_a_plan_short_of_the_approved_amount_is_refused_with_the_amount_missing(cw, pkbl):
    short_plant_cane_split(pkbl)
    application = verified_pkbl(cw, pkbl, [(CropClass.PLANT_CANE, D("2"))], D("44000000"))

    with pytest.raises(ValidationError) as refused:
        workflow.approve_application(application=application, by=cw.credit, amount=D("44000000"))

    message = " ".join(refused.value.message_dict["amount"])
    assert "Rp 4.000.000" in message  # 2 ha × (22,000,000 − 20,000,000)
    assert "Rp 40.000.000" in message and "Rp 44.000.000" in message
    application.refresh_from_db()
    assert application.status == ApplicationStatus.VERIFIED
    assert not application.disbursements.exists()

    # The mill's own plant-cane split is used as set when it covers the amount.
    workflow.approve_application(application=application, by=cw.credit, amount=D("40000000"))
    application.refresh_from_db()
    assert planned(application) == [D("24000000"), D("4000000"), D("12000000")]


def test_the_approval_page_shows_the_amount_missing_beside_the_amount(client, cw, pkbl):
    short_plant_cane_split(pkbl)
    application = verified_pkbl(cw, pkbl, [(CropClass.PLANT_CANE, D("1"))], D("22000000"))
    client.force_login(cw.credit)

    response = client.post(
        reverse("credit-application-approve", args=[application.pk]),
        {
            "chain-amount": "22000000",
            "chain-approved_on": timezone.localdate().isoformat(),
        },
    )

    assert response.status_code == 400
    assert "Rp 2.000.000" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.VERIFIED


def test_the_api_refuses_the_approval_with_the_amount_missing(cw, pkbl):
    short_plant_cane_split(pkbl)
    application = verified_pkbl(cw, pkbl, [(CropClass.PLANT_CANE, D("1"))], D("22000000"))
    api = APIClient()
    api.force_authenticate(cw.credit)

    response = api.post(
        f"/api/credit/applications/{application.pk}/approve/",
        {"amount": "22000000"},
        format="json",
    )

    assert response.status_code == 400
    assert "Rp 2.000.000" in " ".join(response.json()["errors"]["amount"])


def test_a_template_short_of_a_ceiling_is_refused_with_the_amount_missing(cw, pkbl):
    plant_cane_short = [
        products.TrancheSpec(TranchePurpose.CULTIVATION, D("12000000"), Payee.FARMER, "pc"),
        *PKBL_SPLIT[1:],
    ]
    with pytest.raises(ValidationError) as refused:
        products.set_tranche_template(product=pkbl, by=cw.manager, lines=plant_cane_short)
    text = " ".join(refused.value.message_dict["tranches"])
    assert "Rp 2.000.000" in text and "Rp 22.000.000" in text
    # Ratoon then has no cultivation line: 8,000,000 a ha of 15,000,000 is missing too.
    assert "Rp 7.000.000" in text
    assert pkbl.tranche_templates.count() == 3  # the saved template is unchanged

    # Raising a ceiling above what the template plans is refused beside that ceiling.
    with pytest.raises(ValidationError) as raised:
        products.update_product(
            product=pkbl, by=cw.manager, changes={"ceiling_per_ha_ratoon": D("16000000")}
        )
    assert "Rp 1.000.000" in " ".join(raised.value.message_dict["ceiling_per_ha_ratoon"])
    # Plant cane without lines of its own follows its ceiling: raising it is fine.
    products.update_product(
        product=pkbl, by=cw.manager, changes={"ceiling_per_ha_plant_cane": D("24000000")}
    )


def test_the_product_page_refuses_a_short_template(client, cw, pkbl):
    client.force_login(cw.manager)
    data = {
        "tranche-TOTAL_FORMS": "1",
        "tranche-INITIAL_FORMS": "0",
        "tranche-MIN_NUM_FORMS": "0",
        "tranche-MAX_NUM_FORMS": "1000",
        "tranche-0-purpose": TranchePurpose.CULTIVATION,
        "tranche-0-crop_class": "",
        "tranche-0-amount_per_ha": "10000000",
        "tranche-0-payee": Payee.FARMER,
    }
    response = client.post(reverse("credit-product-tranches", args=[pkbl.pk]), data)

    assert response.status_code == 200
    assert "Rp 5.000.000" in response.content.decode()  # ratoon: 15,000,000 − 10,000,000
    assert pkbl.tranche_templates.count() == 3


def test_plan_calculation_scales_the_ratoon_split_only_without_a_plant_cane_split():
    split = [calc.TrancheLine(1, "", D("7000000")), calc.TrancheLine(2, "", D("8000000"))]
    rates = {"pc": D("22000000"), "rc": D("15000000")}
    plan = calc.tranche_plan(split, {"pc": D("1")}, D("22000000"), rates)
    assert plan.shortfall == 0 and sum(plan.amounts) == D("22000000")
    assert calc.template_shortfalls(split, rates) == {}

    own = [*split, calc.TrancheLine(3, "pc", D("5000000"))]
    plan = calc.tranche_plan(own, {"pc": D("1")}, D("22000000"), rates)
    assert plan.amounts == () and plan.covered == D("20000000")
    assert plan.shortfall == D("2000000")
    assert calc.template_shortfalls(own, rates) == {"pc": D("2000000")}
