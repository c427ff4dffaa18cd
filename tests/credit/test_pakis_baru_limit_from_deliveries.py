"""PG Pakis Baru's credit limit read from the harvest records (credit.selectors_limits) and applied
to applications: a first loan only after a harvest delivered without credit, sized by its
quality; a later loan by the delivery record. Figures worked by hand in tests/credit/pakis_baru.py
and below."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from compliance.models import EventStatus
from credit import calculations_limits as rules
from credit.models import ApplicationStatus, Disbursement, Repayment, RepaymentAllocation
from credit.selectors import ceiling_for
from tests.compliance.factories import ComplianceEventFactory, event_type
from tests.credit.factories import CreditApplicationFactory
from tests.credit.helpers import kur_application
from tests.credit.pakis_baru import earlier_season, first_harvest, pakis_baru_product, past_harvest

D = Decimal
BOTH_PLOTS = [("rc", D("2")), ("pc", D("1"))]


def ceiling(cw, product):
    return ceiling_for(farmer=cw.farmer, product=product, plot_lines=BOTH_PLOTS)


def test_no_first_loan_without_a_harvest_delivered_without_credit(cw, english):
    product = pakis_baru_product(cw)
    result = ceiling(cw, product)
    assert result.decision.refusal == rules.NO_UNCREDITED_HARVEST
    assert (result.amount, result.limited_by) == (0, "limit")
    with pytest.raises(ValidationError) as caught:
        kur_application(cw, product=product, requested=D("1000000"))
    text = " ".join(caught.value.message_dict["requested_amount"])
    assert "without credit" in text


def test_first_loan_sized_by_the_quality_of_the_first_harvest(cw):
    product = pakis_baru_product(cw)
    first_harvest(cw, earlier_season(cw))
    result = ceiling(cw, product)
    decision = result.decision
    # 6.8 % < 7 % and 9.09 % rejected > 5 %: not the Rp 12,000,000 band; the Rp 8,000,000 band
    # is met. Plant cane (1 ha) and 1 of the 2 ratoon ha are financed: 2 × 8,000,000.
    assert decision.basis == rules.FIRST_HARVEST
    assert decision.per_ha == D("8000000")
    assert decision.amount == D("16000000")
    values = {f.code: f.value for f in decision.factors}
    assert values["rendemen"] == D("6.8")
    assert values["yield"] == D("864")
    assert values["rejected"].quantize(D("0.01")) == D("9.09")
    assert values["trash"] == D("4")
    assert (result.amount, result.limited_by) == (D("16000000"), "limit")
    with pytest.raises(ValidationError) as caught:
        kur_application(cw, product=product, requested=D("16000001"))
    text = " ".join(caught.value.message_dict["requested_amount"])
    assert "Rp 16.000.000" in text and "2017/2018" in text
    application = kur_application(cw, product=product, requested=D("16000000"))
    assert application.ceiling_amount == D("16000000")


def test_a_poor_first_harvest_is_refused_naming_what_fell_short(cw):
    product = pakis_baru_product(cw)
    # 10 loads of 12,000 kg: 1,200 kw from 2 ha = 600 kw/ha, below the 700 of the lowest band;
    # and 8 % trash, above the 5 % it allows.
    past_harvest(
        cw,
        earlier_season(cw),
        loads=10,
        net_kg=D("12000"),
        trash=D("8"),
        dos=[(D("1200"), D("7"), 10)],
    )
    decision = ceiling(cw, product).decision
    assert decision.refusal == rules.NO_BAND
    assert [f.code for f in decision.factors if not f.passed] == ["yield", "trash"]


PRINCIPAL = D("16000000")


def _repaid_loan(cw, season, principal=PRINCIPAL, status=ApplicationStatus.REPAID):
    loan = CreditApplicationFactory(
        farmer=cw.farmer,
        product=pakis_baru_product(cw, season=season, name="Kredit BRI avalis PG 2017/2018"),
        season=season,
        status=status,
        approved_amount=principal,
        created_by=cw.sinder,
    )
    Disbursement.objects.create(
        application=loan,
        order=1,
        purpose="cultivation",
        payee="farmer",
        planned_amount=principal,
        paid_on=season.milling_start or "2017-06-01",
        amount=principal,
    )
    if status == ApplicationStatus.REPAID:
        repayment = Repayment.objects.create(
            farmer=cw.farmer,
            season=season,
            paid_on="2018-09-01",
            amount=principal,
            source="manual",
            recorded_by=cw.credit,
        )
        RepaymentAllocation.objects.create(
            repayment=repayment, application=loan, principal=principal
        )
    return loan


@pytest.fixture
def later(cw):
    """Buriyanto borrowed in 2017/2018 and repaid; 3 ha contracted × 720 kw/ha = 2,160 kw
    expected, 9 loads of 19,200 kg = 1,728 kw delivered (0.8); 9 of 10 SPTAs used (0.9)."""
    cw.farmer.partner_since = 2015  # 2018 − 2015 = 3 years of membership
    cw.farmer.save()
    season = earlier_season(cw)
    _repaid_loan(cw, season)
    past_harvest(
        cw,
        season,
        loads=9,
        net_kg=D("19200"),
        expired=1,
        dos=[(D("1728"), D("7"), 9)],
        contract=True,
    )
    return season


def test_later_loan_sized_by_the_delivery_record(cw, later):
    product = pakis_baru_product(cw)
    decision = ceiling(cw, product).decision
    # 0.4 × 0.8 + 0.2 × 0.9 + 0.2 × 1 (no side-selling) + 0.2 × 1 (repaid) = 0.90;
    # Rp 14,000,000 × 0.9 × 2 ha = Rp 25,200,000 + 3 × Rp 500,000 = Rp 26,700,000.
    assert decision.basis == rules.PERFORMANCE
    assert decision.seasons == ("2017/2018",)
    assert decision.score == D("0.9")
    assert decision.amount == D("26700000")
    assert ceiling(cw, product).amount == D("26700000")


def test_confirmed_side_selling_lowers_the_score_and_an_open_suspicion_does_not(cw, later):
    product = pakis_baru_product(cw)
    side_selling = event_type(cw.mill, "side_selling")
    ComplianceEventFactory(
        farmer=cw.farmer, season=later, event_type=side_selling, status=EventStatus.OPEN
    )
    assert ceiling(cw, product).decision.score == D("0.9")
    ComplianceEventFactory(
        farmer=cw.farmer, season=later, event_type=side_selling, status=EventStatus.CONFIRMED
    )
    decision = ceiling(cw, product).decision
    # 0.32 + 0.18 + 0 + 0.2 = 0.70: Rp 14,000,000 × 0.7 × 2 + Rp 1,500,000 = Rp 21,100,000.
    assert decision.score == D("0.7")
    assert decision.amount == D("21100000")


def test_a_loan_in_default_and_side_selling_bring_the_record_below_the_minimum(cw):
    product = pakis_baru_product(cw)
    season = earlier_season(cw)
    _repaid_loan(cw, season, status=ApplicationStatus.IN_DEFAULT)
    past_harvest(
        cw,
        season,
        loads=9,
        net_kg=D("19200"),
        expired=1,
        dos=[(D("1728"), D("7"), 9)],
        contract=True,
    )
    ComplianceEventFactory(
        farmer=cw.farmer,
        season=season,
        event_type=event_type(cw.mill, "side_selling"),
        status=EventStatus.SANCTIONED,
        sanction_type="warning",
    )
    result = ceiling(cw, product)
    # 0.32 + 0.18 + 0 + 0 = 0.50 < 0.60: refused.
    assert result.decision.score == D("0.5")
    assert result.decision.refusal == rules.LOW_SCORE
    assert result.amount == 0


def test_the_seasons_rule_is_kept_for_products_that_use_it(cw):
    # A product on the count rule: Rp 20,000,000 + 0 seasons delivered; the harvest-record
    # decision is not consulted.
    cw.kur.limit_base = D("20000000")
    cw.kur.limit_step_per_delivered_season = D("1000000")
    cw.kur.save()
    result = ceiling(cw, cw.kur)
    assert (result.amount, result.limited_by, result.decision) == (D("20000000"), "limit", None)
