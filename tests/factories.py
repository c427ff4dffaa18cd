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
        skip_postgeneration_save = True

    region = factory.SubFactory(RegionFactory)
    mill = factory.SelfAttribute("region.mill")
    nik = factory.Sequence(lambda n: f"3509{n:012d}")
    name = factory.Faker("name", locale="id_ID")
    partner_type = PartnerType.TRK

    @factory.post_generation
    def phone_verified(self, create, extracted, **kwargs):
        """A farmer made with a phone has it verified by its code (issue 15), as a real one would
        before SMS reach him; ``phone_verified=False`` for one who has not entered the code."""
        if create and self.phone and extracted is not False:
            verify_phone(self)


def verify_phone(farmer: Farmer):
    """The farmer's current number verified, as if he had entered the code sent to it."""
    from django.utils import timezone

    from notices.models import PhoneVerification
    from notices.reach import number_key

    now = timezone.now()
    return PhoneVerification.objects.create(
        farmer=farmer,
        number=farmer.phone,
        number_key=number_key(farmer.phone),
        code_hash="verified-in-a-test$",
        expires_at=now,
        verified_at=now,
    )


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


# --- harvest to payment (issue 5) -------------------------------------------------------------

import datetime as _datetime  # noqa: E402

from django.utils import timezone as _timezone  # noqa: E402

from harvest.models import (  # noqa: E402
    DeliveryOrder,
    DoStatus,
    RendemenAnalysis,
    RendemenMethod,
    SettlementScheme,
    Spta,
    SptaStatus,
)
from partners.models import RegistrationStatus  # noqa: E402

# PG Djatiroto 2016 (shared/reference/do_settlement_djatiroto.json, "scheme"), plus TMA fees.
DJATIROTO_SCHEME = {
    "kind": "rendemen_tier",
    "sharing_tiers": [
        {"rendemen_from": "0", "rendemen_to": "6", "farmer_share": "0.66", "factor": "1"},
        {"rendemen_from": "6", "rendemen_to": None, "farmer_share": "0.70", "factor": "1.003"},
    ],
    "auction_fraction": "0.90",
    "natura_fraction": "0.10",
    "bridging_price_per_kw": "910000",
    "profit_sharing_per_kw_auctioned": "138000",
    "natura_price_per_kw": "1105000",
    "molasses_kg_per_kw_cane": "3",
    "molasses_price_per_kg": "1200",
    "sack_fee_per_kw_auctioned": "7500",
}


def _current_season(mill):
    return Season.objects.get_or_create(mill=mill, is_current=True, defaults={"name": "2025/2026"})[
        0
    ]


class SettlementSchemeFactory(factory.django.DjangoModelFactory):
    """A scheme written straight to the database (no rules applied)."""

    class Meta:
        model = SettlementScheme

    mill = factory.SubFactory(MillFactory)
    season = factory.LazyAttribute(lambda o: _current_season(o.mill))
    name = factory.Sequence(lambda n: f"Bagi hasil {n}")
    parameters = factory.LazyFunction(lambda: dict(DJATIROTO_SCHEME))
    kind = factory.LazyAttribute(lambda o: o.parameters.get("kind", "rendemen_tier"))
    effective_from = _datetime.date(2025, 1, 1)
    created_by = factory.SubFactory(UserFactory, role=Role.MANAGER)


class SptaFactory(factory.django.DjangoModelFactory):
    """An issued SPTA written straight to the database (no rules applied)."""

    class Meta:
        model = Spta

    plot = factory.SubFactory(PlotFactory, registration_status=RegistrationStatus.CONTRACTED)
    farmer = factory.SelfAttribute("plot.farmer")
    mill = factory.SelfAttribute("plot.mill")
    season = factory.LazyAttribute(lambda o: _current_season(o.mill))
    number = factory.Sequence(lambda n: f"SPTA/T/{n:06d}")
    cutting_date = factory.LazyFunction(_timezone.localdate)
    quota_kw = Decimal("80")
    truck_plate = "P 1234 AB"
    driver_name = "Sopir"
    status = SptaStatus.ISSUED
    issued_by = factory.SubFactory(UserFactory)
    expires_at = factory.LazyFunction(lambda: _timezone.now() + _datetime.timedelta(days=1))


class RendemenAnalysisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RendemenAnalysis

    farmer = factory.SubFactory(FarmerFactory)
    mill = factory.SelfAttribute("farmer.mill")
    method = RendemenMethod.DIRECT
    rendemen_percent = Decimal("7.00")
    direct_reason = "test"
    measured_by = factory.SubFactory(UserFactory, role=Role.QC)


class DeliveryOrderFactory(factory.django.DjangoModelFactory):
    """An issued DO written straight to the database (no settlement run): for list pages."""

    class Meta:
        model = DeliveryOrder

    farmer = factory.SubFactory(FarmerFactory)
    mill = factory.SelfAttribute("farmer.mill")
    season = factory.LazyAttribute(lambda o: _current_season(o.mill))
    scheme = factory.LazyAttribute(
        lambda o: SettlementScheme.objects.filter(mill=o.mill, season=o.season).first()
        or SettlementSchemeFactory(mill=o.mill, season=o.season)
    )
    number = factory.Sequence(lambda n: f"DO/T/{n:05d}")
    status = DoStatus.ISSUED
    period_start = _datetime.date(2026, 7, 1)
    period_end = _datetime.date(2026, 7, 7)
    cane_kw = Decimal("100.000")
    rendemen_percent = Decimal("7.0000")
    payable = Decimal("5000000.00")
    total_revenue = Decimal("5000000.00")
    net = Decimal("5000000.00")
    created_by = factory.SubFactory(UserFactory, role=Role.MANAGER)
    issued_at = factory.LazyFunction(lambda: _timezone.now() - _datetime.timedelta(days=10))
