"""The staff pages: farmer list (search, filters, pagination), registering a farmer, adding a plot
by coordinates or a GPX file, and moving it through the workflow."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from partners.models import Farmer, Plot, RegistrationStatus
from partners.selectors_approvals import plot_chain_state
from tests.approvals import holder_of
from tests.factories import FarmerFactory, FarmerGroupFactory, PlotFactory
from tests.partners.test_geometry_input_formats import GPX

pytestmark = pytest.mark.django_db

SQUARE = "-8.2000, 113.4500\n-8.2000, 113.4509\n-8.2009, 113.4509\n-8.2009, 113.4500"


@pytest.fixture
def staff(world, client):
    client.force_login(world.sinder)
    return client


def test_farmer_list_searches_by_name_and_nik(world, staff):
    FarmerFactory(region=world.north, name="Wagiman Santoso", nik="3509222233334444")
    page = staff.get("/farmers/?q=wagiman").content.decode()
    assert "Wagiman Santoso" in page and "Buriyanto" not in page
    page = staff.get("/farmers/?q=3509 2222").content.decode()
    assert "Wagiman Santoso" in page and "Buriyanto" not in page


def test_farmer_list_filters_by_group_village_type_and_plot_status(world, staff):
    group = FarmerGroupFactory(region=world.north, name="Kelompok Tani Rukun")
    rukun = FarmerFactory(region=world.north, name="Paiman", group=group, partner_type="trm")
    PlotFactory(farmer=rukun, registration_status=RegistrationStatus.VALIDATED)
    page = staff.get(f"/farmers/?group={group.pk}").content.decode()
    assert "Paiman" in page and "Buriyanto" not in page
    page = staff.get(f"/farmers/?desa={world.desa.pk}").content.decode()
    assert "Buriyanto" in page and "Paiman" not in page
    page = staff.get("/farmers/?partner_type=trm").content.decode()
    assert "Paiman" in page and "Buriyanto" not in page
    page = staff.get("/farmers/?registration_status=validated").content.decode()
    assert "Paiman" in page and "Buriyanto" not in page
    page = staff.get(f"/farmers/?region={world.north.pk}").content.decode()
    assert "Paiman" in page and "Buriyanto" in page


def test_filter_choices_offer_only_what_the_user_may_see(world, staff):
    FarmerGroupFactory(region=world.south, name="Kelompok Selatan")
    page = staff.get("/farmers/").content.decode()
    assert "Wilayah Utara" in page
    assert "Wilayah Selatan" not in page and "Kelompok Selatan" not in page


def test_farmer_list_is_paginated(world, staff):
    FarmerFactory.create_batch(30, region=world.north)
    first = staff.get("/farmers/").content.decode()
    assert 'data-testid="page-next"' in first
    second = staff.get("/farmers/?page=2").content.decode()
    assert 'data-testid="page-previous"' in second


def test_register_a_farmer_through_the_form(world, staff):
    response = staff.post(
        "/farmers/new/",
        {
            "nik": "3509 8888 7777 6666",
            "name": "Sukirno",
            "region": world.north.pk,
            "phone": "0852-3333-4444",
            "desa": world.desa.pk,
            "partner_type": "trk",
            "status": "active",
            "education": "smp",
        },
    )
    farmer = Farmer.objects.get(nik="3509888877776666")
    assert response.status_code == 302 and response["Location"] == f"/farmers/{farmer.pk}/"
    assert farmer.phone == "+6285233334444" and farmer.mill == world.mill
    assert farmer.history.get().history_user == world.sinder


def test_register_form_shows_errors_beside_the_fields(world, staff):
    response = staff.post(
        "/farmers/new/", {"nik": "12", "name": "", "region": world.south.pk, "phone": "9"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('class="field-error"') >= 4  # nik, name, region (not theirs), phone


def test_add_plot_with_typed_coordinates(world, staff):
    response = staff.post(
        f"/farmers/{world.farmer.pk}/plots/new/",
        {
            "code": "sem-050-1",
            "area_ha": "1.0000",
            "rented_area_ha": "0",
            "land_type": "sawah",
            "crop_class": "pc",
            "ratoon_number": "0",
            "coordinates": SQUARE,
        },
    )
    plot = Plot.objects.get(code="SEM-050-1")
    assert response["Location"] == f"/plots/{plot.pk}/"
    assert plot.registration_status == RegistrationStatus.SURVEYED
    assert plot.own_area_ha == plot.area_ha and plot.measured_area_ha


def test_add_plot_with_a_gpx_file(world, staff):
    staff.post(
        f"/farmers/{world.farmer.pk}/plots/new/",
        {
            "code": "SEM-051-1",
            "area_ha": "1",
            "rented_area_ha": "0",
            "land_type": "tegalan",
            "crop_class": "rc",
            "ratoon_number": "1",
            "geometry_file": SimpleUploadedFile("petak.gpx", GPX),
        },
    )
    assert Plot.objects.get(code="SEM-051-1").has_polygon


def test_add_plot_errors_beside_the_fields(world, staff):
    PlotFactory(farmer=world.farmer, code="SEM-052-1")
    response = staff.post(
        f"/farmers/{world.farmer.pk}/plots/new/",
        {
            "code": "SEM-052-1",
            "area_ha": "1",
            "rented_area_ha": "0.5",
            "own_area_ha": "0.2",
            "land_type": "sawah",
            "crop_class": "pc",
            "ratoon_number": "2",
            "coordinates": "x",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('class="field-error"') >= 3  # duplicate code, parts, ratoon, coordinates


def test_geometry_preview_draws_and_measures(world, staff):
    response = staff.post(
        "/plots/preview/",
        {"coordinates": "-8.2000, 113.4500\n-8.2000, 113.4509\n-8.2009, 113.4509"},
    )
    page = response.content.decode()
    assert "<svg" in page and "ha" in page


def test_workflow_buttons_move_the_plot_and_show_the_overlap_message(world, staff, client):
    plot = PlotFactory(farmer=world.farmer)
    response = staff.post(
        f"/plots/{plot.pk}/survey/",
        {"coordinates": "-8.2000, 113.4500\n-8.2000, 113.4509\n-8.2009, 113.4509\n-8.2009, 113.45"},
    )
    assert response.status_code == 302
    for action in ("check_overlap", "validate"):
        staff.post(f"/plots/{plot.pk}/step/{action}/")
    # The sinder drew it: each step of the mill's chain is taken by its holder on the page.
    for _step in range(6):
        plot.refresh_from_db()
        assert plot.registration_status == RegistrationStatus.VALIDATED
        signer = Client()
        signer.force_login(holder_of(plot_chain_state(plot).waiting, world.mill, [world.north]))
        assert 'data-testid="chain-approve"' in signer.get(f"/plots/{plot.pk}/").content.decode()
        signer.post(f"/plots/{plot.pk}/step/approve/", {"note": "ok"})
    plot.refresh_from_db()
    assert plot.registration_status == RegistrationStatus.APPROVED
    page = staff.get(f"/plots/{plot.pk}/").content.decode()
    assert page.count('data-state="done"') == 6
    assert 'aria-current="step"' in page and "<svg" in page


def test_reject_needs_a_reason_and_shows_it(world, staff):
    plot = PlotFactory(farmer=world.farmer)
    staff.post(f"/plots/{plot.pk}/step/reject/", {"note": ""})
    plot.refresh_from_db()
    assert plot.registration_status == RegistrationStatus.SUBMITTED
    staff.post(f"/plots/{plot.pk}/step/reject/", {"note": "Lahan sengketa"}, follow=True)
    plot.refresh_from_db()
    assert plot.registration_status == RegistrationStatus.REJECTED
    assert "Lahan sengketa" in staff.get(f"/plots/{plot.pk}/").content.decode()


def test_unknown_step_is_not_found(world, staff):
    plot = PlotFactory(farmer=world.farmer)
    assert staff.post(f"/plots/{plot.pk}/step/contract/").status_code == 404


def test_contract_pages_draft_sign_and_print(world, staff):
    from tests.partners.helpers import approved_plot

    plot = approved_plot(world)
    response = staff.post(
        f"/farmers/{world.farmer.pk}/contracts/new/",
        {
            "season": world.season.pk,
            "partner_type": "trk",
            "partnership_pattern": "credit",
            "plots": [plot.pk],
            "clauses": "Satu.\nDua.",
            "notes": "",
        },
    )
    assert response.status_code == 302
    contract = world.farmer.contracts.get()
    assert contract.clauses == ["Satu.", "Dua."]
    staff.post(f"/contracts/{contract.pk}/sign/", {"signed_on": date.today().isoformat()})
    contract.refresh_from_db()
    assert contract.is_signed
    page = staff.get(f"/contracts/{contract.pk}/").content.decode()
    assert "Satu." in page and plot.code in page


def test_read_only_roles_see_the_list_without_write_buttons(world, client):
    from tebu_site.models import Role
    from tests.factories import UserFactory

    clerk = UserFactory(role=Role.WEIGHBRIDGE_CLERK, mills=[world.mill])
    client.force_login(clerk)
    page = client.get("/farmers/").content.decode()
    assert "Buriyanto" in page and 'data-testid="register-farmer"' not in page
    assert client.get("/farmers/new/").status_code == 403


def test_edit_plot_marks_it_inactive(world, staff):
    plot = PlotFactory(farmer=world.farmer, code="SEM-060-1")
    response = staff.post(
        f"/plots/{plot.pk}/edit/",
        {
            "area_ha": "1.5000",
            "own_area_ha": "1.5000",
            "rented_area_ha": "0",
            "land_type": "sawah",
            "crop_class": "rc",
            "ratoon_number": "2",
            "variety": "BL",
        },
    )
    assert response.status_code == 302
    plot.refresh_from_db()
    assert not plot.is_active and plot.ratoon_number == 2 and plot.code == "SEM-060-1"
