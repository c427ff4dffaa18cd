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


# --- surveys (issue 6) ------------------------------------------------------------------------

import datetime as _dt  # noqa: E402

from surveys.models import (  # noqa: E402
    ResponseSource,
    RoundStatus,
    SurveyAnswer,
    SurveyResponse,
    SurveyRound,
)
from surveys.services import ensure_default_template, freeze_template  # noqa: E402


class SurveyRoundFactory(factory.django.DjangoModelFactory):
    """A draft round asked with the mill's standard 13-attribute questionnaire."""

    class Meta:
        model = SurveyRound

    season = factory.SubFactory(SeasonFactory)
    mill = factory.SelfAttribute("season.mill")
    template_version = factory.LazyAttribute(
        lambda o: freeze_template(template=ensure_default_template(mill=o.mill))
    )
    name = factory.Sequence(lambda n: f"Survei kepuasan {n}")
    opens_on = _dt.date(2026, 7, 1)
    closes_on = _dt.date(2026, 8, 31)
    status = RoundStatus.DRAFT


def survey_response(survey_round, farmer=None, scores=None, code: str = "") -> SurveyResponse:
    """A response written straight to the database (no rules applied): ``scores`` maps attribute
    code -> (importance, performance); by default every attribute is answered 4/4."""
    response = SurveyResponse.objects.create(
        round=survey_round,
        farmer=farmer,
        respondent_code=code,
        region=farmer.region if farmer else None,
        partner_type=farmer.partner_type if farmer else "",
        source=ResponseSource.INTERVIEW if farmer else ResponseSource.IMPORT,
    )
    attributes = {a.code: a for a in survey_round.template_version.attributes.all()}
    scores = scores if scores is not None else dict.fromkeys(attributes, (4, 4))
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(response=response, attribute=attributes[c], importance=i, performance=p)
        for c, (i, p) in scores.items()
    )
    return response
