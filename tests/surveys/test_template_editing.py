"""Managers edit questionnaires (labels, attributes, help per score); other roles only read them.
Rounds created later ask the edited questions, earlier rounds keep theirs."""

import pytest
from django.urls import reverse

from surveys import services
from surveys.models import SurveyTemplate, TemplateAttribute
from tests.factories import farmer_user

pytestmark = pytest.mark.django_db

LABELS = {
    "name": "Kepuasan petani mitra (standar)",
    "description": "",
    "importance_id": "STP\nTP\nCP\nP\nSP",
    "importance_en": "",
    "performance_id": "STB\nTB\nCB\nB\nSB",
    "performance_en": "",
    "is_active": "on",
}


def test_manager_edits_labels_and_an_attribute(client, world):
    template = world["round"].template_version.template
    client.force_login(world["manager"])
    url = reverse("surveys:template-detail", args=[template.pk])
    assert client.post(url, LABELS).status_code == 302
    template.refresh_from_db()
    assert template.likert_labels["importance"]["id"] == ["STP", "TP", "CP", "P", "SP"]
    attribute = template.attributes.get(code="a08")
    response = client.post(
        reverse("surveys:attribute-edit", args=[template.pk, attribute.pk]),
        {
            "order": 8,
            "code": "a08",
            "text_id": "Frekuensi penyuluhan",
            "text_en": "Frequency of extension visits",
            "dimension": "empathy",
            "help_id": "Tidak pernah\nJarang\nKadang\nSering\nRutin",
            "help_en": "",
        },
    )
    assert response.status_code == 302
    attribute.refresh_from_db()
    assert attribute.text_id == "Frekuensi penyuluhan"
    assert attribute.help_id[4] == "Rutin"
    # The draft round created before keeps the wording it froze.
    assert world["round"].template_version.attributes.get(code="a08").text_id == (
        "Frekuensi bimbingan teknis"
    )


def test_wrong_number_of_labels_is_shown_beside_the_field(client, world):
    template = world["round"].template_version.template
    client.force_login(world["manager"])
    response = client.post(
        reverse("surveys:template-detail", args=[template.pk]),
        {**LABELS, "importance_id": "satu\ndua"},
    )
    assert response.status_code == 200
    assert "field-error" in response.content.decode()


def test_manager_adds_and_removes_an_attribute(client, world):
    template = world["round"].template_version.template
    client.force_login(world["manager"])
    response = client.post(
        reverse("surveys:attribute-create", args=[template.pk]),
        {"order": 14, "code": "a14", "text_id": "Harga pupuk", "dimension": "tangibles"},
    )
    assert response.status_code == 302
    added = template.attributes.get(code="a14")
    duplicate = client.post(
        reverse("surveys:attribute-create", args=[template.pk]),
        {"order": 15, "code": "a14", "text_id": "Lain", "dimension": "tangibles"},
    )
    assert duplicate.status_code == 200 and "field-error" in duplicate.content.decode()
    client.post(reverse("surveys:attribute-delete", args=[template.pk, added.pk]))
    assert not TemplateAttribute.objects.filter(pk=added.pk).exists()


def test_a_new_template_can_start_as_a_copy(client, world):
    source = world["round"].template_version.template
    client.force_login(world["manager"])
    response = client.post(
        reverse("surveys:template-create"),
        {"mill": world["mill"].pk, "name": "Survei singkat", "copy_from": source.pk},
    )
    assert response.status_code == 302
    assert SurveyTemplate.objects.get(name="Survei singkat").attributes.count() == 13


def test_other_roles_cannot_edit(client, world):
    template = world["round"].template_version.template
    url = reverse("surveys:template-detail", args=[template.pk])
    client.force_login(world["sinder"])
    assert client.get(url).status_code == 200  # field staff may read the questions
    assert client.post(url, LABELS).status_code == 403
    client.force_login(farmer_user(world["farmers"]["north_trk"]))
    assert client.get(url).status_code == 403
    client.force_login(world["other_manager"])
    assert client.get(url).status_code == 404
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied from the service
        services.delete_attribute(attribute=template.attributes.first(), by=world["other_manager"])
