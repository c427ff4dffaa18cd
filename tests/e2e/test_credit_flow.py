"""A KUR application from draft to two paid tranches in a real browser: the sinder enters it on a
phone (2 ha ratoon + 1 ha plant cane at the PG Semboro rates: ceiling Rp 66,300,000), uploads the
documents and submits; the credit officer verifies the documents, marks them complete and records
the bank's verification; the product's approval chain follows, each step by its own holder
(RDKK approved by the assistant manager and the cane manager, the Disbun signature, the
cooperative's survey), and the credit officer decides the amount; he records the cultivation
tranche (to the farmer) and the cutting-and-haulage tranche (to the mill) as paid; the farmer, on a
cheap phone, sees both in the ledger with the cutting-and-haulage money shown as withheld."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from credit.models import ApplicationStatus, CreditApplication
from partners.models import CropClass
from tebu_site.models import Role
from tests.credit.conftest import contracted_farmer
from tests.credit.factories import CreditProductFactory, semboro_kur_tranches
from tests.e2e.conftest import ARTIFACTS, screenshot
from tests.e2e.test_do_flow import log_in, log_out
from tests.factories import PDF_BYTES, RegionFactory, SeasonFactory, UserFactory, farmer_user

pytestmark = pytest.mark.django_db(transaction=True)

D = Decimal


@pytest.fixture
def world(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    north = RegionFactory(name="Wilayah Utara", code="utara")
    mill = north.mill
    season = SeasonFactory(mill=mill, name="2018/2019", is_current=True)
    kur = CreditProductFactory(
        season=season, name="KUR 2018/2019", funder="BRI melalui KUD Semboro"
    )
    semboro_kur_tranches(kur)
    farmer, plots, _contract = contracted_farmer(
        north,
        season,
        [(CropClass.RATOON, D("2")), (CropClass.PLANT_CANE, D("1"))],
        name="Buriyanto",
    )
    farmer_user(farmer, username="petani", first_name="Buriyanto")
    UserFactory(username="sinder", role=Role.FIELD_STAFF, mills=[mill], regions=[north])
    UserFactory(username="kredit", role=Role.CREDIT_OFFICER, mills=[mill], first_name="Rina")
    signers = {
        "asisten": (Role.MANAGER, "assistant_manager"),
        "manajer": (Role.MANAGER, "cane_manager"),
        "disbun": (Role.CREDIT_OFFICER, "disbun_liaison"),
        "koperasi": (Role.CREDIT_OFFICER, "cooperative_surveyor"),
    }
    for username, (role, position) in signers.items():
        user = UserFactory(username=username, role=role, mills=[mill], first_name=username)
        mill.positions.get(code=position).holders.add(user)
    return {"farmer": farmer, "kur": kur, "plots": plots}


def scan(tmp_path: Path, name: str) -> str:
    path = tmp_path / name
    path.write_bytes(PDF_BYTES)
    return str(path)


def submit(page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)
    page.wait_for_load_state("networkidle")


def test_kur_application_from_draft_to_two_paid_tranches(
    live_server, phone, desktop, world, tmp_path
):
    base = live_server.url
    farmer, kur = world["farmer"], world["kur"]

    # 1. The sinder enters the application on a phone: farmer and product, then the plots.
    log_in(phone, base, "sinder")
    phone.goto(f"{base}{reverse('credit-application-new')}")
    phone.select_option("#id_farmer", str(farmer.pk))
    phone.select_option("#id_product", str(kur.pk))
    submit(phone, "[data-testid=applicant-continue]")
    assert phone.get_by_test_id("ceiling-amount").inner_text() == "Rp 66.300.000"
    # Asking more shows the reason beside the amount while typing (live ceiling).
    phone.fill("#id_requested_amount", "70000000")
    # The amount is grouped as the DO prints it while it is typed (rupiah.js), and still read.
    assert phone.input_value("#id_requested_amount") == "70.000.000"
    reason = phone.get_by_test_id("ceiling-reason")
    reason.wait_for(state="visible")
    assert "Rp 66.300.000" in reason.inner_text()
    screenshot(phone, "credit-flow-1-form-over-ceiling-phone")
    # Unticking the plant-cane plot lowers the ceiling live.
    plant = world["plots"][1]
    phone.uncheck(f"#id_plot_{plant.pk}")
    phone.wait_for_function(
        "document.getElementById('ceiling-amount').textContent === 'Rp 41.300.000'"
    )
    phone.check(f"#id_plot_{plant.pk}")
    phone.wait_for_function(
        "document.getElementById('ceiling-amount').textContent === 'Rp 66.300.000'"
    )
    phone.fill("#id_requested_amount", "66300000")
    assert phone.input_value("#id_requested_amount") == "66.300.000"
    phone.check("#id_declares_no_bank_loan")
    submit(phone, "[data-testid=application-save]")
    application = CreditApplication.objects.get()
    assert application.ceiling_amount == D("66300000")
    assert application.requested_amount == D("66300000")
    assert application.status == ApplicationStatus.DRAFT

    # 2. On the application page the sinder uploads every document, then submits.
    documents = list(application.documents.order_by("order", "id"))
    assert documents
    for index in range(1, len(documents) + 1):
        row = phone.get_by_test_id(f"document-{index}")
        row.locator("input[type=file]").set_input_files(scan(tmp_path, f"dok-{index}.pdf"))
        with phone.expect_navigation():
            row.get_by_test_id("upload-document").click()
        phone.wait_for_load_state("networkidle")
    assert phone.locator("[data-testid=document-download]").count() == len(documents)
    screenshot(phone, "credit-flow-2-documents-uploaded-phone")
    submit(phone, "[data-testid=do-submitted]")
    assert CreditApplication.objects.get().status == ApplicationStatus.SUBMITTED
    screenshot(phone, "credit-flow-3-submitted-phone")
    phone.goto(f"{base}{reverse('credit-pipeline')}")
    assert phone.get_by_test_id("column-submitted").get_by_test_id("pipeline-card").count() == 1
    screenshot(phone, "credit-flow-3b-pipeline-phone")
    log_out(phone)

    # 3. The credit officer verifies the documents, marks them complete and records the bank's
    #    verification.
    log_in(desktop, base, "kredit")
    desktop.goto(f"{base}{reverse('credit-application', args=[application.pk])}")
    for _ in documents:
        submit(desktop, "[data-testid=verify-document] >> nth=0")
    assert desktop.locator("[data-testid=verify-document]").count() == 0
    submit(desktop, "[data-testid=do-documents_complete]")
    desktop.fill("#id_move-verified-note", "Diverifikasi BRI")
    submit(desktop, "[data-testid=do-verified]")
    assert CreditApplication.objects.get().status == ApplicationStatus.VERIFIED
    log_out(desktop)

    # 4. The approval chain: each holder finds it waiting on them and signs; the credit officer,
    #    last, decides the amount asked.
    for signer in ("asisten", "manajer", "disbun", "koperasi"):
        log_in(desktop, base, signer)
        desktop.goto(f"{base}{reverse('credit-approvals')}")
        desktop.get_by_test_id("waiting-application").get_by_role("link").click()
        desktop.wait_for_load_state("networkidle")
        submit(desktop, "[data-testid=chain-approve]")
        assert CreditApplication.objects.get().status == ApplicationStatus.VERIFIED
        log_out(desktop)
    log_in(desktop, base, "kredit")
    desktop.goto(f"{base}{reverse('credit-pipeline')}")
    desktop.get_by_test_id("column-verified").get_by_test_id("pipeline-card").click()
    desktop.wait_for_load_state("networkidle")
    screenshot(desktop, "credit-flow-4-approve-desktop")
    submit(desktop, "[data-testid=chain-approve]")
    application = CreditApplication.objects.get()
    assert application.status == ApplicationStatus.APPROVED
    assert application.approved_amount == D("66300000")
    tranches = list(application.disbursements.order_by("order"))
    assert [t.payee for t in tranches] == ["farmer", "mill"]
    log_out(desktop)

    # 5. The credit officer records the two tranches as paid.
    log_in(desktop, base, "kredit")
    desktop.goto(f"{base}{reverse('credit-application', args=[application.pk])}")
    for order, reference in ((1, "BRI-GARAP-01"), (2, "BRI-TMA-01")):
        tranche = desktop.get_by_test_id(f"tranche-{order}")
        tranche.locator("summary").click()
        tranche.locator("input[name$=reference]").fill(reference)
        submit(desktop, f"[data-testid=record-paid-{order}]")
    application.refresh_from_db()
    assert all(t.is_paid for t in application.disbursements.all())
    assert application.status == ApplicationStatus.ACTIVE
    screenshot(desktop, "credit-flow-5-tranches-paid-desktop")
    log_out(desktop)

    # 6. The farmer opens the ledger from the menu on a cheap phone.
    log_in(phone, base, "petani")
    phone.click("summary")
    submit(phone, f"a[href='{reverse('credit-portal-ledger')}']")
    entries = phone.get_by_test_id("ledger-tranche")
    assert entries.count() == 2
    states = [entries.nth(i).get_attribute("data-state") for i in range(2)]
    assert states == ["paid", "withheld"]
    assert phone.get_by_test_id("withheld-explain").is_visible()
    assert phone.get_by_test_id("ledger-approved").inner_text() == "Rp 66.300.000"
    assert phone.locator("[data-testid=chain-step][data-state=done]").count() == 5
    assert "Rp" in phone.get_by_test_id("ledger-withheld").inner_text()
    # Nothing runs off a 360 px screen.
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, width
    screenshot(phone, "credit-flow-6-farmer-ledger-phone")
    assert (ARTIFACTS / "credit-flow-6-farmer-ledger-phone.png").exists()
