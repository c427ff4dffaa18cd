"""The sample pages: staff see only their mill's samples; the farmer sees his own sample's chain on
his DO page and disputes a step, which opens a rendemen complaint with the QC desk; another
farmer can neither see nor dispute it; bad input is a clear error, never a 500."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from complaints.models import Category, Complaint, Duty
from harvest.services.delivery_orders import issue_do
from samples.models import SampleDispute
from tebu_site.models import Role
from tests.factories import UserFactory, farmer_user
from tests.harvest.helpers import html, settled
from tests.samples.helpers import labelled, load, through_the_lab

pytestmark = pytest.mark.django_db


@pytest.fixture
def analysed(hw, limits):
    return through_the_lab(hw, labelled(hw))


@pytest.fixture
def issued(hw, analysed):
    return issue_do(do=settled(hw, list(analysed.loads.all())), by=hw.manager)


def test_the_farmer_sees_his_samples_chain_on_his_do(hw, analysed, issued, client):
    client.force_login(farmer_user(hw.farmer))
    page = html(client.get(reverse("my-do", args=[issued.pk])))

    section = page.split('data-testid="do-samples"')[1]
    assert analysed.code in section
    assert section.count('data-testid="sample-step"') == 4
    assert "The lab received the sample." in section and "Dispute this step" in section


def test_the_staff_do_page_shows_the_chain_without_the_dispute_form(hw, analysed, issued, client):
    client.force_login(hw.manager)
    page = html(client.get(reverse("do-detail", args=[issued.pk])))
    assert analysed.code in page and "Dispute this step" not in page


def test_a_dispute_opens_a_rendemen_complaint_with_the_qc_desk(hw, analysed, issued, client):
    client.force_login(farmer_user(hw.farmer))
    step = analysed.handovers.get(step="received_at_lab")
    response = client.post(
        reverse("samples:dispute", args=[step.pk]),
        {"text": "The seal was already open", "delivery_order": issued.pk, "next": "/me/dos/"},
    )

    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.category == Category.RENDEMEN and complaint.duty == Duty.QC
    assert complaint.handler == hw.qc and complaint.delivery_order == issued
    assert analysed.code in complaint.text and "The seal was already open" in complaint.text
    assert SampleDispute.objects.get().complaint_id == complaint.pk
    # QC's complaint page links back to the sample's chain.
    client.force_login(hw.qc)
    page = html(client.get(reverse("complaints:complaint-detail", args=[complaint.pk])))
    link = page.split('data-testid="complaint-sample"')[0].rsplit("<a ", 1)[1]
    assert reverse("samples:detail", args=[analysed.pk]) in link


def test_another_farmer_can_neither_see_nor_dispute_the_sample(hw, analysed, issued, client):
    client.force_login(farmer_user(hw.south_farmer))
    assert client.get(reverse("my-do", args=[issued.pk])).status_code == 404
    step = analysed.handovers.first()
    response = client.post(reverse("samples:dispute", args=[step.pk]), {"text": "mine?"})
    assert response.status_code == 404
    assert not Complaint.objects.exists()


def test_staff_of_another_mill_cannot_see_or_scan_the_sample(hw, analysed, client):
    other_qc = UserFactory(role=Role.QC, mills=[hw.other_mill])
    client.force_login(other_qc)
    assert client.get(reverse("samples:detail", args=[analysed.pk])).status_code == 404
    response = client.post(
        reverse("samples:scan"), {"code": analysed.code, "step": "rejected", "note": "x"}
    )
    assert response.status_code == 200 and "No sample with the code" in html(response)
    assert analysed.handovers.count() == 4


def test_the_clerk_labels_and_hands_over_by_scan(hw, limits, client):
    weighing = load(hw)
    client.force_login(hw.clerk)
    response = client.post(
        reverse("samples:label"),
        {"sptas": weighing.spta.qr_payload, "kind": "weighbridge", "place": "Bridge 1"},
    )
    assert response.status_code == 302
    sample = weighing.samples.get()
    detail = html(client.get(response.url))
    assert sample.code in detail and 'data-testid="sample-qr"' in detail

    response = client.post(
        reverse("samples:scan"), {"code": sample.qr_payload, "step": "sealed", "place": "Bridge"}
    )
    assert response.status_code == 302
    # Out of order: a clear error beside the form, not a 500.
    response = client.post(reverse("samples:scan"), {"code": sample.code, "step": "sealed"})
    assert response.status_code == 200 and "Out of order" in html(response)


def test_bad_input_on_the_lab_page_is_a_clear_error(hw, limits, client):
    client.force_login(hw.qc)
    response = client.post(reverse("samples:lab"), {"code": "nonsense", "brix_reading": "abc"})
    assert response.status_code == 200
    assert 'class="field-error"' in html(response) or "form-error" in html(response)


def test_the_do_page_queries_do_not_grow_with_its_samples(hw, limits, client, settings):
    settings.FARMER_PAGE_CACHE_SECONDS = 0  # what drawing the page reads, not a kept page
    client.force_login(farmer_user(hw.farmer))
    counts = []
    for size in (1, 3):
        samples = [through_the_lab(hw, labelled(hw)) for _ in range(size)]
        loads = [w for s in samples for w in s.loads.all()]
        order = issue_do(do=settled(hw, loads), by=hw.manager)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("my-do", args=[order.pk]))
        assert html(response).count('data-testid="do-sample"') == size
        counts.append(len(captured))
    assert counts[0] == counts[1]
