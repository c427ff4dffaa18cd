"""A rendemen corrected after the DO was issued: the DO follows through an audited adjustment, and
the farmer's DO page shows the correction with who made it, when and why."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import formats, timezone

from harvest.models import AdjustmentKind, RendemenAnalysis
from harvest.selectors import rendemen_versions
from harvest.services.delivery_orders import issue_do
from harvest.services.rendemen import correct_rendemen
from tests.factories import farmer_user
from tests.harvest.helpers import deliver, settled

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def issued(hw):
    load = deliver(hw, net_kg=D("50000"), rendemen=D("6.20"))
    return issue_do(do=settled(hw, [load]), by=hw.manager)


def test_correction_after_issue_adjusts_the_do_with_who_when_and_why(hw, issued, client):
    hw.qc.first_name, hw.qc.last_name = "Dewi", "Lestari"
    hw.qc.save()
    analysis = RendemenAnalysis.objects.get()
    payable_before = issued.payable

    correct_rendemen(
        analysis=analysis,
        by=hw.qc,
        reason="Sample re-read: the first reading was of another truck",
        rendemen_percent=D("6.80"),
        direct_reason="Re-read from the lab book",
    )

    issued.refresh_from_db()
    assert issued.rendemen_percent == D("6.8")
    assert issued.payable > payable_before
    adjustment = issued.adjustments.get()
    assert adjustment.kind == AdjustmentKind.RENDEMEN_CORRECTION
    assert adjustment.by == hw.qc
    assert "another truck" in adjustment.reason
    assert (adjustment.before["rendemen_percent"], adjustment.after["rendemen_percent"]) == (
        "6.2",
        "6.8",
    )
    analysis.refresh_from_db()
    recorded, corrected = rendemen_versions(analysis)
    assert (recorded.values.rendemen_percent, recorded.created) == (D("6.20"), True)
    assert (corrected.values.rendemen_percent, corrected.by) == (D("6.80"), hw.qc)
    assert "another truck" in corrected.reason

    client.force_login(farmer_user(hw.farmer))
    page = client.get(reverse("my-do", args=[issued.pk])).content.decode()

    when = formats.date_format(timezone.localtime(adjustment.at), "j M Y")
    assert 'data-testid="rendemen-correction"' in page
    assert "Dewi Lestari" in page
    assert when in page
    assert "another truck" in page
    assert "6,20" in page and "6,80" in page
    assert 'data-testid="do-adjustment"' in page


def test_correction_before_issue_resettles_the_draft_without_an_adjustment(hw):
    load = deliver(hw, net_kg=D("50000"), rendemen=D("6.20"))
    draft = settled(hw, [load])

    correct_rendemen(
        analysis=RendemenAnalysis.objects.get(),
        by=hw.qc,
        reason="Typo",
        rendemen_percent=D("6.30"),
        direct_reason="Lab book",
    )

    draft.refresh_from_db()
    assert draft.rendemen_percent == D("6.3")
    assert not draft.adjustments.exists()


def test_correction_needs_a_reason_and_a_change(hw, issued):
    analysis = RendemenAnalysis.objects.get()
    with pytest.raises(ValidationError) as caught:
        correct_rendemen(
            analysis=analysis, by=hw.qc, reason="", rendemen_percent=D("7"), direct_reason="x"
        )
    assert "reason" in caught.value.message_dict
    with pytest.raises(ValidationError, match="Tidak ada perubahan"):
        correct_rendemen(
            analysis=analysis,
            by=hw.qc,
            reason="again",
            rendemen_percent=D("6.20"),
            direct_reason=analysis.direct_reason,
        )
