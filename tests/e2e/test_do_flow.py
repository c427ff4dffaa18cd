"""Harvest to payment in a real browser: the sinder issues an SPTA on a phone, the weighbridge clerk
weighs the load, QC records the rendemen from the juice readings, the manager settles the period
and issues the DO with a credit deduction, the credit officer records two instalments, and the
farmer, on a cheap phone, sees the DO, each line, the rendemen inputs, the profit sharing
computed from the period's auction price, and the days waited."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from harvest.models import DeliveryOrder, DoStatus, Spta
from harvest.services.market import record_auction_price
from partners.models import RegistrationStatus
from tebu_site.formatting import format_rupiah
from tebu_site.models import Role
from tests.e2e.conftest import screenshot
from tests.factories import (
    DJATIROTO_SCHEME,
    TEST_PASSWORD,
    FarmerFactory,
    PlotFactory,
    RegionFactory,
    SeasonFactory,
    SettlementSchemeFactory,
    UserFactory,
    farmer_user,
)

pytestmark = pytest.mark.django_db(transaction=True)

D = Decimal


def log_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "/accounts/login/" not in page.url, f"{username} could not log in"


def log_out(page) -> None:
    page.click("summary")
    page.get_by_test_id("logout").click()
    page.wait_for_load_state("networkidle")


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def world(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    north = RegionFactory(name="Wilayah Utara", code="utara")
    mill = north.mill
    mill.daily_capacity_tonnes = D("6500")
    mill.save()
    season = SeasonFactory(mill=mill, name="2025/2026", is_current=True)
    manager = UserFactory(username="manajer", role=Role.MANAGER, mills=[mill], first_name="Hendra")
    # Profit sharing computed from the auction price the mill recorded for the period (domain.md
    # 5): all of the gain above the bridging price Rp 910,000/kw goes to the farmer.
    parameters = {
        **{k: v for k, v in DJATIROTO_SCHEME.items() if k != "profit_sharing_per_kw_auctioned"},
        "profit_sharing_farmer_share": "1",
    }
    SettlementSchemeFactory(mill=mill, season=season, parameters=parameters, created_by=manager)
    today = timezone.localdate()
    record_auction_price(
        by=manager,
        mill=mill,
        season=season,
        period_start=today - timedelta(days=6),
        period_end=today,
        price_per_kw=D("1048000"),
    )
    farmer = FarmerFactory(region=north, name="Buriyanto")
    plot = PlotFactory(
        farmer=farmer,
        code="SMB-U-001",
        area_ha=D("2.7"),
        own_area_ha=D("2.7"),
        registration_status=RegistrationStatus.CONTRACTED,
    )
    farmer_user(farmer, username="petani", first_name="Buriyanto")
    UserFactory(username="sinder", role=Role.FIELD_STAFF, mills=[mill], regions=[north])
    UserFactory(username="timbang", role=Role.WEIGHBRIDGE_CLERK, mills=[mill])
    UserFactory(username="qc", role=Role.QC, mills=[mill], first_name="Dewi", last_name="Lestari")
    UserFactory(username="kredit", role=Role.CREDIT_OFFICER, mills=[mill], first_name="Rina")
    return {"plot": plot, "farmer": farmer}


def test_spta_to_paid_do_and_the_farmer_reads_it_on_a_phone(live_server, phone, desktop, world):
    base = live_server.url
    plot = world["plot"]

    # 1. The sinder issues the SPTA on a phone and gets the printable page with its QR code.
    log_in(phone, base, "sinder")
    phone.goto(f"{base}/harvest/spta/new/?plot={plot.pk}")
    phone.fill("#id_quota_kw", "300")  # 30 t: the load below fits its SPTA
    phone.fill("#id_truck_plate", "P 8123 UK")
    phone.fill("#id_driver_name", "Sukardi")
    screenshot(phone, "do-flow-1-spta-form-phone")
    phone.get_by_test_id("spta-submit").click()
    phone.wait_for_load_state("networkidle")
    number = phone.get_by_test_id("spta-number").inner_text()
    assert phone.locator("[data-testid=spta-qr] svg").count() == 1
    screenshot(phone, "do-flow-2-spta-phone")
    log_out(phone)
    assert Spta.objects.get().number == number

    # 2. The weighbridge clerk weighs the load against the SPTA number.
    log_in(desktop, base, "timbang")
    desktop.goto(f"{base}/harvest/weighbridge/?spta={number}")
    now = timezone.now()
    desktop.fill("#id_gross_kg", "37000")
    desktop.fill("#id_tare_kg", "7000")
    desktop.fill("#id_trash_percent", "2")
    desktop.fill("#id_cut_at", local(now - timedelta(hours=9)))
    desktop.fill("#id_arrived_at", local(now - timedelta(hours=1)))
    desktop.get_by_test_id("weighing-submit").click()
    desktop.wait_for_load_state("networkidle")
    assert "29.400" in desktop.locator(".messages").inner_text()  # 30,000 kg × 98 %
    screenshot(desktop, "do-flow-3-weighbridge-desktop")
    # The same SPTA a second time is refused.
    desktop.goto(f"{base}/harvest/weighbridge/?spta={number}")
    desktop.fill("#id_gross_kg", "36000")
    desktop.fill("#id_tare_kg", "7000")
    desktop.fill("#id_cut_at", local(now - timedelta(hours=9)))
    desktop.fill("#id_arrived_at", local(now - timedelta(hours=1)))
    desktop.get_by_test_id("weighing-submit").click()
    desktop.wait_for_load_state("networkidle")
    assert desktop.locator(".field-error").count() >= 1
    log_out(desktop)

    # 3. QC records the rendemen from the juice readings.
    log_in(desktop, base, "qc")
    desktop.goto(f"{base}/harvest/rendemen/")
    weighing = Spta.objects.get().weighing
    desktop.check(f"input[name=weighings][value='{weighing.pk}']")
    desktop.fill("#id_sample_code", "NPP-0701-01")
    for field, value in (
        ("brix_reading", "20"),
        ("temperature_correction", "0.2"),
        ("pol_reading", "65"),
        ("specific_gravity", "1.08"),
        ("dilution_factor", "1"),
        ("extraction_factor", "0.5"),
    ):
        desktop.fill(f"#id_{field}", value)
    screenshot(desktop, "do-flow-3b-rendemen-desktop")
    desktop.get_by_test_id("rendemen-submit").click()
    desktop.wait_for_load_state("networkidle")
    assert "6,91" in desktop.locator(".messages").inner_text()
    log_out(desktop)

    # 4. The manager settles the period, adds the credit instalment and issues the DO.
    log_in(desktop, base, "manajer")
    today = timezone.localdate().isoformat()
    desktop.goto(f"{base}/do/settle/")
    desktop.fill("#id_start", today)
    desktop.fill("#id_end", today)
    desktop.get_by_test_id("batch-submit").click()
    desktop.wait_for_load_state("networkidle")
    desktop.get_by_test_id("batch-result").locator("a").first.click()
    desktop.wait_for_load_state("networkidle")
    desktop.locator("[data-testid=draft-form] textarea[name=credit_deductions]").fill(
        "KUR angsuran 1; 2.000.000"
    )
    desktop.get_by_test_id("draft-submit").click()
    desktop.wait_for_load_state("networkidle")
    assert desktop.get_by_test_id("do-line-deduction_credit").count() == 1
    desktop.get_by_test_id("issue-do").click()
    desktop.wait_for_load_state("networkidle")
    order = DeliveryOrder.objects.get()
    assert order.status == DoStatus.ISSUED
    screenshot(desktop, "do-flow-4-do-issued-desktop")
    log_out(desktop)
    # The DO was issued 45 days ago, as they are in the field (domain.md 5: paid ~3 months late).
    DeliveryOrder.objects.filter(pk=order.pk).update(
        issued_at=timezone.now() - timedelta(days=45),
        expected_payment_on=timezone.localdate() - timedelta(days=15),
    )

    # 5. The credit officer records the first instalment.
    log_in(desktop, base, "kredit")
    desktop.goto(f"{base}/do/{order.pk}/")
    first = (order.payable * D("0.6")).quantize(D("1"))
    desktop.locator("[data-testid=payment-form] input[name=amount]").fill(str(first))
    desktop.locator("[data-testid=payment-form] input[name=reference]").fill("TRF-001")
    desktop.get_by_test_id("payment-submit").click()
    desktop.wait_for_load_state("networkidle")
    order.refresh_from_db()
    assert order.status == DoStatus.PARTLY_PAID

    # 6. The farmer opens the DO on a cheap phone while it is partly paid.
    log_in(phone, base, "petani")
    phone.click("summary")
    phone.get_by_role("link", name="DO saya").click()  # "My DOs" in the Indonesian menu
    phone.wait_for_load_state("networkidle")
    card = phone.get_by_test_id("do-card")
    assert card.count() == 1
    assert "45" in phone.get_by_test_id("do-card-waited").inner_text()
    assert "Rp" in phone.get_by_test_id("do-card-amount").inner_text()
    assert "15" in phone.get_by_test_id("do-card-late").inner_text()
    screenshot(phone, "do-flow-5-farmer-do-list-phone")
    card.click()
    phone.wait_for_load_state("networkidle")
    assert phone.get_by_test_id("do-days-waited").inner_text() == "45"
    for code in ("cane", "rendemen", "hablur", "farmer_sugar", "deduction_credit", "payable"):
        assert phone.get_by_test_id(f"do-line-{code}").is_visible(), code
    # The auction price of the period and the profit sharing computed from it (Djatiroto 2016:
    # (1,048,000 − 910,000) × 100 % = Rp 138,000 per kw of auctioned sugar).
    assert "1.048.000" in phone.get_by_test_id("do-line-auction_price").inner_text()
    profit = phone.get_by_test_id("do-line-profit_sharing_per_kw").inner_text()
    assert "138.000" in profit and "Permentan 245/PD.320/M/5/2011" in profit
    assert "138.000" in phone.get_by_test_id("do-line-revenue_profit_sharing").inner_text()
    assert "KUR angsuran 1" in phone.get_by_test_id("do-line-deduction_credit").inner_text()
    inputs = phone.get_by_test_id("rendemen-inputs").inner_text()
    assert "20,2" in inputs and "6,91 %" in inputs
    assert "Dewi Lestari" in phone.get_by_test_id("do-deliveries").inner_text()
    assert phone.get_by_test_id("do-payment").count() == 1
    screenshot(phone, "do-flow-6-farmer-do-phone")
    # What if the rendemen were 7,5 %? The calculator works without JavaScript (a GET form) and
    # reads the comma a farmer types (a number input made it 75, issue 14.3).
    phone.fill("#id_rendemen", "7,5")
    phone.get_by_test_id("what-if-submit").click()
    phone.wait_for_load_state("networkidle")
    assert "7,50 %" in phone.get_by_test_id("what-if-result").inner_text()
    screenshot(phone, "do-flow-7-what-if-phone")
    # At the rendemen the DO shows, the calculator gives what the DO pays, to the rupiah.
    order.refresh_from_db()
    phone.fill("#id_rendemen", "6,91")
    phone.get_by_test_id("what-if-submit").click()
    phone.wait_for_load_state("networkidle")
    payable = phone.get_by_test_id("what-if-payable").inner_text().replace("\xa0", " ")
    assert format_rupiah(order.payable) in payable

    # 7. The second instalment pays the DO in full; the farmer sees it paid.
    desktop.goto(f"{base}/do/{order.pk}/")
    desktop.locator("[data-testid=payment-form] input[name=reference]").fill("TRF-002")
    desktop.get_by_test_id("payment-submit").click()  # the amount is prefilled with the rest
    desktop.wait_for_load_state("networkidle")
    order.refresh_from_db()
    assert order.status == DoStatus.PAID
    assert order.payments.count() == 2

    phone.goto(f"{base}/me/do/{order.pk}/")
    assert phone.get_by_test_id("do-payment").count() == 2
    assert phone.get_by_test_id("do-outstanding").inner_text() == "Rp 0"
    assert phone.get_by_test_id("do-days-waited").inner_text() == "45"
    screenshot(phone, "do-flow-8-farmer-do-paid-phone")
    phone.goto(f"{base}/do/{order.pk}/print/")
    assert phone.get_by_test_id("do-paper").is_visible()
    screenshot(phone, "do-flow-9-statement-phone")

    # 8. The sinder follows the region's DOs and the cutting schedule on the phone.
    log_out(phone)
    log_in(phone, base, "sinder")
    phone.goto(f"{base}/do/")
    assert phone.get_by_test_id("do-row").count() == 1
    screenshot(phone, "do-flow-10-do-register-phone")
    phone.goto(f"{base}/harvest/schedule/")
    assert "SMB-U-001" in phone.get_by_test_id("schedule-plots").inner_text()
    screenshot(phone, "do-flow-11-schedule-phone")
