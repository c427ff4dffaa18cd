"""Compliance wired to credit: the late-tranche rule (issue 8 point 2), the credit disbursement
delay on the scorecard (point 5), the credit application link on an event and who sees it.

The credit world (tests/credit/conftest.py): the north farmer Buriyanto with a login, a south
farmer and a farmer of another mill; a north sinder, the credit officer and the manager."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import formats, timezone, translation
from rest_framework.test import APIClient

from compliance import services
from compliance.forms import EventForm
from compliance.models import ComplianceEvent, EventStatus, Party
from compliance.rules import run_rules
from compliance.scorecard.build import build_scorecard
from compliance.scorecard.credit import approval_to_payment_days, credit_disbursement_delay
from compliance.scorecard.metrics import ScorecardScope
from credit.models import ApplicationStatus, Disbursement, Payee, TranchePurpose
from credit.services.disbursements import record_tranche_paid
from notices.models import Notice
from tebu_site.formatting import format_rupiah
from tests.compliance.factories import event_type
from tests.credit.factories import CreditApplicationFactory, CreditProductFactory

pytestmark = pytest.mark.django_db

D = Decimal
RULE = "credit_tranche_late"


def today():
    return timezone.localdate()


def loan(cw, farmer=None, *, approved_days_ago=60, status=ApplicationStatus.DISBURSING):
    """An approved loan of ``farmer`` (Buriyanto by default) written straight to the database;
    ``approved_days_ago=None`` for an application never approved."""
    farmer = farmer or cw.farmer
    # The other mill's farmer borrows from a product of their own mill.
    product = cw.kur if farmer.mill == cw.mill else CreditProductFactory(season=cw.other_season)
    approved = approved_days_ago is not None
    return CreditApplicationFactory(
        farmer=farmer,
        product=product,
        status=status,
        requested_amount=D("50000000"),
        ceiling_amount=D("50000000"),
        approved_amount=D("50000000") if approved else None,
        approved_on=today() - timedelta(days=approved_days_ago) if approved else None,
    )


TRANCHE_AMOUNT = D("10000000")


def tranche(application, *, order=1, planned_on=None, paid_on=None, amount=TRANCHE_AMOUNT, **kw):
    values = {
        "purpose": TranchePurpose.CULTIVATION,
        "payee": Payee.FARMER,
        **kw,
    }
    return Disbursement.objects.create(
        application=application,
        order=order,
        planned_on=planned_on,
        planned_amount=amount,
        paid_on=paid_on,
        amount=amount if paid_on else None,
        **values,
    )


def rule_events():
    return ComplianceEvent.objects.filter(rule_key=RULE)


def in_product_language(day):
    with translation.override("id"):
        return formats.date_format(day, "j M Y")


# --- the rule -----------------------------------------------------------------------------------


def test_a_tranche_paid_20_days_after_its_planned_date_raises_exactly_one_event(cw):
    application = loan(cw)
    planned = today() - timedelta(days=40)
    late = tranche(
        application, planned_on=planned, paid_on=planned + timedelta(days=20), payee=Payee.FARMER
    )

    told = Notice.objects.filter(farmer=cw.farmer, event="compliance_event_raised").count()
    first = run_rules(keys=[RULE])
    second = run_rules(keys=[RULE])

    # Raised once: recording the tranche already raised it (the trigger), the runs find it.
    assert first.raised == [] and second.raised == []
    event = rule_events().get()
    assert event.subject_key == f"tranche:{late.pk}"
    assert event.party == Party.MILL and event.event_type.code == "credit_tranche_late"
    assert event.credit_application == application
    assert (event.farmer, event.region, event.season) == (cw.farmer, cw.north, cw.season)
    assert event.status == EventStatus.OPEN and event.raised_by is None
    assert event.occurred_on == planned + timedelta(days=15)  # first day past 14
    assert application.number in event.summary and "20" in event.summary
    for fact in (
        in_product_language(planned),
        in_product_language(late.paid_on),
        "20",
        format_rupiah(late.amount),
    ):
        assert fact in event.evidence
    with translation.override("id"):
        assert str(Payee.FARMER.label) in event.evidence
    # The farmer was told when it was raised (portal and SMS), and not again by the runs.
    assert told >= 1
    assert Notice.objects.filter(farmer=cw.farmer, event="compliance_event_raised").count() == told


def test_a_tranche_paid_10_days_late_or_exactly_at_the_threshold_raises_nothing(cw):
    application = loan(cw)
    planned = today() - timedelta(days=40)
    tranche(application, order=1, planned_on=planned, paid_on=planned + timedelta(days=10))
    tranche(application, order=2, planned_on=planned, paid_on=planned + timedelta(days=14))
    tranche(application, order=3, planned_on=today() - timedelta(days=14))  # unpaid, at 14
    tranche(application, order=4)  # no planned date: nothing to be late against

    assert run_rules(keys=[RULE]).raised == []
    assert not rule_events().exists()


def test_an_unpaid_tranche_15_days_past_planned_raises_and_stays_open_until_paid(cw):
    application = loan(cw)
    unpaid = tranche(application, planned_on=today() - timedelta(days=15))

    result = run_rules(keys=[RULE])
    assert len(result.raised) == 1
    event = rule_events().get()
    assert event.credit_application == application and event.farmer == cw.farmer
    assert "15" in event.summary
    assert in_product_language(unpaid.planned_on) in event.evidence
    assert format_rupiah(unpaid.planned_amount) in event.evidence

    # Still unpaid: later runs neither raise again nor close it.
    again = run_rules(keys=[RULE])
    assert again.raised == [] and again.closed == []
    event.refresh_from_db()
    assert event.status == EventStatus.OPEN

    record_tranche_paid(disbursement=unpaid, by=cw.credit, paid_on=today())

    event.refresh_from_db()
    assert event.status == EventStatus.CLOSED and event.closed_at is not None
    last = event.status_changes.last()
    assert (last.from_status, last.to_status, last.by_rule) == ("open", "closed", RULE)
    assert "15" in last.note  # paid 15 days after its planned date
    assert Notice.objects.filter(farmer=cw.farmer, event="compliance_event_auto_closed").exists()
    # Still one event; the runs leave it alone.
    after = run_rules(keys=[RULE])
    assert after.raised == [] and after.closed == []
    assert rule_events().count() == 1


def test_a_late_payment_raises_at_once_and_its_event_is_not_closed(cw):
    """Recorded through the credit service with no scheduled run before: the trigger raises it,
    and since the breach already happened the scheduled run never closes it."""
    application = loan(cw)
    pending = tranche(application, planned_on=today() - timedelta(days=20))

    record_tranche_paid(disbursement=pending, by=cw.credit, paid_on=today())

    event = rule_events().get()
    assert event.status == EventStatus.OPEN
    assert in_product_language(today()) in event.evidence  # the paid date, not "not paid yet"
    result = run_rules(keys=[RULE])
    assert result.raised == [] and result.closed == []
    event.refresh_from_db()
    assert event.status == EventStatus.OPEN


def test_the_threshold_is_the_mills_setting(cw):
    services.update_settings(mill=cw.mill, by=cw.manager, tranche_late_days=25)
    application = loan(cw)
    tranche(application, planned_on=today() - timedelta(days=20))
    assert run_rules(keys=[RULE]).raised == []

    services.update_settings(mill=cw.mill, by=cw.manager, tranche_late_days=19)
    assert len(run_rules(keys=[RULE]).raised) == 1


def test_a_switched_off_type_silences_the_rule(cw):
    kind = event_type(cw.mill, "credit_tranche_late")
    kind.is_active = False
    kind.save()
    tranche(loan(cw), planned_on=today() - timedelta(days=30))
    assert run_rules(keys=[RULE]).raised == []


# --- the scorecard metric -----------------------------------------------------------------------


@pytest.fixture
def paid_tranches(cw):
    """Tranches paid on known days after approval (no planned dates: the rule stays out).

    Counted (farmer or cooperative payee, this mill and season):
      north loan A: farmer 10 days, cooperative 40 days
      north loan B: farmer 25 days
      south loan C: farmer 70 days
    Left out: loan A's tranche to the mill (100 days), loan B's unpaid tranche, the other mill's
    tranche (5 days), and a tranche of an application never approved.
    """
    a = loan(cw, approved_days_ago=200)
    b = loan(cw, approved_days_ago=150)
    c = loan(cw, cw.south_farmer, approved_days_ago=120)
    other = loan(cw, cw.other_farmer, approved_days_ago=100)
    day = lambda app, n: app.approved_on + timedelta(days=n)  # noqa: E731
    tranche(a, order=1, paid_on=day(a, 10), payee=Payee.FARMER)
    tranche(a, order=2, paid_on=day(a, 40), payee=Payee.COOPERATIVE)
    tranche(a, order=3, paid_on=day(a, 100), payee=Payee.MILL)
    tranche(b, order=1, paid_on=day(b, 25), payee=Payee.FARMER)
    tranche(b, order=2, payee=Payee.FARMER)
    tranche(c, order=1, paid_on=day(c, 70), payee=Payee.FARMER)
    tranche(other, order=1, paid_on=day(other, 5), payee=Payee.FARMER)
    never = loan(cw, status=ApplicationStatus.SUBMITTED, approved_days_ago=None)
    tranche(never, order=1, paid_on=today() - timedelta(days=1), payee=Payee.FARMER)


def test_the_disbursement_delay_is_the_median_of_the_listed_days(cw, paid_tranches):
    days = approval_to_payment_days(cw.manager, mill=cw.mill, season=cw.season)
    assert sorted(days) == [10, 25, 40, 70]

    value = credit_disbursement_delay(ScorecardScope(cw.manager, cw.mill, cw.season))
    # By hand: sorted 10, 25, 40, 70; n = 4, h = (4 − 1) × 0.5 = 1.5,
    # median = 25 + 0.5 × (40 − 25) = 32.5
    assert value.value == D("32.5")
    assert value.count == 4
    with translation.override("en"):
        assert str(value.unit) == "days"

    # North only: 10, 25, 40 -> h = 1 -> 25.
    north = credit_disbursement_delay(ScorecardScope(cw.manager, cw.mill, cw.season, cw.north))
    assert (north.value, north.count) == (D("25"), 3)


def test_the_scorecard_shows_the_credit_figure(cw, paid_tranches):
    card = build_scorecard(cw.manager, mill=cw.mill, season=cw.season)
    plugged = {p.slot.key: p for p in card.plugged}["credit_disbursement_delay"]
    assert plugged.available and plugged.value.value == D("32.5")


def test_the_figure_reads_only_what_the_user_may_see(cw, paid_tranches):
    # The north sinder sees the north farmers' loans only: 10, 25, 40.
    assert sorted(approval_to_payment_days(cw.sinder, mill=cw.mill, season=cw.season)) == [
        10,
        25,
        40,
    ]
    # Another mill's manager sees none of this mill's loans.
    assert approval_to_payment_days(cw.other_manager, mill=cw.mill, season=cw.season) == []
    assert credit_disbursement_delay(ScorecardScope(cw.other_manager, cw.mill, cw.season)) is None


# --- the link, and who sees it ------------------------------------------------------------------


@pytest.fixture
def two_late_loans(cw):
    """A late-tranche event about Buriyanto's loan and one about the south farmer's."""
    mine = loan(cw)
    theirs = loan(cw, cw.south_farmer)
    tranche(mine, planned_on=today() - timedelta(days=30))
    tranche(theirs, planned_on=today() - timedelta(days=30))
    run_rules(keys=[RULE], mill=cw.mill)
    return {
        "mine": rule_events().get(credit_application=mine),
        "theirs": rule_events().get(credit_application=theirs),
    }


def test_farmer_sees_the_event_about_their_own_loan_and_not_anothers_on_the_portal(
    cw, two_late_loans, client
):
    mine, theirs = two_late_loans["mine"], two_late_loans["theirs"]
    client.force_login(cw.farmer_login)

    listing = client.get(reverse("compliance:my-events")).content.decode()
    assert mine.summary in listing and theirs.summary not in listing

    page = client.get(reverse("compliance:my-event", args=[mine.pk]))
    assert page.status_code == 200
    assert mine.credit_application.number in page.content.decode()
    assert client.get(reverse("compliance:my-event", args=[theirs.pk])).status_code == 404


def test_farmer_sees_the_event_about_their_own_loan_and_not_anothers_through_the_api(
    cw, two_late_loans
):
    mine, theirs = two_late_loans["mine"], two_late_loans["theirs"]
    api = APIClient()
    api.force_authenticate(cw.farmer_login)

    listed = api.get("/api/compliance/events/")
    assert listed.status_code == 200
    rows = {row["id"]: row for row in listed.json()["results"]}
    assert mine.pk in rows and theirs.pk not in rows
    assert rows[mine.pk]["credit_application"] == mine.credit_application_id

    detail = api.get(f"/api/compliance/events/{mine.pk}/")
    assert detail.status_code == 200
    assert detail.json()["credit_application_number"] == mine.credit_application.number
    assert api.get(f"/api/compliance/events/{theirs.pk}/").status_code == 404


def test_the_api_lists_the_events_of_one_loan(cw, two_late_loans):
    mine, theirs = two_late_loans["mine"], two_late_loans["theirs"]
    api = APIClient()
    api.force_authenticate(cw.manager)

    listed = api.get(
        "/api/compliance/events/", {"credit_application": mine.credit_application_id}
    ).json()["results"]

    assert [row["id"] for row in listed] == [mine.pk]
    assert theirs.credit_application_id != mine.credit_application_id


def test_staff_see_the_link_on_the_event_page(cw, two_late_loans, client):
    mine = two_late_loans["mine"]
    client.force_login(cw.manager)
    page = client.get(reverse("compliance:event-detail", args=[mine.pk])).content.decode()
    assert reverse("credit-application", args=[mine.credit_application_id]) in page


def test_the_event_form_offers_only_the_applications_the_user_may_see(cw, client):
    mine = loan(cw)
    south = loan(cw, cw.south_farmer)
    other_mill = loan(cw, cw.other_farmer)

    offered = set(EventForm(user=cw.sinder).fields["credit_application"].queryset)
    assert offered == {mine}  # the north sinder: north farmers only
    offered = set(EventForm(user=cw.manager).fields["credit_application"].queryset)
    assert offered == {mine, south}  # the manager: the mill, not the other mill
    from_farmer_page = EventForm(user=cw.manager, farmer=cw.south_farmer)
    assert set(from_farmer_page.fields["credit_application"].queryset) == {south}

    client.force_login(cw.sinder)
    page = client.get(reverse("compliance:event-create")).content.decode()
    assert mine.number in page
    assert south.number not in page and other_mill.number not in page

    # Posting another region's application is refused by the form; one of theirs is recorded.
    form = {
        "event_type": event_type(cw.mill, "credit_misuse").pk,
        "season": cw.season.pk,
        "summary": "Pupuk kredit dijual ke pedagang",
        "credit_application": south.pk,
    }
    refused = client.post(reverse("compliance:event-create"), form)
    assert refused.status_code == 200 and not ComplianceEvent.objects.exists()
    recorded = client.post(
        reverse("compliance:event-create"), {**form, "credit_application": mine.pk}
    )
    assert recorded.status_code == 302
    event = ComplianceEvent.objects.get()
    # The farmer follows from the application.
    assert (event.credit_application, event.farmer) == (mine, cw.farmer)


def test_an_event_cannot_tie_an_application_to_another_farmer(cw):
    with pytest.raises(ValidationError) as error:
        services.create_event(
            by=cw.manager,
            mill=cw.mill,
            event_type=event_type(cw.mill, "credit_misuse"),
            season=cw.season,
            summary="x",
            farmer=cw.farmer,
            credit_application=loan(cw, cw.south_farmer),
        )
    assert "farmer" in error.value.message_dict
