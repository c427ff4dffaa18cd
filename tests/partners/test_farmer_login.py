"""Staff give a farmer a login with a first password; the farmer must change it at first login."""

import pytest
from django.test import Client

from partners.services.farmers import create_farmer_login
from tebu_site.models import Role

pytestmark = pytest.mark.django_db


def test_login_is_created_with_a_first_password_to_change(world):
    user, password = create_farmer_login(farmer=world.farmer, by=world.sinder)
    assert user.username == world.farmer.nik
    assert user.role == Role.FARMER and user.must_change_password
    assert user.check_password(password) and len(password) >= 12
    world.farmer.refresh_from_db()
    assert world.farmer.user == user


def test_second_call_issues_a_new_first_password(world):
    user, first = create_farmer_login(farmer=world.farmer, by=world.sinder)
    user.must_change_password = False
    user.save()
    again, second = create_farmer_login(farmer=world.farmer, by=world.sinder)
    assert again.pk == user.pk and first != second
    again.refresh_from_db()
    assert again.must_change_password and again.check_password(second)


def test_farmer_must_change_the_first_password_before_seeing_anything(world):
    user, _password = create_farmer_login(farmer=world.farmer, by=world.sinder)
    client = Client()
    client.force_login(user)
    response = client.get("/me/plots/")
    assert response.status_code == 302 and response["Location"] == "/accounts/password/"


def test_login_page_shows_the_password_once_and_is_not_cached(world, client):
    client.force_login(world.sinder)
    response = client.post(f"/farmers/{world.farmer.pk}/login/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert world.farmer.nik in page and 'data-testid="login-password"' in page
    # the next page does not repeat it
    follow = client.get(f"/farmers/{world.farmer.pk}/").content.decode()
    assert 'data-testid="login-password"' not in follow


def test_qc_cannot_create_farmer_logins(world, client):
    client.force_login(world.qc)
    assert client.post(f"/farmers/{world.farmer.pk}/login/").status_code == 403
