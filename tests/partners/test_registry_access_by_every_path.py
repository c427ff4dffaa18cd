"""A farmer cannot read another farmer's data, and field staff cannot read another region's or
another mill's, by any path: page, API list, API detail, export, document download."""

import pytest
from rest_framework.test import APIClient

from tests.factories import DocumentFactory, PlotFactory, SeasonContractFactory, farmer_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(world):
    """One plot, contract and document for each of three farmers: the north one (visible to the
    sinder), the south one (same mill, other region) and one of another mill."""
    out = {}
    for key, farmer in (
        ("north", world.farmer),
        ("south", world.south_farmer),
        ("other", world.other_farmer),
    ):
        plot = PlotFactory(farmer=farmer, code=f"{key.upper()}-1")
        out[key] = {
            "farmer": farmer,
            "plot": plot,
            "contract": SeasonContractFactory(farmer=farmer, plots=[plot]),
            "document": DocumentFactory(farmer=farmer, plot=plot),
        }
    return out


def page_paths(r):
    return [
        f"/farmers/{r['farmer'].pk}/",
        f"/farmers/{r['farmer'].pk}/edit/",
        f"/plots/{r['plot'].pk}/",
        f"/contracts/{r['contract'].pk}/",
    ]


def api_detail_paths(r):
    return [
        f"/api/farmers/{r['farmer'].pk}/",
        f"/api/plots/{r['plot'].pk}/",
        f"/api/contracts/{r['contract'].pk}/",
        f"/api/documents/{r['document'].pk}/",
    ]


def download_paths(r):
    return [
        f"/documents/{r['document'].pk}/download/",
        f"/api/documents/{r['document'].pk}/download/",
    ]


def api_ids(client, resource):
    return {row["id"] for row in client.get(f"/api/{resource}/").json()["results"]}


# ------------------------------------------------------------------ farmer


@pytest.fixture
def farmer_client(world):
    client = APIClient()
    client.force_login(farmer_user(world.farmer))
    return client


def test_farmer_cannot_open_another_farmers_pages(farmer_client, records):
    for key in ("south", "other"):
        for path in page_paths(records[key]):
            response = farmer_client.get(path)
            assert response.status_code in (403, 404), path
            assert records[key]["farmer"].name not in response.content.decode(), path


def test_farmer_reads_own_contract_but_no_staff_pages(farmer_client, records):
    own = records["north"]
    assert farmer_client.get(f"/contracts/{own['contract'].pk}/").status_code == 200
    assert farmer_client.get(f"/farmers/{own['farmer'].pk}/").status_code == 403


def test_farmer_api_lists_hold_only_own_records(farmer_client, records):
    own = records["north"]
    assert api_ids(farmer_client, "farmers") == {own["farmer"].pk}
    assert api_ids(farmer_client, "plots") == {own["plot"].pk}
    assert api_ids(farmer_client, "contracts") == {own["contract"].pk}
    assert api_ids(farmer_client, "documents") == {own["document"].pk}


def test_farmer_api_detail_of_others_is_not_found(farmer_client, records):
    for key in ("south", "other"):
        for path in api_detail_paths(records[key]):
            response = farmer_client.get(path)
            assert response.status_code == 404, path
            assert set(response.json()) == {"detail", "errors"}
    for path in api_detail_paths(records["north"]):
        assert farmer_client.get(path).status_code == 200, path


def test_farmer_cannot_export(farmer_client, records):
    for path in ("/farmers/export/?format=csv", "/plots/export/?format=xlsx"):
        assert farmer_client.get(path).status_code == 403


def test_farmer_downloads_own_document_only(farmer_client, records):
    for path in download_paths(records["north"]):
        response = farmer_client.get(path)
        assert response.status_code == 200, path
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    for key in ("south", "other"):
        for path in download_paths(records[key]):
            assert farmer_client.get(path).status_code == 404, path


def test_farmer_cannot_write_through_the_api(farmer_client, records):
    own = records["north"]
    response = farmer_client.patch(f"/api/farmers/{own['farmer'].pk}/", {"name": "X"})
    assert response.status_code == 403
    response = farmer_client.post(f"/api/plots/{own['plot'].pk}/reject/", {"reason": "x"})
    assert response.status_code == 403


# ------------------------------------------------------------------ field staff


@pytest.fixture
def sinder_client(world):
    client = APIClient()
    client.force_login(world.sinder)
    return client


def test_field_staff_cannot_open_another_regions_or_mills_pages(sinder_client, records):
    for key in ("south", "other"):
        for path in page_paths(records[key]):
            response = sinder_client.get(path)
            assert response.status_code == 404, path
    for path in page_paths(records["north"]):
        assert sinder_client.get(path).status_code == 200, path


def test_field_staff_api_lists_hold_only_their_region(sinder_client, records):
    north = records["north"]
    assert api_ids(sinder_client, "farmers") == {north["farmer"].pk}
    assert api_ids(sinder_client, "plots") == {north["plot"].pk}
    assert api_ids(sinder_client, "contracts") == {north["contract"].pk}
    assert api_ids(sinder_client, "documents") == {north["document"].pk}


def test_field_staff_api_filters_cannot_reach_past_the_scope(sinder_client, records, world):
    other = records["other"]["farmer"]
    body = sinder_client.get(f"/api/plots/?farmer={other.pk}").json()
    assert body["count"] == 0
    response = sinder_client.get(f"/api/farmers/?region={world.other_region.pk}")
    assert response.status_code == 400 or response.json()["count"] == 0


def test_field_staff_api_detail_of_other_regions_is_not_found(sinder_client, records):
    for key in ("south", "other"):
        for path in api_detail_paths(records[key]):
            assert sinder_client.get(path).status_code == 404, path


def test_field_staff_export_holds_only_their_region(sinder_client, records):
    farmers_csv = sinder_client.get("/farmers/export/?format=csv").content.decode("utf-8-sig")
    plots_csv = sinder_client.get("/plots/export/?format=csv").content.decode("utf-8-sig")
    assert records["north"]["farmer"].nik in farmers_csv
    assert records["north"]["plot"].code in plots_csv
    for key in ("south", "other"):
        assert records[key]["farmer"].nik not in farmers_csv
        assert records[key]["plot"].code not in plots_csv
        assert records[key]["farmer"].nik not in plots_csv


def test_field_staff_xlsx_export_holds_only_their_region(sinder_client, records):
    import io

    import openpyxl

    content = sinder_client.get("/farmers/export/?format=xlsx").content
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    niks = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert niks == {records["north"]["farmer"].nik}


def test_field_staff_cannot_download_other_regions_documents(sinder_client, records):
    for key in ("south", "other"):
        for path in download_paths(records[key]):
            assert sinder_client.get(path).status_code == 404, path
    for path in download_paths(records["north"]):
        assert sinder_client.get(path).status_code == 200, path


def test_documents_are_not_served_as_public_media(client, records):
    document = records["north"]["document"]
    assert client.get(f"/media/{document.file.name}").status_code == 404
    # and anonymous users are sent to the login page by the real download
    response = client.get(f"/documents/{document.pk}/download/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_mill_manager_sees_both_regions_but_not_the_other_mill(world, records):
    client = APIClient()
    client.force_login(world.manager)
    assert api_ids(client, "farmers") == {
        records["north"]["farmer"].pk,
        records["south"]["farmer"].pk,
    }
    assert client.get(f"/farmers/{records['other']['farmer'].pk}/").status_code == 404
