"""The OpenAPI schema and its docs page are for logins only, and a login that must still change
its first password is refused by the whole API (session or token), with a JSON message saying
what to do."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tebu_site.models import Role
from tests.factories import FarmerFactory, UserFactory, farmer_user

pytestmark = pytest.mark.django_db

ENDPOINTS = ["/api/farmers/", "/api/complaints/forums/", "/api/surveys/rounds/", "/api/schema/"]


def test_anonymous_gets_no_schema():
    response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/json")

    assert response.status_code in (401, 403)
    assert set(response.json()) == {"detail", "errors"}
    assert b"/api/farmers/" not in response.content


def test_anonymous_docs_page_sends_to_the_login():
    response = Client().get("/api/docs/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", [Role.FIELD_STAFF, Role.FARMER])
def test_staff_and_farmers_logged_in_read_the_schema_and_docs(role):
    user = farmer_user(FarmerFactory()) if role == Role.FARMER else UserFactory(role=role)
    client = Client()
    client.force_login(user)

    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json")

    assert schema.status_code == 200
    assert "/api/farmers/" in schema.json()["paths"]
    assert client.get("/api/docs/").status_code == 200


@pytest.mark.parametrize("path", ENDPOINTS)
def test_session_login_that_must_change_its_password_is_refused(path):
    user = UserFactory(role=Role.MANAGER, must_change_password=True)
    client = Client()
    client.force_login(user)

    response = client.get(path, HTTP_ACCEPT="application/json")

    assert response.status_code == 403
    body = response.json()
    assert body["errors"] == {}
    assert reverse("password_change") in body["detail"]


@pytest.mark.parametrize("path", ENDPOINTS)
def test_token_login_that_must_change_its_password_is_refused(path):
    user = UserFactory(role=Role.MANAGER, must_change_password=True)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")

    response = client.get(path, HTTP_ACCEPT="application/json")

    assert response.status_code == 403
    assert reverse("password_change") in response.json()["detail"]


def test_the_api_answers_once_the_password_is_chosen():
    user = UserFactory(role=Role.MANAGER, must_change_password=True)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    assert client.get("/api/farmers/").status_code == 403

    user.must_change_password = False
    user.save()

    assert client.get("/api/farmers/").status_code == 200


def test_docs_page_sends_such_a_login_to_change_its_password():
    client = Client()
    client.force_login(UserFactory(role=Role.MANAGER, must_change_password=True))

    assert client.get("/api/docs/")["Location"] == reverse("password_change")
