"""The weighbridge clerk scans the SPTA's QR code with the phone's camera (issue 14): "Scan QR"
opens the back camera, reads the slip, fills in its number and moves on to the weights.

Chromium's fake camera plays a Y4M file, so the test draws the slip's real QR code (the payload
the SPTA page prints) into one. The fake-camera flags are per launch: this test starts its own
Chromium from the session's Playwright rather than a context of the shared browser."""

import struct
import zlib
from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest
import qrcode
from django.utils import timezone
from playwright.sync_api import expect

from harvest.models import Weighing
from tests.e2e.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, screenshot
from tests.e2e.test_do_flow import local, log_in
from tests.harvest.conftest import hw  # noqa: F401 (the harvest world, as a fixture)
from tests.harvest.helpers import spta_today
from tests.partners.conftest import _fast_password_hashing, world  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)

WIDTH, HEIGHT = 640, 480


def qr_pixels(text: str) -> np.ndarray:
    """The QR code of ``text`` as the slip prints it (same error correction as qr_svg), black on
    white, centred in a 640×480 grey-level frame, 10 px a module."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=1, border=4)
    code.add_data(text)
    code.make(fit=True)
    modules = np.array(code.get_matrix(), dtype=bool)
    scale = min(WIDTH, HEIGHT) * 9 // 10 // len(modules)
    image = np.where(np.kron(modules, np.ones((scale, scale), dtype=bool)), 0, 255)
    frame = np.full((HEIGHT, WIDTH), 255, dtype=np.uint8)
    top, left = (HEIGHT - image.shape[0]) // 2, (WIDTH - image.shape[1]) // 2
    frame[top : top + image.shape[0], left : left + image.shape[1]] = image
    return frame


def write_png(path: Path, grey: np.ndarray) -> None:
    """An 8-bit grey PNG, by hand: the artifact to look at when the scan fails (no Pillow here)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    height, width = grey.shape
    rows = b"".join(b"\x00" + grey[y].tobytes() for y in range(height))
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def write_y4m(path: Path, grey: np.ndarray, frames: int = 5) -> None:
    """YUV4MPEG2 4:2:0 frames of a grey picture: Y is the picture, U and V the neutral 128.
    Chromium loops the file as its fake camera."""
    chroma = np.full((HEIGHT // 2, WIDTH // 2), 128, dtype=np.uint8).tobytes()
    frame = b"FRAME\n" + grey.tobytes() + chroma + chroma
    header = f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode()
    path.write_bytes(header + frame * frames)


@pytest.fixture
def camera_phone(browser, tmp_path, request):
    """A 360 px phone whose back camera sees the picture the test gives it; camera allowed."""

    def open_phone(grey: np.ndarray):
        video = tmp_path / "camera.y4m"
        write_y4m(video, grey)
        # Launched from the session browser's Playwright: a second sync Playwright in this
        # thread would clash with it, and the session fixture already skips without Chromium.
        camera_browser = browser.browser_type.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                *CHROMIUM_ARGS,
                "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream",
                f"--use-file-for-fake-video-capture={video}",
            ],
        )
        request.addfinalizer(camera_browser.close)
        context = camera_browser.new_context(
            viewport={"width": 360, "height": 740}, device_scale_factor=1
        )
        context.grant_permissions(["camera"])
        return context.new_page()

    return open_phone


def test_the_clerk_scans_the_slip_and_weighs_the_load(live_server, camera_phone, hw):  # noqa: F811
    spta = spta_today(hw)
    grey = qr_pixels(spta.qr_payload)
    ARTIFACTS.mkdir(exist_ok=True)
    write_png(ARTIFACTS / "weighbridge-qr-camera-picture.png", grey)
    phone = camera_phone(grey)

    log_in(phone, live_server.url, hw.clerk.username)
    phone.goto(f"{live_server.url}/harvest/weighbridge/")
    button = phone.get_by_test_id("qr-scan-button")
    box = button.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
    button.click()

    # The number alone goes in the field (the form also takes the whole payload); the status
    # shows the plate for the clerk to compare with the truck; the camera is off again.
    expect(phone.locator("#id_spta_number")).to_have_value(spta.number, timeout=20_000)
    expect(phone.get_by_test_id("qr-status")).to_contain_text(spta.truck_plate)
    assert phone.evaluate("document.activeElement.id") == "id_gross_kg"
    assert phone.locator("[data-qr-scan] video").is_hidden()
    screenshot(phone, "weighbridge-qr-scanned-phone")

    now = timezone.now()
    phone.fill("#id_gross_kg", "15000")
    phone.fill("#id_tare_kg", "7000")
    phone.fill("#id_cut_at", local(now - timedelta(hours=5)))
    phone.fill("#id_arrived_at", local(now - timedelta(hours=1)))
    phone.get_by_test_id("weighing-submit").click()
    phone.wait_for_load_state("networkidle")
    assert spta.number in phone.locator(".messages").inner_text()
    weighing = Weighing.objects.get(spta=spta)
    assert weighing.net_kg == 8000 and weighing.recorded_by == hw.clerk
    screenshot(phone, "weighbridge-qr-recorded-phone")
