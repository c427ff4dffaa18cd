"""Issue 12 point 1 in a real browser, on the farmer's cheap phone: a KUR of Rp 60,000,000 whose
TMA tranche of Rp 26,150,000 was paid to the mill; the mill's crews cut and hauled 9,000 kw
(cutting Rp 49,500,000, haulage Rp 27,000,000). The farmer's DO shows the tranche paying
Rp 26,150,000 of the cutting and haulage and the DO charging only the Rp 50,350,000 above it; the
printed statement says the same; the credit ledger shows the tranche used by that DO, with the
same figures, and nothing left."""

import pytest
from django.urls import reverse

from harvest.services.delivery_orders import issue_do
from harvest.services.settlement import settle_do
from tests.credit.conftest import cw  # noqa: F401 (the credit world, as a fixture here)
from tests.credit.test_tma_paid_once import cut_by_the_mill, loan  # noqa: F401
from tests.e2e.conftest import ARTIFACTS, screenshot
from tests.e2e.test_do_flow import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_farmer_sees_the_tranche_pay_the_cutting_and_haulage_once(
    live_server,
    phone,
    cw,  # noqa: F811
    loan,  # noqa: F811
):
    do = settle_do(
        by=cw.manager, farmer=cw.farmer, season=cw.season, weighings=cut_by_the_mill(cw, 30)
    )
    do = issue_do(do=do, by=cw.manager)
    base = live_server.url

    # 1. The DO, from cane to rupiah: the cutting and haulage, then the tranche that paid them.
    log_in(phone, base, cw.farmer_login.username)
    phone.goto(f"{base}{reverse('my-do', args=[do.pk])}")
    cutting = phone.get_by_test_id("do-line-deduction_cutting")
    assert "Rp 49.500.000" in cutting.inner_text()
    assert "Rp 27.000.000" in phone.get_by_test_id("do-line-deduction_haulage").inner_text()
    paid = phone.get_by_test_id("do-line-deduction_tma_paid")
    assert paid.is_visible()
    assert "-Rp 26.150.000" in paid.inner_text()
    assert loan.number in paid.inner_text()
    assert "Rp 0" in phone.get_by_test_id("do-line-tma_left").inner_text()
    charged = phone.get_by_test_id("do-line-tma_charged")
    assert "Rp 50.350.000" in charged.inner_text() and "Rp 76.500.000" in charged.inner_text()
    # The loan's instalment once: interest, then the whole principal.
    credit = phone.get_by_test_id("do-line-deduction_credit")
    assert credit.count() == 2
    assert "Rp 60.000.000" in credit.nth(1).inner_text()
    paid.scroll_into_view_if_needed()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, width
    screenshot(phone, "tma-flow-1-do-tranche-paid-phone")

    # 2. The printed statement says the same.
    phone.goto(f"{base}{reverse('do-print', args=[do.pk])}")
    assert "-Rp 26.150.000" in phone.get_by_test_id("do-line-deduction_tma_paid").inner_text()
    assert "Rp 50.350.000" in phone.get_by_test_id("do-line-tma_charged").inner_text()

    # 3. The credit ledger: the tranche used by this DO, with the same figures, nothing left.
    phone.goto(f"{base}{reverse('credit-portal-ledger')}")
    tranches = phone.get_by_test_id("ledger-tranche")
    assert [tranches.nth(i).get_attribute("data-state") for i in range(2)] == ["paid", "used"]
    use = phone.get_by_test_id("ledger-tranche-use")
    assert use.count() == 1
    text = use.inner_text()
    assert do.number in text
    for figure in ("Rp 76.500.000", "Rp 26.150.000", "Rp 50.350.000"):
        assert figure in text, figure
    assert "Rp 0" in phone.get_by_test_id("ledger-tranche-left").inner_text()
    assert do.number in phone.get_by_test_id("ledger-repayments").inner_text()
    assert phone.get_by_test_id("ledger-loan-outstanding").inner_text() == "Rp 0"
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, width
    use.scroll_into_view_if_needed()
    screenshot(phone, "tma-flow-2-ledger-tranche-used-phone")
    assert (ARTIFACTS / "tma-flow-2-ledger-tranche-used-phone.png").exists()
