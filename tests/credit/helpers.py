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
