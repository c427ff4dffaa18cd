"""Nobody sees a complaint that is not theirs: not another farmer, not field staff of another
region, not a manager of another mill; by the portal, the staff pages, the photo or the API."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from complaints import services
from tebu_site.models import Role
from tests.complaints.factories import JPEG_BYTES, mill_world
from tests.factories import FarmerFactory, UserFactory, farmer_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(world):
    neighbour = FarmerFactory(region=world.north, name="Tetangga")
    neighbour_login = farmer_user(neighbour)
    complaint = services.file_complaint(
        by=world.farmer_login,
        farmer=world.farmer,
        category="weighing",
        text="Berat truk saya dikurangi",
        photo=SimpleUploadedFile("truk.jpg", JPEG_BYTES),
    )
    other_mill = mill_world("Djatiroto")
    return world, complaint, neighbour_login, other_mill


def _client(user):
    client = APIClient()
    client.force_login(user)
    return client


def _paths(pk):
    return [
        f"/me/complaints/{pk}/",
        f"/complaints/{pk}/",
        f"/complaints/{pk}/photo/",
        f"/api/complaints/complaints/{pk}/",
    ]


def test_the_farmer_sees_their_complaint_everywhere(setup):
    world, complaint, *_ = setup
    client = _client(world.farmer_login)
    assert complaint.reference in client.get("/me/complaints/").content.decode()
    assert client.get(f"/me/complaints/{complaint.pk}/").status_code == 200
    photo = client.get(f"/complaints/{complaint.pk}/photo/")
    assert photo.status_code == 200 and photo["Content-Type"] == "image/jpeg"
    assert photo["Cache-Control"] == "private, no-store"
    api = client.get("/api/complaints/complaints/").json()
    assert [row["id"] for row in api["results"]] == [complaint.pk]


def test_another_farmer_cannot_see_it_by_any_path(setup):
    world, complaint, neighbour_login, _ = setup
    client = _client(neighbour_login)
    assert complaint.reference not in client.get("/me/complaints/").content.decode()
    for path in _paths(complaint.pk):
        assert client.get(path).status_code in (403, 404), path
    assert client.get("/api/complaints/complaints/").json()["results"] == []
    response = client.post(
        f"/api/complaints/complaints/{complaint.pk}/reopen/", {"reason": "x"}, format="json"
    )
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["kkw_south", "other_mill_manager", "other_mill_qc"])
def test_staff_outside_the_region_or_mill_cannot_see_it(setup, who):
    world, complaint, _, other_mill = setup
    user = {
        "kkw_south": world.kkw_south,
        "other_mill_manager": other_mill.cane_manager,
        "other_mill_qc": other_mill.qc,
    }[who]
    client = _client(user)
    for path in _paths(complaint.pk):
        assert client.get(path).status_code in (403, 404), path
    assert client.get("/api/complaints/complaints/").json()["results"] == []
    assert complaint.reference not in client.get("/complaints/?view=all").content.decode()
    response = client.post(
        f"/api/complaints/complaints/{complaint.pk}/answer/", {"text": "x"}, format="json"
    )
    assert response.status_code == 404


def test_the_handler_and_the_mill_see_it(setup):
    world, complaint, *_ = setup
    for user in (world.qc, world.kkw_north, world.cane_manager):
        client = _client(user)
        assert client.get(f"/complaints/{complaint.pk}/").status_code == 200
        assert client.get(f"/complaints/{complaint.pk}/photo/").status_code == 200


def test_a_handler_outside_the_region_sees_what_is_assigned_to_them(setup):
    world, complaint, *_ = setup
    services.transfer_complaint(
        complaint=complaint, by=world.qc, to=world.kkw_south, note="Sopir dari selatan"
    )
    client = _client(world.kkw_south)
    assert client.get(f"/complaints/{complaint.pk}/").status_code == 200
    assert complaint.reference in client.get("/complaints/").content.decode()


def test_a_farmer_cannot_use_the_staff_pages(setup):
    world, complaint, *_ = setup
    client = _client(world.farmer_login)
    assert client.get("/complaints/").status_code == 403
    assert client.get(f"/complaints/{complaint.pk}/").status_code == 403
    assert client.post(f"/complaints/{complaint.pk}/answer/", {"text": "x"}).status_code == 403


def test_api_file_as_farmer_ignores_a_farmer_field(setup):
    world, _, neighbour_login, _ = setup
    client = _client(neighbour_login)
    response = client.post(
        "/api/complaints/complaints/",
        {"farmer": world.farmer.pk, "category": "other", "text": "Coba"},
        format="json",
    )
    # The farmer field is scoped: another farmer's id is not even a valid choice.
    assert response.status_code == 400
    assert "farmer" in response.json()["errors"]


def test_api_file_answer_and_read_back(setup):
    world, *_ = setup
    farmer_client = _client(world.farmer_login)
    created = farmer_client.post(
        "/api/complaints/complaints/",
        {"category": "rendemen", "text": "Rendemen 5 %"},
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["duty"] == "qc"
    qc_client = _client(world.qc)
    answered = qc_client.post(
        f"/api/complaints/complaints/{pk}/answer/", {"text": "Sampel diulang"}, format="json"
    )
    assert answered.status_code == 200, answered.content
    body = farmer_client.get(f"/api/complaints/complaints/{pk}/").json()
    assert body["status"] == "answered"
    assert [e["kind"] for e in body["entries"]] == ["filed", "answer"]
    assert body["entries"][1]["text"] == "Sampel diulang"
    transfer = qc_client.post(
        f"/api/complaints/complaints/{pk}/transfer/",
        {"to": world.cane_manager.pk, "note": "internal note"},
        format="json",
    )
    assert transfer.status_code == 200, transfer.content
    entries = farmer_client.get(f"/api/complaints/complaints/{pk}/").json()["entries"]
    assert entries[-1]["kind"] == "transfer" and entries[-1]["text"] == ""


def test_api_validation_errors_use_the_project_shape(setup, english):
    world, complaint, *_ = setup
    client = _client(world.qc)
    response = client.post(
        f"/api/complaints/complaints/{complaint.pk}/answer/", {"text": " "}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"detail", "errors"}
    assert "text" in response.json()["errors"]


def test_analyst_of_another_mill_sees_nothing(setup):
    world, complaint, *_ = setup
    analyst = UserFactory(role=Role.ANALYST, mills=[setup[3].mill])
    assert _client(analyst).get("/api/complaints/complaints/").json()["results"] == []
