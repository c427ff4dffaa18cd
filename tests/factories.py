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


# --- partner registry (issue 3) ---------------------------------------------------------------

from partners.models import (  # noqa: E402
    ContractTemplate,
    Desa,
    Document,
    DocumentType,
    FarmerGroup,
    GroupKind,
    Kabupaten,
    Kecamatan,
    PartnershipPattern,
    SeasonContract,
)


class KabupatenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kabupaten
        django_get_or_create = ["name"]

    name = "Jember"


class KecamatanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kecamatan
        django_get_or_create = ["kabupaten", "name"]

    kabupaten = factory.SubFactory(KabupatenFactory)
    name = "Semboro"


class DesaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Desa
        django_get_or_create = ["kecamatan", "name"]

    kecamatan = factory.SubFactory(KecamatanFactory)
    name = factory.Sequence(lambda n: f"Desa {n}")


class FarmerGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FarmerGroup

    region = factory.SubFactory(RegionFactory)
    mill = factory.SelfAttribute("region.mill")
    kind = GroupKind.FARMER_GROUP
    name = factory.Sequence(lambda n: f"Kelompok Tani {n}")


class ContractTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContractTemplate

    mill = factory.SubFactory(MillFactory)
    name = factory.Sequence(lambda n: f"Kontrak standar {n}")
    partnership_pattern = PartnershipPattern.CREDIT_PARTNERSHIP
    clauses = "Deliver all cane from the registered plots to the mill.\nFollow the guidance."


class SeasonContractFactory(factory.django.DjangoModelFactory):
    """A draft contract written straight to the database (no rules applied)."""

    class Meta:
        model = SeasonContract
        skip_postgeneration_save = True

    farmer = factory.SubFactory(FarmerFactory)
    mill = factory.SelfAttribute("farmer.mill")
    season = factory.LazyAttribute(
        lambda o: Season.objects.get_or_create(mill=o.mill, name="2025/2026", is_current=True)[0]
    )
    number = factory.Sequence(lambda n: f"K/{n:04d}")
    partner_type = PartnerType.TRK
    partnership_pattern = PartnershipPattern.CREDIT_PARTNERSHIP
    clauses = factory.LazyFunction(lambda: ["Deliver all cane to the mill."])

    @factory.post_generation
    def plots(self, create, extracted, **kwargs):
        if create and extracted:
            self.plots.set(extracted)


def square(lon: float, lat: float, side_m: float = 100.0) -> dict:
    """A GeoJSON square with sides of ``side_m`` metres on the ground (walked with pyproj's
    geodesic), its south-west corner at lon, lat."""
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    east_lon, east_lat, _ = geod.fwd(lon, lat, 90, side_m)
    north_lon, north_lat, _ = geod.fwd(lon, lat, 0, side_m)
    corner_lon, corner_lat, _ = geod.fwd(east_lon, east_lat, 0, side_m)
    ring = [[lon, lat], [east_lon, east_lat], [corner_lon, corner_lat], [north_lon, north_lat]]
    ring = [[round(x, 7), round(y, 7)] for x, y in ring]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    farmer = factory.SubFactory(FarmerFactory)
    doc_type = DocumentType.KTP
    file = factory.django.FileField(filename="ktp.pdf", data=PDF_BYTES)
    original_name = "ktp.pdf"
    content_type = "application/pdf"
    size_bytes = len(PDF_BYTES)
    uploaded_by = factory.SubFactory(UserFactory)
