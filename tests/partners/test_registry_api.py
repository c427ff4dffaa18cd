"""The registry API: farmers, plots, contracts and documents, with the workflow as actions, in the
OpenAPI schema, with the project's error shape."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from partners.models import Farmer, Plot, RegistrationStatus
from partners.selectors_approvals import plot_chain_state
from tests.approvals import holder_of
from tests.factories import PDF_BYTES, PlotFactory, SeasonFactory, square

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(world):
    client = APIClient()
    client.force_authenticate(world.sinder)
    return client


def test_register_farmer_and_plot_then_move_it_to_a_signed_contract(world, api):
    response = api.post(
        "/api/farmers/",
        {
            "nik": "3509 1111 2222 3333",
            "name": "Karyono",
            "region": world.north.pk,
            "phone": "0813-1111-2222",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    farmer = response.json()
    assert farmer["nik"] == "3509111122223333" and farmer["phone"] == "+6281311112222"
    assert farmer["mill"] == world.mill.code

    response = api.post(
        "/api/plots/",
        {
            "farmer": farmer["id"],
            "code": "sem-100-1",
            "area_ha": "1.0000",
            "land_type": "sawah",
            "crop_class": "pc",
            "geometry": {"type": "Point", "coordinates": [113.45, -8.2]},
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    plot_id = response.json()["id"]
    assert response.json()["code"] == "SEM-100-1"
    assert response.json()["registration_status"] == "submitted"

    body = api.post(
        f"/api/plots/{plot_id}/survey/", {"geometry": square(113.45, -8.2)}, format="json"
    ).json()
    assert body["registration_status"] == "surveyed" and body["measured_area_ha"]
    for step, expected in (
        ("check-overlap", "overlap_checked"),
        ("validate", "validated"),
    ):
        response = api.post(f"/api/plots/{plot_id}/{step}/", {}, format="json")
        assert response.status_code == 200, response.json()
        assert response.json()["registration_status"] == expected
    # The sinder drew it: the mill's chain approves it, each step by its own holder.
    assert api.post(f"/api/plots/{plot_id}/approve/", {}, format="json").status_code == 403
    plot = Plot.objects.get(pk=plot_id)
    for _step in range(6):
        signer = APIClient()
        waiting = plot_chain_state(plot).waiting
        signer.force_authenticate(holder_of(waiting, world.mill, [world.north]))
        response = signer.post(f"/api/plots/{plot_id}/approve/", {}, format="json")
        assert response.status_code == 200, response.json()
    assert response.json()["registration_status"] == "approved"
    assert [s["action"] for s in response.json()["steps"]] == [
        "submit",
        "survey",
        "check_overlap",
        "validate",
        "approve",
    ]

    response = api.post(
        "/api/contracts/",
        {
            "farmer": farmer["id"],
            "season": world.season.pk,
            "plots": [plot_id],
            "partner_type": "trm",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    contract = response.json()
    assert contract["status"] == "draft" and contract["clauses"]
    response = api.post(
        f"/api/contracts/{contract['id']}/sign/",
        {"signed_on": date.today().isoformat()},
        format="json",
    )
    assert response.json()["status"] == "signed"
    assert api.get(f"/api/plots/{plot_id}/").json()["registration_status"] == "contracted"


def test_validation_errors_use_the_project_error_shape(world, api):
    response = api.post(
        "/api/farmers/", {"nik": "123", "name": "X", "region": world.north.pk}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"detail", "errors"} and "nik" in body["errors"]


def test_service_errors_use_the_error_shape_too(world, api):
    plot = PlotFactory(farmer=world.farmer)
    response = api.post(f"/api/plots/{plot.pk}/approve/", {}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["non_field_errors"]
    response = api.post(f"/api/plots/{plot.pk}/reject/", {}, format="json")
    assert "reason" in response.json()["errors"]


def test_overlap_blocks_approval_through_the_api_naming_the_other_plot(world, api):
    theirs = PlotFactory(
        farmer=world.other_farmer,
        code="DJA-001-1",
        registration_status=RegistrationStatus.CONTRACTED,
    )
    theirs.set_geometry(square(113.45, -8.2))
    theirs.save()
    plot = PlotFactory(farmer=world.farmer)
    api.post(f"/api/plots/{plot.pk}/survey/", {"geometry": square(113.4502, -8.2)}, format="json")
    api.post(f"/api/plots/{plot.pk}/check-overlap/", {}, format="json")
    api.post(f"/api/plots/{plot.pk}/validate/", {}, format="json")
    plot.refresh_from_db()
    gis = APIClient()
    gis.force_authenticate(holder_of(plot_chain_state(plot).waiting, world.mill))
    response = gis.post(f"/api/plots/{plot.pk}/approve/", {}, format="json")
    assert response.status_code == 400
    assert "DJA-001-1" in response.json()["errors"]["non_field_errors"][0]
    overlap = api.get(f"/api/plots/{plot.pk}/").json()["overlaps"][0]
    assert overlap["other_plot_code"] == "DJA-001-1"
    manager = APIClient()
    manager.force_authenticate(world.manager)
    response = manager.post(
        f"/api/plots/{plot.pk}/release-overlap/",
        {"overlap": overlap["id"], "note": "Surat pelepasan 3/2026"},
        format="json",
    )
    assert response.status_code == 200
    assert gis.post(f"/api/plots/{plot.pk}/approve/", {}, format="json").status_code == 200


def test_filters_and_search_on_the_farmer_list(world, api):
    PlotFactory(farmer=world.farmer, registration_status=RegistrationStatus.VALIDATED)
    assert api.get("/api/farmers/?registration_status=validated").json()["count"] == 1
    assert api.get("/api/farmers/?registration_status=approved").json()["count"] == 0
    assert api.get("/api/farmers/?q=Buri").json()["count"] == 1
    assert api.get(f"/api/farmers/?q={world.farmer.nik[:8]}").json()["count"] == 1
    assert api.get("/api/farmers/?partner_type=non_partner").json()["count"] == 0


def test_documents_upload_verify_and_download(world, api):
    response = api.post(
        "/api/documents/",
        {
            "farmer": world.farmer.pk,
            "doc_type": "kk",
            "file": SimpleUploadedFile("kk.pdf", PDF_BYTES),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    document = response.json()
    assert "file" not in document and document["download_url"].endswith("/download/")
    verified = api.post(f"/api/documents/{document['id']}/verify/").json()
    assert verified["verified_at"] and verified["verified_by"]
    download = api.get(f"/api/documents/{document['id']}/download/")
    assert b"".join(download.streaming_content) == PDF_BYTES
    bad = api.post(
        "/api/documents/",
        {"farmer": world.farmer.pk, "doc_type": "kk", "file": SimpleUploadedFile("kk.exe", b"MZ")},
        format="multipart",
    )
    assert bad.status_code == 400 and "file" in bad.json()["errors"]


def test_contract_renewal_action(world, api):
    SeasonFactory(mill=world.mill, name="2026/2027", is_current=False)
    from tests.partners.helpers import approved_plot

    plot = approved_plot(world)
    contract = api.post(
        "/api/contracts/",
        {
            "farmer": world.farmer.pk,
            "season": world.season.pk,
            "plots": [plot.pk],
            "partner_type": "trk",
        },
        format="json",
    ).json()
    response = api.post(f"/api/contracts/{contract['id']}/renew/", {}, format="json")
    assert response.status_code == 201
    assert response.json()["season_name"] == "2026/2027"
    assert response.json()["renewed_from"] == contract["id"]


def test_farmer_login_created_through_the_api(world, api):
    body = api.post(f"/api/farmers/{world.farmer.pk}/login/").json()
    assert body["username"] == world.farmer.nik and body["first_password"]
    world.farmer.refresh_from_db()
    assert world.farmer.user.must_change_password


def test_schema_lists_the_registry_and_its_actions(world):
    client = APIClient()
    client.force_authenticate(world.manager)
    paths = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    for path in (
        "/api/farmers/",
        "/api/plots/{id}/approve/",
        "/api/plots/{id}/check-overlap/",
        "/api/contracts/{id}/sign/",
        "/api/contracts/{id}/renew/",
        "/api/documents/{id}/download/",
        "/api/farmers/{id}/login/",
    ):
        assert path in paths, path


def test_no_delete_through_the_api(world, api):
    assert api.delete(f"/api/farmers/{world.farmer.pk}/").status_code == 405
    assert Farmer.objects.filter(pk=world.farmer.pk).exists()
