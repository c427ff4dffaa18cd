"""Complaint photos: pictures only, not too large, and served only to who may see the complaint."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from complaints import services
from tests.complaints.factories import JPEG_BYTES, PNG_BYTES

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _file(world, photo):
    return services.file_complaint(
        by=world.farmer_login,
        farmer=world.farmer,
        category="weighing",
        text="Timbangan",
        photo=photo,
    )


def test_a_jpeg_is_kept_under_a_random_name(world):
    complaint = _file(world, SimpleUploadedFile("truk budi.jpg", JPEG_BYTES))
    assert complaint.photo_content_type == "image/jpeg"
    assert "budi" not in complaint.photo.name
    assert complaint.photo.name.startswith(f"complaints/{world.farmer.pk}/")


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("surat.pdf", b"%PDF-1.4", "Upload a photo as a JPG or PNG file."),
        ("foto.jpg", PNG_BYTES, "The file is not a real JPG picture."),
        ("kosong.png", b"", "The photo is empty."),
    ],
)
def test_bad_photos_are_refused_with_a_clear_message(world, name, data, message):
    with pytest.raises(ValidationError) as error:
        _file(world, SimpleUploadedFile(name, data))
    assert error.value.message_dict == {"photo": [message]}


def test_a_photo_over_the_limit_is_refused(world, settings):
    settings.TEBU_COMPLAINT_PHOTO_MAX_MB = 1
    big = SimpleUploadedFile("besar.jpg", JPEG_BYTES + b"\x00" * (1024 * 1024))
    with pytest.raises(ValidationError) as error:
        _file(world, big)
    assert error.value.message_dict == {"photo": ["The photo is larger than 1 MB."]}
