"""PT SMS Dompu's package as the study has it (domain.md 5b, issue 12.7): only the PS881 seed is
free; the farmer pays Rp 50,000 for its transport; the fertiliser is bought by the farmer or
handed out and charged after harvest. The demo's package is that one."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from credit.demo import DOMPU_PACKAGE, load_demo_credit
from credit.models import InKindAdvance, InKindPackage
from credit.services.in_kind import give_in_kind_package
from harvest.demo import load_demo_harvest
from partners.demo import load_demo
from tests.credit.conftest import contracted_farmer
from tests.credit.factories import dompu_package

pytestmark = pytest.mark.django_db

D = Decimal
PRICES = {"za": D("2400"), "npk": D("3000"), "sp36": D("2800")}


@pytest.fixture
def package(cw):
    package = dompu_package(cw.mill, cw.season)
    package.price_per_stalk = D("0")
    package.seed_transport_fee = D("50000")
    package.price_per_kg_za = PRICES["za"]
    package.price_per_kg_npk = PRICES["npk"]
    package.price_per_kg_sp36 = PRICES["sp36"]
    package.save()
    return package


def test_the_seed_is_free_its_transport_and_the_fertiliser_are_charged(cw, package):
    farmer, _, _ = contracted_farmer(cw.north, cw.season, [("pc", D("1.2"))])
    advance = give_in_kind_package(
        by=cw.sinder, farmer=farmer, package=package, given_on=timezone.localdate()
    )
    # 1–1.5 ha: 6,000 stalks free + Rp 50,000 transport; ZA 600, NPK 900, SP36 900 kg.
    fertiliser = 600 * PRICES["za"] + 900 * PRICES["npk"] + 900 * PRICES["sp36"]
    assert advance.items["seed_stalks"] == 6000
    assert D(advance.items["seed_value"]) == D("50000")
    assert D(advance.items["fertiliser_value"]) == fertiliser
    assert advance.value == D("50000") + fertiliser


def test_a_farmer_who_bought_his_own_fertiliser_pays_only_the_seed_transport(cw, package):
    farmer, _, _ = contracted_farmer(cw.north, cw.season, [("pc", D("0.8"))])
    advance = give_in_kind_package(
        by=cw.sinder,
        farmer=farmer,
        package=package,
        given_on=timezone.localdate(),
        fertiliser_bought_by_farmer=True,
    )
    assert advance.value == D("50000")
    assert advance.items["fertiliser_bought_by_farmer"] is True
    assert (advance.items["za_kg"], advance.items["npk_kg"], advance.items["sp36_kg"]) == (
        "0",
        "0",
        "0",
    )
    assert advance.items["seed_stalks"] == 4500


def test_the_page_records_the_fertiliser_bought_by_the_farmer(cw, package, client):
    farmer, _, _ = contracted_farmer(cw.north, cw.season, [("pc", D("0.8"))])
    client.force_login(cw.sinder)
    response = client.post(
        reverse("credit-in-kind-new"),
        {
            "which": "package",
            "farmer": farmer.pk,
            "package": package.pk,
            "given_on": timezone.localdate().isoformat(),
            "fertiliser_bought_by_farmer": "on",
        },
    )
    assert response.status_code == 302, response.content
    assert InKindAdvance.objects.get(farmer=farmer).value == D("50000")


def test_the_demo_package_frees_only_the_seed(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    load_demo_harvest()
    load_demo_credit()

    package = InKindPackage.objects.get(name=DOMPU_PACKAGE)
    assert package.is_free is False
    assert package.price_per_stalk == 0
    assert package.seed_transport_fee == D("50000")
    assert min(package.price_per_kg_za, package.price_per_kg_npk, package.price_per_kg_sp36) > 0

    # An older demo database whose package was wholly free (and unused) is put right.
    InKindPackage.objects.filter(pk=package.pk).update(is_free=True, seed_transport_fee=0)
    load_demo_credit()
    package.refresh_from_db()
    assert (package.is_free, package.seed_transport_fee) == (False, D("50000"))
    assert InKindPackage.objects.count() == 1
