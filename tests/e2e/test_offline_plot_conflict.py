"""A plot edited offline while somebody changed it on the server (issue 15): when the signal is
back the draft is not saved over the newer plot; the phone shows both versions side by side and
the officer's choice decides."""

import pytest
from playwright.sync_api import expect

from partners.models import Plot
from partners.services.plots import update_plot
from tests.e2e.conftest import screenshot
from tests.e2e.test_do_flow import log_in
from tests.factories import PlotFactory
from tests.partners.conftest import _fast_password_hashing, world  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_conflicting_plot_draft_shows_both_versions_to_choose(
    live_server,
    phone,
    world,  # noqa: F811
):
    base = live_server.url
    plot = PlotFactory(farmer=world.farmer, code="U-020", variety="BL")
    edit_url = f"{base}/plots/{plot.pk}/edit/"

    log_in(phone, base, world.sinder.username)
    phone.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller")
    phone.goto(edit_url)
    phone.wait_for_load_state("networkidle")

    phone.context.set_offline(True)
    phone.goto(edit_url)  # from the phone, without a signal
    expect(phone.get_by_test_id("offline-saved")).to_be_visible()
    phone.fill("#id_variety", "PS 881")
    phone.get_by_test_id("save").click()
    expect(phone.get_by_test_id("offline-count")).to_be_visible()

    # Meanwhile the manager changes the same plot in the office.
    update_plot(
        plot=Plot.objects.get(pk=plot.pk), by=world.manager, changes={"variety": "PSJT 941"}
    )

    phone.context.set_offline(False)
    phone.evaluate("window.dispatchEvent(new Event('online'))")
    phone.get_by_test_id("offline-count").click()
    entry = phone.get_by_test_id("offline-entry")
    expect(entry).to_have_attribute("data-status", "conflict", timeout=20_000)
    assert Plot.objects.get(pk=plot.pk).variety == "PSJT 941"  # nothing overwritten

    phone.get_by_test_id("offline-entry-compare").click()
    expect(phone.get_by_test_id("conflict")).to_be_visible()
    expect(phone.get_by_test_id("conflict-mine")).to_have_text("PS 881")
    expect(phone.get_by_test_id("conflict-server")).to_have_text("PSJT 941")
    screenshot(phone, "offline-plot-conflict-phone")
    assert Plot.objects.get(pk=plot.pk).variety == "PSJT 941"

    phone.get_by_test_id("conflict-use-mine").click()
    phone.wait_for_url(f"{base}/plots/{plot.pk}/")
    expect(phone.get_by_test_id("offline-count")).to_be_hidden()
    assert Plot.objects.get(pk=plot.pk).variety == "PS 881"
