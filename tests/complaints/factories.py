"""Factories for the complaints tests: a mill with its people and a desk naming them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import factory
from django.utils import timezone

from complaints.models import ActionItem, ComplaintDesk, Forum, ForumKind
from tebu_site.models import Role
from tests.factories import (
    FarmerFactory,
    RegionFactory,
    SeasonFactory,
    UserFactory,
    farmer_user,
)

JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def real_png(width: int = 120, height: int = 80, rgb=(46, 125, 50)) -> bytes:
    """A real PNG a browser can show (no Pillow in the project): one flat colour."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


class ForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forum

    region = factory.SubFactory(RegionFactory)
    mill = factory.SelfAttribute("region.mill")
    kind = ForumKind.FTKW
    held_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=7))
    place = "Balai desa"
    agenda = "Rendemen dan pembayaran DO"
    minutes = "Dibahas keterlambatan DO."
    created_by = factory.SubFactory(UserFactory, role=Role.MANAGER)


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    forum = factory.SubFactory(ForumFactory)
    description = "Tampilkan hasil analisa rendemen di papan pengumuman"
    owner = factory.SubFactory(UserFactory, role=Role.QC)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=7))


@dataclass
class MillWorld:
    """One mill with two regions, its staff and a desk naming QC, foreman and managers."""

    mill: object
    north: object
    south: object
    season: object
    qc: object
    foreman: object
    kkw_north: object
    kkw_south: object
    assistant: object
    cane_manager: object
    farmer: object
    farmer_login: object
    desk: object


def mill_world(name: str = "Semboro", *, desk: bool = True) -> MillWorld:
    north = RegionFactory(name=f"Wilayah Utara {name}")
    mill = north.mill
    south = RegionFactory(mill=mill, name=f"Wilayah Selatan {name}")
    season = SeasonFactory(mill=mill)
    qc = UserFactory(role=Role.QC, mills=[mill], first_name="Dewi")
    foreman = UserFactory(role=Role.FIELD_STAFF, mills=[mill], first_name="Mandor")
    kkw_north = UserFactory(
        role=Role.FIELD_STAFF, mills=[mill], regions=[north], first_name="Slamet"
    )
    kkw_south = UserFactory(role=Role.FIELD_STAFF, mills=[mill], regions=[south], first_name="Joko")
    assistant = UserFactory(role=Role.MANAGER, mills=[mill], first_name="Asisten")
    cane_manager = UserFactory(role=Role.MANAGER, mills=[mill], first_name="Hendra")
    farmer = FarmerFactory(region=north, name="Buriyanto")
    login = farmer_user(farmer)
    the_desk = None
    if desk:
        the_desk = ComplaintDesk.objects.create(
            mill=mill,
            qc_desk=qc,
            cutting_foreman=foreman,
            assistant_manager=assistant,
            cane_manager=cane_manager,
            first_line_hours=48,
            assistant_manager_hours=24,
        )
    return MillWorld(
        mill,
        north,
        south,
        season,
        qc,
        foreman,
        kkw_north,
        kkw_south,
        assistant,
        cane_manager,
        farmer,
        login,
        the_desk,
    )
