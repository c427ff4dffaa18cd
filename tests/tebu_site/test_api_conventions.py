"""API base: authentication, pagination on lists, one error shape, schema and docs without CDN."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import ValidationError
from rest_framework.test import APIClient

from tebu_site.api import exception_handler
from tebu_site.models import Role
from tests.factories import FarmerFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_unauthenticated_request_gets_the_error_shape():
    response = APIClient().get("/api/farmers/")
    assert response.status_code in (401, 403)
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert body["errors"] == {}


def test_token_authentication_and_paginated_list():
    region = RegionFactory()
    FarmerFactory.create_batch(3, region=region)
    user = UserFactory(role=Role.MANAGER, mills=[region.mill])
    token = Token.objects.create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    body = client.get("/api/farmers/").json()
    assert body["count"] == 3
    assert {"next", "previous", "results"} <= set(body)


def test_api_list_is_scoped_like_pages():
    region = RegionFactory()
    mine = FarmerFactory(region=region)
    FarmerFactory()  # another mill
    user = UserFactory(role=Role.MANAGER, mills=[region.mill])
    client = APIClient()
    client.force_authenticate(user)
    ids = [row["id"] for row in client.get("/api/farmers/").json()["results"]]
    assert ids == [mine.id]


def test_validation_errors_are_grouped_by_field():
    response = exception_handler(ValidationError({"nik": ["NIK harus 16 digit."]}), {})
    assert response.status_code == 400
    assert response.data["errors"] == {"nik": ["NIK harus 16 digit."]}
    assert response.data["detail"]


def test_non_field_validation_error_shape():
    response = exception_handler(ValidationError("Data tidak lengkap."), {})
    assert response.data["errors"] == {"non_field_errors": ["Data tidak lengkap."]}


def test_schema_and_docs_are_served_without_cdn():
    client = APIClient()
    client.force_login(UserFactory(role=Role.ADMINISTRATOR))  # the docs page needs a login
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    assert "/api/farmers/" in schema.json()["paths"]
    docs = client.get("/api/docs/").content.decode()
    assert "cdn.jsdelivr" not in docs and "unpkg.com" not in docs
    assert "/static/drf_spectacular_sidecar/" in docs


def test_nested_errors_are_flattened_to_dotted_paths():
    detail = {
        "answers": [
            {},
            {"importance": ["Pastikan nilai ini lebih besar dari atau sama dengan 1."]},
        ],
        "parameters": {"sharing_tiers": {"0": {"share": ["Wajib diisi."]}}},
        "plot": {"non_field_errors": ["Petak tidak dikenal."]},
        "nik": ["NIK harus 16 digit."],
    }

    response = exception_handler(ValidationError(detail), {})

    assert response.data["errors"] == {
        "answers.1.importance": ["Pastikan nilai ini lebih besar dari atau sama dengan 1."],
        "parameters.sharing_tiers.0.share": ["Wajib diisi."],
        "plot": ["Petak tidak dikenal."],
        "nik": ["NIK harus 16 digit."],
    }
