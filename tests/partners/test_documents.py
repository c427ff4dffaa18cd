"""Documents per farmer or plot: type and size checked on upload, verified by whom and when."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from partners.models import DocumentType
from partners.services.documents import upload_document, verify_document
from tests.factories import PDF_BYTES, PlotFactory

pytestmark = pytest.mark.django_db

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def upload(world, name="ktp.pdf", content=PDF_BYTES, **kwargs):
    return upload_document(
        by=world.sinder,
        farmer=world.farmer,
        doc_type=kwargs.pop("doc_type", DocumentType.KTP),
        file=SimpleUploadedFile(name, content),
        **kwargs,
    )


def test_pdf_upload_is_stored_under_a_random_name(world, settings):
    document = upload(world, name="KTP Buriyanto 3509.pdf")
    assert document.original_name == "KTP Buriyanto 3509.pdf"
    assert "Buriyanto" not in document.file.name and document.file.name.endswith(".pdf")
    assert document.content_type == "application/pdf"
    assert document.size_bytes == len(PDF_BYTES)
    assert document.uploaded_by == world.sinder
    assert not document.is_verified


def test_png_of_a_plot_certificate_is_attached_to_the_plot(world):
    plot = PlotFactory(farmer=world.farmer)
    document = upload(
        world,
        name="sertifikat.png",
        content=PNG_BYTES,
        plot=plot,
        doc_type=DocumentType.LAND_CERTIFICATE,
    )
    assert document.plot == plot


@pytest.mark.parametrize(
    "name, content",
    [
        ("ktp.exe", PDF_BYTES),
        ("ktp.docx", b"PK\x03\x04"),
        ("ktp.pdf", b"MZ\x90\x00 not a pdf"),
        ("photo.jpg", PDF_BYTES),
        ("empty.pdf", b""),
    ],
)
def test_wrong_file_types_are_refused(world, name, content):
    with pytest.raises(ValidationError) as error:
        upload(world, name=name, content=content)
    assert "file" in error.value.message_dict


def test_files_over_the_size_limit_are_refused(world, settings):
    settings.TEBU_DOCUMENT_MAX_MB = 1
    big = PDF_BYTES + b"0" * (1024 * 1024)
    with pytest.raises(ValidationError, match="1 MB"):
        upload(world, content=big)


def test_plot_of_another_farmer_is_refused(world):
    with pytest.raises(ValidationError):
        upload(world, plot=PlotFactory(farmer=world.south_farmer))


def test_verification_records_who_and_when(world):
    document = upload(world)
    verify_document(document=document, by=world.manager)
    document.refresh_from_db()
    assert document.verified_by == world.manager and document.verified_at is not None


def test_upload_page_shows_the_error_beside_the_file(world, client):
    client.force_login(world.sinder)
    response = client.post(
        f"/farmers/{world.farmer.pk}/documents/new/",
        {"doc_type": "ktp", "file": SimpleUploadedFile("x.exe", b"MZ")},
    )
    assert response.status_code == 200
    assert "field-error" in response.content.decode()
