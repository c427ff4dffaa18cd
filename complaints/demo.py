"""Demo complaints and forums for `make run`, after ``load_demo`` (and the other demo loaders).

PG Semboro's complaint desk names the demo staff: ``qc`` at the QC desk, ``manajer`` as cane
manager, and two demo users made here, ``mandor`` (cutting foreman) and ``asisten`` (assistant
manager). A few complaints in different states (one by ``petani``), and one regional forum with
action items (one overdue). Everything goes through complaints.services, dated relative to now so
the clocks mean something on the day the demo runs.

Idempotent: a complaint with the same farmer and text, and the forum at the same place, are not
created again; the desk is set to the same values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from complaints import services
from complaints.models import Complaint, Forum, ForumKind
from partners.models import Farmer, Mill, Region
from tebu_site.models import Role

# Demo only, listed in the report and the README's demo section when merged.
DEMO_STAFF = [
    ("mandor", "tebu-mandor-2026", Role.FIELD_STAFF, "Sukardi", "Mandor"),
    ("asisten", "tebu-asisten-2026", Role.MANAGER, "Bambang", "Asisten"),
]
FORUM_PLACE = "Balai Desa Semboro"


@dataclass
class Loaded:
    users: int = 0
    complaints: int = 0
    forums: int = 0


def _staff(mill: Mill, regions: list[Region], loaded: Loaded) -> dict:
    User = get_user_model()
    users = {}
    for username, password, role, first, last in DEMO_STAFF:
        user, created = User.objects.get_or_create(
            username=username, defaults={"role": role, "first_name": first, "last_name": last}
        )
        if created:
            user.set_password(password)
            user.save()
            loaded.users += 1
        user.mills.add(mill)
        if role == Role.FIELD_STAFF:
            # The cutting foreman serves the whole mill's crews.
            user.regions.add(*regions)
        users[username] = user
    for username in ("qc", "manajer", "sinder", "petani"):
        users[username] = User.objects.get(username=username)
    return users


@transaction.atomic
def load_demo_complaints() -> Loaded:
    mill = Mill.objects.filter(code="semboro").first()
    if mill is None:
        raise CommandError("PG Semboro is missing: run `manage.py load_demo` first.")
    regions = list(Region.objects.filter(mill=mill).order_by("code"))
    north = next(r for r in regions if r.code == "utara")
    loaded = Loaded()
    users = _staff(mill, regions, loaded)
    services.save_desk(
        mill=mill,
        by=users["manajer"],
        values={
            "qc_desk": users["qc"],
            "cutting_foreman": users["mandor"],
            "assistant_manager": users["asisten"],
            "cane_manager": users["manajer"],
            "first_line_hours": 72,
            "assistant_manager_hours": 48,
        },
        region_kkws={north.pk: users["sinder"]},
    )

    petani = Farmer.objects.get(user=users["petani"])
    others = list(Farmer.objects.filter(mill=mill, region=north).exclude(pk=petani.pk)[:3])
    now = timezone.now()

    def complaint(farmer, category, text, *, days_ago, by=None):
        found = Complaint.objects.filter(farmer=farmer, text=text).first()
        if found:
            return None
        loaded.complaints += 1
        return services.file_complaint(
            by=by or farmer.user or users["sinder"],
            farmer=farmer,
            category=category,
            text=text,
            now=now - timedelta(days=days_ago),
        )

    # petani: a rendemen complaint QC answered; he may still reopen it.
    rendemen = complaint(
        petani,
        "rendemen",
        "Rendemen DO saya hanya 6,1 %, padahal tebu saya masak dan bersih. Mohon dicek.",
        days_ago=5,
    )
    if rendemen:
        services.answer_complaint(
            complaint=rendemen,
            by=users["qc"],
            text="Sampel nira truk Bapak sudah kami analisa ulang: brix 19,8, pol 15,1. "
            "Rendemen 6,1 % sesuai. Rinciannya ada di halaman DO.",
            now=rendemen.filed_at + timedelta(hours=20),
        )
    # petani: a payment complaint, new, with the KKW of his region.
    complaint(petani, "payment", "DO bulan Agustus belum dibayar sampai sekarang.", days_ago=1)
    if others:
        # A cutting-crew complaint nobody answered: escalated to the assistant manager.
        crew = complaint(
            others[0],
            "cutting_crew",
            "Kelompok tebang minta uang tambahan Rp 50.000 per truk.",
            days_ago=6,
            by=users["sinder"],
        )
        if crew:
            services.escalate_overdue(now=crew.due_at + timedelta(minutes=5))
    if len(others) > 1:
        weighing = complaint(
            others[1],
            "weighing",
            "Berat bersih truk saya di SPTA lebih kecil dari biasanya.",
            days_ago=10,
            by=users["sinder"],
        )
        if weighing:
            services.answer_complaint(
                complaint=weighing,
                by=users["qc"],
                text="Timbangan sudah ditera ulang; potongan trash 5 % karena tebu kotor.",
                now=weighing.filed_at + timedelta(hours=30),
            )
            services.resolve_complaint(
                complaint=weighing,
                by=users["qc"],
                text="Petani menerima penjelasan di kantor.",
                now=weighing.filed_at + timedelta(days=2),
            )

    if not Forum.objects.filter(mill=mill, region=north, place=FORUM_PLACE).exists():
        today = timezone.localdate()
        forum = services.create_forum(
            by=users["manajer"],
            mill=mill,
            data={
                "kind": ForumKind.FTKW,
                "region": north,
                "held_on": today - timedelta(days=30),
                "place": FORUM_PLACE,
                "agenda": "1. Rendemen dan cara perhitungannya\n2. Jadwal pembayaran DO\n"
                "3. Uang tebang angkut",
                "minutes": "Petani meminta hasil analisa rendemen ditampilkan per truk. "
                "PG menjelaskan jadwal pembayaran DO dan berjanji menindak kelompok tebang "
                "yang meminta uang tambahan.",
                "guests": "KUD Sumber Rejeki\nBank BRI Unit Semboro",
            },
            staff_attendees=[users["sinder"], users["qc"], users["manajer"], users["mandor"]],
            farmer_attendees=[petani, *others],
        )
        for description, owner, due_in, done in (
            ("Tampilkan analisa rendemen per truk di portal", users["qc"], -20, True),
            ("Umumkan jadwal bayar DO di balai desa", users["sinder"], -3, False),
            ("Rapat dengan mandor tebang soal pungutan", users["mandor"], 10, False),
        ):
            item = services.add_action_item(
                forum=forum,
                by=users["manajer"],
                description=description,
                owner=owner,
                due_on=today + timedelta(days=due_in),
            )
            if done:
                services.update_action_item(
                    item=item,
                    by=users["manajer"],
                    changes={"done": True, "done_on": today - timedelta(days=21)},
                )
        loaded.forums += 1
    return loaded
