"""factory-boy factories for every test; no fixtures files."""

from __future__ import annotations

from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from partners.models import (
    Company,
    CropClass,
    Farmer,
    LandType,
    Mill,
    PartnerType,
    Plot,
    Region,
    Season,
)
from tebu_site.models import Role

TEST_PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    role = Role.FIELD_STAFF
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def mills(self, create, extracted, **kwargs):
        if create and extracted:
            self.mills.set(extracted)

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create and extracted:
            self.regions.set(extracted)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company
        django_get_or_create = ["name"]

    name = "PT Gula Uji"


class MillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mill

    company = factory.SubFactory(CompanyFactory)
    code = factory.Sequence(lambda n: f"pg{n}")
    name = factory.Sequence(lambda n: f"PG Uji {n}")


class SeasonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Season

    mill = factory.SubFactory(MillFactory)
    name = "2025/2026"
    is_current = True


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    mill = factory.SubFactory(MillFactory)
    code = factory.Sequence(lambda n: f"w{n}")
    name = factory.Sequence(lambda n: f"Wilayah {n}")


class FarmerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Farmer

    region = factory.SubFactory(RegionFactory)
    mill = factory.SelfAttribute("region.mill")
    nik = factory.Sequence(lambda n: f"3509{n:012d}")
    name = factory.Faker("name", locale="id_ID")
    partner_type = PartnerType.TRK


class PlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plot

    farmer = factory.SubFactory(FarmerFactory)
    mill = factory.SelfAttribute("farmer.mill")
    code = factory.Sequence(lambda n: f"P-{n:04d}")
    area_ha = Decimal("1.5000")
    own_area_ha = Decimal("1.5000")
    rented_area_ha = Decimal("0")
    land_type = LandType.SAWAH
    crop_class = CropClass.RATOON
    ratoon_number = 1


def farmer_user(farmer: Farmer, **kwargs):
    """A login for ``farmer`` with the farmer role."""
    user = UserFactory(role=Role.FARMER, **kwargs)
    farmer.user = user
    farmer.save(update_fields=["user"])
    return user
