"""An application taken through the workflow by the services, the way staff do it."""

from __future__ import annotations

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from credit.services import applications, documents, workflow
from credit.services.applications import PlotLine
from tests.approvals import walk_application_chain
from tests.factories import PDF_BYTES


def kur_application(cw, requested=Decimal("60000000"), by=None, **kwargs):
    return applications.create_application(
        by=by or cw.sinder,
        farmer=cw.farmer,
        product=kwargs.pop("product", cw.kur),
        plots=kwargs.pop("plots", [PlotLine(cw.ratoon_plot), PlotLine(cw.plant_plot)]),
        requested_amount=requested,
        declares_no_bank_loan=kwargs.pop("declares_no_bank_loan", True),
        **kwargs,
    )


def pdf(name="scan.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def to_verified(cw, application, walk=True):
    """Verified, and (``walk``) every step of the product's chain taken but the decision, which
    a credit officer (cw.credit) takes with the amount."""
    workflow.submit_application(application=application, by=cw.sinder)
    for document in application.documents.all():
        documents.upload_application_document(document=document, by=cw.sinder, file=pdf())
        documents.verify_application_document(document=document, by=cw.credit)
    workflow.mark_documents_complete(application=application, by=cw.credit)
    workflow.verify_application(application=application, by=cw.credit, note="BRI verified")
    if walk:
        walk_application_chain(application)
    application.refresh_from_db()
    return application


def paid_kur(cw):
    """A KUR of Rp 60,000,000 approved 100 days ago: the garap tranche paid to the farmer 90 days
    ago, the TMA tranche paid to the mill 30 days ago (a DO then deducts the instalment, and a
    mill-crew DO is paid from the TMA tranche first)."""
    from datetime import timedelta

    from django.utils import timezone

    from credit.models import Payee
    from credit.services import disbursements

    application = to_verified(cw, kur_application(cw, requested=Decimal("60000000")))
    workflow.approve_application(
        application=application,
        by=cw.credit,
        amount=Decimal("60000000"),
        approved_on=timezone.localdate() - timedelta(days=100),
    )
    garap = application.disbursements.filter(payee=Payee.FARMER).order_by("order").first()
    tma = application.disbursements.get(payee=Payee.MILL)
    for tranche, days, amount in (
        (garap, 90, Decimal("33850000")),
        (tma, 30, Decimal("26150000")),
    ):
        disbursements.record_tranche_paid(
            disbursement=tranche,
            by=cw.credit,
            paid_on=timezone.localdate() - timedelta(days=days),
            amount=amount,
        )
    return application
