"""The compliance demo fills the lists and the scorecard and is safe to run twice."""

import pytest
from django.core.management import call_command

from compliance.models import ComplianceEvent, EventStatus
from credit.demo import load_demo_credit
from credit.models import ProductKind
from harvest.demo import load_demo_harvest
from partners.demo import load_demo

pytestmark = pytest.mark.django_db


def test_demo_compliance_is_idempotent(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    load_demo_harvest()
    call_command("load_demo_compliance")
    count = ComplianceEvent.objects.count()
    assert ComplianceEvent.objects.filter(rule_key="do_unpaid").exists()
    assert ComplianceEvent.objects.filter(rule_key="", party="cutting_crew").exists()
    assert ComplianceEvent.objects.filter(farmer__user__username="petani").exists()

    call_command("load_demo_compliance")
    assert ComplianceEvent.objects.count() == count


def test_demo_shows_the_pkbl_approved_75_days_ago_as_a_late_tranche(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    load_demo_harvest()
    load_demo_credit()
    call_command("load_demo_compliance")

    late = ComplianceEvent.objects.filter(rule_key="credit_tranche_late")
    # Its two first-stage tranches (garap and fertiliser), planned 30 days after the approval.
    assert late.count() == 2
    for event in late:
        assert event.credit_application.product.kind == ProductKind.PKBL
        assert event.status == EventStatus.OPEN and event.party == "mill"
        assert event.farmer == event.credit_application.farmer
    call_command("load_demo_compliance")
    assert late.count() == 2
