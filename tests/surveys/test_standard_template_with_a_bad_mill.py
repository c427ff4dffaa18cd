"""The button that creates a mill's standard questionnaire posts the mill's id; a bad or foreign
id is a mill not found (issue 13), never a 500, and creates nothing."""

import pytest
from django.urls import reverse

from surveys.models import SurveyTemplate

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("mill", ["abc", "NaN", "1e999999", "²", "99999999999999999999999", ""])
def test_a_bad_mill_id_is_not_found_and_creates_no_template(world, client, mill):
    client.force_login(world["manager"])
    before = SurveyTemplate.objects.count()
    response = client.post(reverse("surveys:template-default"), {"mill": mill})
    assert response.status_code == 404
    assert SurveyTemplate.objects.count() == before


def test_another_mills_id_is_not_found_and_the_own_mill_gets_its_template(world, client):
    client.force_login(world["manager"])
    other = world["other_region"].mill
    response = client.post(reverse("surveys:template-default"), {"mill": other.pk})
    assert response.status_code == 404
    response = client.post(reverse("surveys:template-default"), {"mill": world["mill"].pk})
    assert response.status_code == 302
    assert SurveyTemplate.objects.filter(mill=world["mill"]).exists()
