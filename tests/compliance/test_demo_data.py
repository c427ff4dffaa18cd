"""The compliance demo fills the lists and the scorecard and is safe to run twice."""

import pytest
from django.core.management import call_command

from compliance.models import ComplianceEvent
from partners.demo import load_demo
from partners.demo_harvest import load_demo_harvest

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
