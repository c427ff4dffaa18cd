"""The application page's actions through the pages: upload, reject with a reason, verify, the
workflow buttons that apply to the user, approval above the ceiling refused beside the amount,
tranches recorded as paid, the history of who changed what."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from credit.models import ApplicationStatus, DocumentStatus
from credit.services import workflow
from credit.services.applications import update_application
from tests.credit.helpers import kur_application, to_verified
from tests.factories import PDF_BYTES

pytestmark = pytest.mark.django_db

D = Decimal


def detail(client, application):
    return client.get(reverse("credit-application", args=[application.pk]))


def test_upload_reject_with_reason_and_verify_a_document(client, cw):
    application = kur_application(cw)
    document = application.documents.first()
    client.force_login(cw.sinder)
    upload = SimpleUploadedFile("ktp.pdf", PDF_BYTES, content_type="application/pdf")
    response = client.post(
        reverse("credit-document-upload", args=[document.pk]), {f"doc-{document.pk}-file": upload}
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == DocumentStatus.UPLOADED
    # A text file is refused beside the file field.
    bad = SimpleUploadedFile("ktp.txt", b"hello", content_type="text/plain")
    response = client.post(
        reverse("credit-document-upload", args=[document.pk]), {f"doc-{document.pk}-file": bad}
    )
    assert response.status_code == 400
    assert "PDF" in response.content.decode()

    client.force_login(cw.credit)
    response = client.post(reverse("credit-document-reject", args=[document.pk]), {})
    assert response.status_code == 400  # the reason is required
    client.post(
        reverse("credit-document-reject", args=[document.pk]),
        {f"reject-{document.pk}-reason": "Foto KTP buram"},
    )
    document.refresh_from_db()
    assert document.status == DocumentStatus.REJECTED
    assert "Foto KTP buram" in detail(client, application).content.decode()
    # The farmer reads the reason in the ledger.
    client.force_login(cw.farmer_login)
    assert "Foto KTP buram" in client.get(reverse("credit-portal-ledger")).content.decode()


def test_the_buttons_shown_are_the_moves_the_user_may_make_now(client, cw):
    application = to_verified(cw, kur_application(cw))
    client.force_login(cw.sinder)
    page = detail(client, application).content.decode()
    assert 'data-testid="chain-approve"' not in page
    client.force_login(cw.credit)
    page = detail(client, application).content.decode()
    assert 'data-testid="chain-approve"' in page and 'data-testid="move-rejected"' in page
    assert 'data-testid="move-submitted"' not in page


def test_approving_more_than_the_ceiling_is_refused_beside_the_amount(client, cw):
    application = to_verified(cw, kur_application(cw))
    client.force_login(cw.credit)
    response = client.post(
        reverse("credit-application-approve", args=[application.pk]),
        {
            "chain-amount": "70000000",
            "chain-approved_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 400
    form = response.context["take_form"]
    assert "Rp 66.300.000" in " ".join(form.errors["amount"])
    application.refresh_from_db()
    assert application.status == ApplicationStatus.VERIFIED


def test_reject_needs_a_reason_and_records_it(client, cw):
    application = kur_application(cw)
    client.force_login(cw.credit)
    url = reverse("credit-application-move", args=[application.pk, "rejected"])
    assert client.post(url, {"move-rejected-reason": ""}).status_code == 400
    client.post(url, {"move-rejected-reason": "Masih ada pinjaman bank"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    assert application.rejection_reason == "Masih ada pinjaman bank"


def test_recording_both_tranches_paid_makes_the_loan_active(client, cw):
    application = to_verified(cw, kur_application(cw))
    workflow.approve_application(application=application, by=cw.credit, amount=D("60000000"))
    client.force_login(cw.credit)
    today = timezone.localdate().isoformat()
    for tranche in application.disbursements.order_by("order"):
        response = client.post(
            reverse("credit-tranche-paid", args=[tranche.pk]),
            {f"paid-{tranche.pk}-paid_on": today, f"paid-{tranche.pk}-reference": "TRF"},
        )
        assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACTIVE
    page = detail(client, application).content.decode()
    assert page.count('class="cr-withheld"') == 1 and page.count('class="cr-paid"') == 1
    # Paying a tranche twice is refused.
    tranche = application.disbursements.first()
    response = client.post(
        reverse("credit-tranche-paid", args=[tranche.pk]), {f"paid-{tranche.pk}-paid_on": today}
    )
    assert response.status_code == 400


def test_the_history_shows_who_changed_the_amount(client, cw):
    application = kur_application(cw, requested=D("60000000"))
    update_application(application=application, by=cw.credit, requested_amount=D("62000000"))
    client.force_login(cw.manager)
    response = detail(client, application)
    entries = response.context["timeline"]
    changed = [e for e in entries if e.kind == "changed"]
    assert any(
        c.old == "60.000.000,00" and c.new == "62.000.000,00" for e in changed for c in e.changes
    ), [(c.label, c.old, c.new) for e in changed for c in e.changes]
    assert 'data-testid="timeline"' in response.content.decode()


def test_interview_and_plot_visit_are_recorded_from_the_page(client, cw):
    application = kur_application(cw)
    client.force_login(cw.sinder)
    today = timezone.localdate().isoformat()
    response = client.post(reverse("credit-interview", args=[application.pk]), {"skipped": "on"})
    assert response.status_code == 400  # skipping needs the reason
    client.post(
        reverse("credit-interview", args=[application.pk]),
        {"skipped": "on", "notes": "Petani terpercaya"},
    )
    client.post(
        reverse("credit-plot-visit", args=[application.pk]),
        {"visited_on": today, "report": "Tanaman keprasan baik"},
    )
    application.refresh_from_db()
    assert application.interview_skipped and application.plot_visit_report
