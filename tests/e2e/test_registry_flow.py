"""Field staff register a farmer and a plot with a polygon on a phone, move the plot through the
registration workflow to a signed season contract and give the farmer a login; the farmer logs in,
chooses a password and sees the plot and the contract."""

import re

import pytest

from partners.demo import load_demo
from partners.models import Desa, Farmer, Plot, SeasonContract
from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)

# A plot east of the demo plots, so the overlap check finds nothing.
POLYGON = "-8.30000, 113.50000\n-8.30000, 113.50090\n-8.30090, 113.50090\n-8.30090, 113.50000"


def log_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def log_out(page) -> None:
    page.click("summary")
    page.get_by_test_id("logout").click()
    page.wait_for_load_state("networkidle")


def step(page, action: str) -> None:
    page.get_by_test_id(f"action-{action}").click()
    page.wait_for_load_state("networkidle")


def assert_fits_the_phone(page) -> None:
    """Nothing wider than the 360 px screen (tables scroll inside their own box)."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"page is {overflow}px wider than the phone"


def test_field_staff_register_to_signed_contract_and_farmer_sees_it(live_server, phone):
    load_demo()
    base = live_server.url
    log_in(phone, base, "sinder", "tebu-sinder-2026")

    # The farmer list, from the menu
    phone.click("summary")
    phone.locator("details.menu a[href='/farmers/']").click()
    phone.wait_for_load_state("networkidle")
    assert phone.get_by_test_id("farmer-total").inner_text() == "10"
    assert_fits_the_phone(phone)
    screenshot(phone, "registry-01-farmer-list-phone")

    # Register a farmer
    phone.get_by_test_id("register-farmer").click()
    phone.fill("input[name=nik]", "3509 1507 8001 0042")
    phone.fill("input[name=name]", "Sutrisno Wibowo")
    phone.select_option("select[name=region]", label="Wilayah Utara")
    phone.select_option("select[name=sex]", value="L")
    phone.fill("input[name=phone]", "0812-3300-4455")
    phone.fill("input[name=address]", "Dusun Krajan RT 02")
    phone.select_option("select[name=desa]", value=str(Desa.objects.get(name="Sidomekar").pk))
    phone.select_option("select[name=partner_type]", value="trk")
    assert_fits_the_phone(phone)
    screenshot(phone, "registry-02-register-farmer-phone")
    phone.get_by_test_id("save").click()
    # The form goes through the offline queue (it also works without a signal): the page moves
    # to the farmer once the server has accepted it, not when the network first goes quiet.
    phone.wait_for_url(re.compile(r"/farmers/\d+/$"))
    phone.wait_for_load_state("networkidle")
    farmer = Farmer.objects.get(nik="3509150780010042")
    assert farmer.phone == "+6281233004455"
    assert phone.get_by_test_id("farmer-name").inner_text() == "Sutrisno Wibowo"

    # Add a plot by typing the corners walked with the GPS
    phone.get_by_test_id("add-plot").click()
    phone.fill("input[name=code]", "SEM-900-1")
    phone.fill("input[name=area_ha]", "1.0000")
    phone.fill("input[name=rented_area_ha]", "0.2500")
    phone.select_option("select[name=land_type]", value="sawah")
    phone.select_option("select[name=crop_class]", value="pc")
    phone.fill("input[name=ratoon_number]", "0")
    phone.fill("input[name=variety]", "PS 881")
    phone.fill("textarea[name=coordinates]", POLYGON)
    phone.get_by_test_id("geometry-preview").wait_for()  # htmx draws it before saving
    assert_fits_the_phone(phone)
    screenshot(phone, "registry-03-add-plot-phone")
    phone.get_by_test_id("save").click()
    phone.wait_for_url(re.compile(r"/plots/\d+/$"))
    phone.wait_for_load_state("networkidle")
    plot = Plot.objects.get(code="SEM-900-1")
    assert plot.has_polygon and plot.registration_status == "surveyed"
    assert phone.get_by_test_id("plot-shape-SEM-900-1").is_visible()

    # Through the workflow
    step(phone, "check_overlap")
    step(phone, "validate")
    # The sinder drew the plot: he cannot approve it; the mill's chain does, one person a step.
    assert phone.get_by_test_id("chain-approve").count() == 0
    assert phone.get_by_test_id("chain-refusal").is_visible()  # whom the first step waits on
    plot_url = phone.url
    log_out(phone)
    for signer in ("gis", "ukur", "qc", "mandor", "asisten", "manajer"):
        log_in(phone, base, signer, f"tebu-{signer}-2026")
        phone.goto(f"{base}/plots/waiting-on-me/")
        phone.get_by_role("link", name="SEM-900-1").click()
        phone.wait_for_load_state("networkidle")
        assert_fits_the_phone(phone)
        if signer == "asisten":
            screenshot(phone, "registry-04a-approval-chain-phone")
        phone.get_by_test_id("chain-approve").click()
        phone.wait_for_load_state("networkidle")
        log_out(phone)
    log_in(phone, base, "sinder", "tebu-sinder-2026")
    phone.goto(plot_url)
    plot.refresh_from_db()
    assert plot.registration_status == "approved"
    assert phone.locator("[data-testid=steps] li").count() == 5
    assert phone.locator("[data-testid=chain-step][data-state=done]").count() == 6
    assert_fits_the_phone(phone)
    screenshot(phone, "registry-04-plot-approved-phone")

    # The season contract: drafted from the mill's template, then signed
    phone.goto(f"{base}/farmers/{farmer.pk}/")
    phone.get_by_test_id("new-contract").click()
    phone.check(f"input[name=plots][value='{plot.pk}']")
    assert phone.locator("textarea[name=clauses]").input_value().startswith("Petani menyerahkan")
    phone.get_by_test_id("save").click()
    phone.wait_for_load_state("networkidle")
    phone.get_by_test_id("sign-contract").click()
    phone.wait_for_load_state("networkidle")
    contract = SeasonContract.objects.get(farmer=farmer)
    assert contract.is_signed and contract.season.is_current
    assert phone.get_by_test_id("contract-signed-on").is_visible()
    plot.refresh_from_db()
    assert plot.registration_status == "contracted"
    assert_fits_the_phone(phone)
    screenshot(phone, "registry-05-contract-signed-phone")

    # A login for the farmer, with a first password to hand over
    phone.goto(f"{base}/farmers/{farmer.pk}/")
    phone.get_by_test_id("create-login").click()
    phone.wait_for_load_state("networkidle")
    username = phone.get_by_test_id("login-username").inner_text()
    first_password = phone.get_by_test_id("login-password").inner_text()
    screenshot(phone, "registry-06-farmer-login-phone")
    phone.goto(f"{base}/farmers/{farmer.pk}/")
    assert_fits_the_phone(phone)
    screenshot(phone, "registry-07-farmer-page-phone")
    log_out(phone)

    # The farmer logs in, must choose a password, then sees the plot and the contract
    log_in(phone, base, username, first_password)
    assert "/accounts/password/" in phone.url
    phone.fill("input[name=old_password]", first_password)
    phone.fill("input[name=new_password1]", "tebu-manis-sekali-2026")
    phone.fill("input[name=new_password2]", "tebu-manis-sekali-2026")
    phone.click("main button[type=submit]")
    phone.wait_for_load_state("networkidle")
    assert phone.url.rstrip("/") == base
    phone.goto(f"{base}/me/plots/")
    assert phone.get_by_test_id("my-plot-SEM-900-1").is_visible()
    assert phone.get_by_test_id("plot-shape-SEM-900-1").is_visible()
    assert_fits_the_phone(phone)
    screenshot(phone, "registry-08-farmer-plots-phone")
    phone.goto(f"{base}/me/contracts/")
    phone.get_by_test_id("open-contract").click()
    phone.wait_for_load_state("networkidle")
    assert phone.get_by_test_id("contract-number").inner_text() == contract.number
    assert phone.get_by_test_id("contract-farmer").inner_text() == "Sutrisno Wibowo"
    assert phone.locator("[data-testid=contract-plot]").count() == 1
    assert_fits_the_phone(phone)
    screenshot(phone, "registry-09-farmer-contract-phone")
