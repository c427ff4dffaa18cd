"""A field officer's drafts without a signal (issue 15), on a 360 px phone in Indonesian: a new
farmer, a new plot whose boundary is walked with "Add my position" and a credit application, made
offline from pages opened earlier, wait on the phone with "3 waiting to send", survive a reload,
and reach the server exactly once each when the signal is back, the plot with its boundary. A plot
drawn from a GPX file keeps the file on the phone, through a refusal and "Open to fix", until the
server accepts it."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from credit.models import CreditApplication
from partners.models import Farmer, Plot
from tebu_site.models import ClientSubmission
from tests.credit.conftest import cw  # noqa: F401 (the credit world, as a fixture)
from tests.e2e.conftest import screenshot
from tests.e2e.test_do_flow import log_in
from tests.e2e.test_offline_field_entry import waiting_text
from tests.partners.conftest import _fast_password_hashing  # noqa: F401
from tests.partners.test_geometry_input_formats import GPX

pytestmark = pytest.mark.django_db(transaction=True)

# The corners of the plot, walked in order (about 100 m × 100 m).
CORNERS = [(-8.2000, 113.4500), (-8.2000, 113.4509), (-8.2009, 113.4509), (-8.2009, 113.4500)]
IDB_COUNT = (
    "new Promise(r => { const q = indexedDB.open('tebu-offline'); q.onsuccess = () =>"
    " q.result.transaction('entries').objectStore('entries').count().onsuccess ="
    " e => { r(e.target.result); q.result.close(); }; })"
)


def test_a_farmer_a_plot_with_its_boundary_and_a_credit_draft_made_offline_arrive_once(
    live_server,
    phone,
    cw,  # noqa: F811
):
    base = live_server.url
    context = phone.context
    farmer_url = f"{base}{reverse('farmer-create')}"
    plot_url = f"{base}{reverse('plot-create', args=[cw.farmer.pk])}"
    credit_url = (
        f"{base}{reverse('credit-application-new')}?farmer={cw.farmer.pk}&product={cw.kur.pk}"
    )
    farmers_before = Farmer.objects.count()

    # With a signal, the sinder opens the three forms once; the phone may read its position.
    context.grant_permissions(["geolocation"], origin=base)
    log_in(phone, base, cw.sinder.username)
    phone.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller")
    for url in (farmer_url, plot_url, credit_url):
        phone.goto(url)
        phone.wait_for_load_state("networkidle")
    # "Check ceiling" only asks: it stays an ordinary post and saves nothing.
    phone.fill("#id_requested_amount", "50000000")
    with phone.expect_navigation():
        phone.get_by_test_id("check-ceiling").click()
    expect(phone.get_by_test_id("application-form")).to_be_visible()
    assert not CreditApplication.objects.exists() and not ClientSubmission.objects.exists()

    context.set_offline(True)

    # A new farmer.
    phone.goto(farmer_url)
    expect(phone.get_by_test_id("offline-saved")).to_be_visible()
    phone.fill("#id_nik", "3509 1111 2222 3333")
    phone.fill("#id_name", "Sukarmin")
    phone.select_option("#id_region", str(cw.north.pk))
    phone.fill("#id_phone", "0852-1111-2222")
    phone.get_by_test_id("save").click()
    expect(phone.get_by_test_id("offline-count")).to_have_text(waiting_text(1))
    expect(phone.get_by_test_id("offline-notice")).to_be_visible()

    # A new plot, its boundary walked corner by corner with the phone's GPS.
    phone.goto(plot_url)
    expect(phone.get_by_test_id("offline-saved")).to_be_visible()
    phone.fill("#id_code", "sem-070-1")
    phone.fill("#id_area_ha", "1")
    phone.fill("#id_rented_area_ha", "0")
    phone.select_option("#id_land_type", "sawah")
    phone.select_option("#id_crop_class", "pc")
    phone.fill("#id_ratoon_number", "0")
    for number, (latitude, longitude) in enumerate(CORNERS, start=1):
        context.set_geolocation({"latitude": latitude, "longitude": longitude, "accuracy": 5})
        phone.get_by_test_id("gps-add-button").click()
        phone.wait_for_function(
            "n => document.getElementById('id_coordinates').value.trim().split('\\n').length === n",
            arg=number,
        )
    phone.get_by_test_id("save").click()
    expect(phone.get_by_test_id("offline-count")).to_have_text(waiting_text(2))

    # A credit application draft for a farmer already on the server.
    phone.goto(credit_url)
    expect(phone.get_by_test_id("offline-saved")).to_be_visible()
    phone.fill("#id_requested_amount", "66300000")
    phone.check("#id_declares_no_bank_loan")
    phone.get_by_test_id("application-save").click()
    expect(phone.get_by_test_id("offline-count")).to_have_text(waiting_text(3))
    screenshot(phone, "offline-three-drafts-waiting-phone")

    phone.reload()
    expect(phone.get_by_test_id("offline-count")).to_have_text(waiting_text(3))
    phone.get_by_test_id("offline-count").click()
    expect(phone.get_by_test_id("offline-entry")).to_have_count(3)
    assert Farmer.objects.count() == farmers_before
    assert not Plot.objects.filter(code="SEM-070-1").exists()
    assert not CreditApplication.objects.exists()

    # The signal is back: each draft is sent once and leaves the phone.
    context.set_offline(False)
    phone.evaluate("window.dispatchEvent(new Event('online'))")
    expect(phone.get_by_test_id("offline-count")).to_be_hidden(timeout=20_000)
    assert phone.evaluate(IDB_COUNT) == 0

    # Sent again by a reload and another 'online' (the worst a flaky signal does): still once.
    phone.reload()
    phone.evaluate("window.dispatchEvent(new Event('online'))")
    phone.wait_for_load_state("networkidle")
    assert Farmer.objects.count() == farmers_before + 1
    farmer = Farmer.objects.get(nik="3509111122223333")
    assert farmer.name == "Sukarmin" and farmer.region == cw.north
    plot = Plot.objects.get(code="SEM-070-1")
    assert plot.farmer == cw.farmer and plot.has_polygon
    ring = plot.geometry["coordinates"][0]
    assert len(ring) == len(CORNERS) + 1  # the corners walked, closed
    assert {(round(lat, 4), round(lon, 4)) for lon, lat in ring} == set(CORNERS)
    application = CreditApplication.objects.get()
    assert application.farmer == cw.farmer and application.requested_amount == 66300000
    assert ClientSubmission.objects.filter(user=cw.sinder).count() == 3


def test_a_plot_drawn_from_a_gpx_file_offline_keeps_its_file_until_it_is_accepted(
    live_server,
    phone,
    cw,  # noqa: F811
    tmp_path,
):
    base = live_server.url
    context = phone.context
    plot_url = f"{base}{reverse('plot-create', args=[cw.farmer.pk])}"
    track = tmp_path / "petak.gpx"
    track.write_bytes(GPX)
    log_in(phone, base, cw.sinder.username)
    phone.goto(plot_url)
    phone.wait_for_load_state("networkidle")

    # Offline, with the handheld GPS's file and, by mistake, a code the farmer's plot already has.
    context.set_offline(True)
    phone.fill("#id_code", cw.ratoon_plot.code)
    phone.fill("#id_area_ha", "1")
    phone.fill("#id_rented_area_ha", "0")
    phone.select_option("#id_land_type", "tegalan")
    phone.select_option("#id_crop_class", "rc")
    phone.fill("#id_ratoon_number", "1")
    phone.set_input_files("#id_geometry_file", str(track))
    phone.get_by_test_id("save").click()
    expect(phone.get_by_test_id("offline-count")).to_have_text(waiting_text(1))

    # Refused when the signal is back: it stays, and "Open to fix" gives the file back too.
    context.set_offline(False)
    phone.evaluate("window.dispatchEvent(new Event('online'))")
    phone.get_by_test_id("offline-count").click()
    entry = phone.get_by_test_id("offline-entry")
    expect(entry).to_have_attribute("data-status", "rejected", timeout=20_000)
    assert Plot.objects.filter(farmer=cw.farmer).count() == 2
    phone.get_by_test_id("offline-entry-fix").click()
    expect(phone.locator("#id_area_ha")).to_have_value("1")
    phone.wait_for_function(
        "document.getElementById('id_geometry_file').files[0]?.name === 'petak.gpx'"
    )
    phone.fill("#id_code", "sem-090-1")
    phone.get_by_test_id("save").click()
    phone.wait_for_url(f"{base}/plots/*/")
    plot = Plot.objects.get(code="SEM-090-1")
    assert plot.has_polygon and len(plot.geometry["coordinates"][0]) == 5
    assert phone.evaluate(IDB_COUNT) == 0
    assert ClientSubmission.objects.filter(user=cw.sinder).count() == 1
