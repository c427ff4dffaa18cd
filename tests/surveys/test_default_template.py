"""The standard questionnaire: the 13 attributes of domain.md section 6 with their SERVQUAL
dimensions and both Likert scales; a round freezes the version it was created with."""

import pytest

from surveys import services
from surveys.models import Dimension, SurveyTemplate, TemplateVersion, VersionAttribute
from tebu_site.models import Role
from tests.factories import MillFactory, SeasonFactory, UserFactory

pytestmark = pytest.mark.django_db

DOMAIN_ATTRIBUTES = [
    ("Persyaratan pengajuan kredit", "Credit application requirements", Dimension.ASSURANCE),
    ("Pemetaan luas areal lahan", "Plot area mapping", Dimension.RELIABILITY),
    ("Prosedur pengajuan kredit", "Credit application procedure", Dimension.RELIABILITY),
    ("Jumlah dana kredit yang diberikan", "Credit amount granted", Dimension.TANGIBLES),
    ("Pencairan dana kredit", "Credit disbursement", Dimension.RESPONSIVENESS),
    ("Komunikasi dengan pihak PG", "Communication with the mill", Dimension.ASSURANCE),
    ("Respon terhadap keluhan", "Response to complaints", Dimension.RESPONSIVENESS),
    ("Frekuensi bimbingan teknis", "Frequency of technical guidance", Dimension.EMPATHY),
    ("Pengaturan waktu giling", "Milling schedule", Dimension.RESPONSIVENESS),
    ("Penentuan kualitas tebu", "Cane quality determination", Dimension.ASSURANCE),
    ("Informasi rendemen", "Rendemen information", Dimension.ASSURANCE),
    ("Profit sharing gula", "Sugar profit sharing", Dimension.ASSURANCE),
    ("Waktu pembayaran DO", "DO payment time", Dimension.ASSURANCE),
]


def test_standard_questionnaire_has_the_13_domain_attributes_in_order():
    template = services.ensure_default_template(mill=MillFactory())
    rows = list(
        template.attributes.order_by("order").values_list("text_id", "text_en", "dimension")
    )
    assert rows == DOMAIN_ATTRIBUTES
    for attribute in template.attributes.all():
        assert len(attribute.help_id) == 5 and len(attribute.help_en) == 5
    labels = template.likert_labels
    assert labels["importance"]["id"][0] == "Sangat tidak penting"
    assert labels["importance"]["id"][4] == "Sangat penting"
    assert labels["performance"]["id"][0] == "Sangat tidak baik"
    assert labels["performance"]["id"][4] == "Sangat baik"


def test_ensuring_twice_creates_nothing_more_and_keeps_edits():
    mill = MillFactory()
    template = services.ensure_default_template(mill=mill)
    template.attributes.filter(code="a13").update(text_id="Waktu pembayaran DO (hari)")
    again = services.ensure_default_template(mill=mill)
    assert again.pk == template.pk
    assert SurveyTemplate.objects.filter(mill=mill).count() == 1
    assert again.attributes.count() == 13
    assert again.attributes.get(code="a13").text_id == "Waktu pembayaran DO (hari)"


def test_a_round_keeps_its_frozen_questions_when_the_template_changes_later():
    season = SeasonFactory()
    manager = UserFactory(role=Role.MANAGER, mills=[season.mill])
    first = services.create_round(
        season=season,
        name="Survei 1",
        opens_on=season.created_at.date(),
        closes_on=season.created_at.date(),
        by=manager,
    )
    template = first.template_version.template
    attribute = template.attributes.get(code="a11")
    services.save_attribute(
        template=template,
        attribute=attribute,
        by=manager,
        code="a11",
        order=attribute.order,
        text_id="Keterbukaan perhitungan rendemen",
        text_en="Openness of the rendemen computation",
        dimension=Dimension.ASSURANCE,
        help_id=[],
        help_en=[],
    )
    second = services.create_round(
        season=season,
        name="Survei 2",
        opens_on=season.created_at.date(),
        closes_on=season.created_at.date(),
        by=manager,
    )
    assert first.template_version.number == 1 and second.template_version.number == 2
    assert first.template_version.attributes.get(code="a11").text_id == "Informasi rendemen"
    assert (
        second.template_version.attributes.get(code="a11").text_id
        == "Keterbukaan perhitungan rendemen"
    )
    # A third round with no change in between shares the second one's version.
    third = services.create_round(
        season=season,
        name="Survei 3",
        opens_on=season.created_at.date(),
        closes_on=season.created_at.date(),
        by=manager,
    )
    assert third.template_version_id == second.template_version_id
    assert TemplateVersion.objects.filter(template=template).count() == 2


def test_a_frozen_attribute_cannot_be_changed():
    template = services.ensure_default_template(mill=MillFactory())
    version = services.freeze_template(template=template)
    attribute = VersionAttribute.objects.filter(version=version).first()
    attribute.text_id = "diubah"
    with pytest.raises(ValueError, match="frozen"):
        attribute.save()
