"""Demo data for `make run`: one company, two mills, a current season, regions, about 40 farmers
with plots, and one login per role. Deterministic and idempotent: running it twice changes nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from partners.models import (
    Company,
    ContractStatus,
    ContractTemplate,
    CropClass,
    Decision,
    Desa,
    EducationLevel,
    Farmer,
    FarmerGroup,
    GroupKind,
    Kabupaten,
    Kecamatan,
    LandType,
    Mill,
    PartnershipPattern,
    PartnerType,
    Plot,
    PlotApproval,
    PlotRegistrationStep,
    Region,
    RegistrationAction,
    RegistrationStatus,
    Season,
    SeasonContract,
    Sex,
)
from partners.services.approvals import ensure_plot_drawing_chain, ensure_positions
from tebu_site.models import Role


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str
    full_name: str
    note: str


# Listed in README.md; demo only. A real deployment creates its users in the admin.
DEMO_ACCOUNTS = [
    DemoAccount("admin", "tebu-admin-2026", Role.ADMINISTRATOR, "Admin Sistem", "all mills"),
    DemoAccount("manajer", "tebu-manajer-2026", Role.MANAGER, "Hendra Wijaya", "PG Semboro"),
    DemoAccount(
        "sinder", "tebu-sinder-2026", Role.FIELD_STAFF, "Slamet Riyadi", "PG Semboro, Wilayah Utara"
    ),
    DemoAccount("qc", "tebu-qc-2026", Role.QC, "Dewi Lestari", "PG Semboro"),
    DemoAccount("timbang", "tebu-timbang-2026", Role.WEIGHBRIDGE_CLERK, "Agus Salim", "PG Semboro"),
    DemoAccount("kredit", "tebu-kredit-2026", Role.CREDIT_OFFICER, "Rina Marlina", "PG Semboro"),
    DemoAccount("analis", "tebu-analis-2026", Role.ANALYST, "Fajar Nugroho", "both mills"),
    DemoAccount("petani", "tebu-petani-2026", Role.FARMER, "Buriyanto", "a farmer of PG Semboro"),
    # The approval chains (issue 12): who draws, and who signs each step at PG Semboro.
    DemoAccount("gambar", "tebu-gambar-2026", Role.QC, "Wahyu Hidayat", "PG Semboro, draftsman"),
    DemoAccount("gis", "tebu-gis-2026", Role.QC, "Yudi Pratama", "PG Semboro, GIS operator"),
    DemoAccount("ukur", "tebu-ukur-2026", Role.QC, "Teguh Santoso", "PG Semboro, surveyor"),
    DemoAccount("mandor", "tebu-mandor-2026", Role.FIELD_STAFF, "Sukardi Mandor", "PG Semboro"),
    DemoAccount("asisten", "tebu-asisten-2026", Role.MANAGER, "Bambang Asisten", "PG Semboro"),
    DemoAccount(
        "disbun", "tebu-disbun-2026", Role.CREDIT_OFFICER, "Sri Wahyuni", "PG Semboro, Disbun"
    ),
    DemoAccount(
        "koperasi", "tebu-koperasi-2026", Role.CREDIT_OFFICER, "Joko Susilo", "KUD Semboro A.O."
    ),
]
# Who holds each position of PG Semboro (partners.services.approvals.DEFAULT_POSITIONS).
DEMO_POSITIONS = {
    "gis_operator": "gis",
    "surveyor": "ukur",
    "assistant_manager": "asisten",
    "cane_manager": "manajer",
    "disbun_liaison": "disbun",
    "cooperative_surveyor": "koperasi",
}
# The people who take each step of PG Semboro's plot-drawing chain in the demo, in order.
DEMO_PLOT_SIGNERS = ["gis", "ukur", "qc", "mandor", "asisten", "manajer"]

MILLS = [
    # code, name, kabupaten, capacity t/day, regions, kecamatan -> desa
    (
        "semboro",
        "PG Semboro",
        "Jember",
        Decimal("6500"),
        [("utara", "Wilayah Utara"), ("selatan", "Wilayah Selatan")],
        {"Semboro": ["Semboro", "Sidomekar", "Pondokjoyo"], "Tanggul": ["Darungan", "Klatakan"]},
    ),
    (
        "djatiroto",
        "PG Djatiroto",
        "Lumajang",
        Decimal("7000"),
        [("timur", "Wilayah Timur"), ("barat", "Wilayah Barat")],
        {
            "Jatiroto": ["Kaliboto Lor", "Banyuputih Lor"],
            "Rowokangkung": ["Sumbersari", "Nogosari"],
        },
    ),
]

FIRST_NAMES = [
    "Buriyanto",
    "Mahmuji",
    "Bambang",
    "Suparno",
    "Sutrisno",
    "Wagiman",
    "Sumarni",
    "Karyono",
    "Paiman",
    "Sunarti",
    "Mujiono",
    "Sugiharto",
    "Siti",
    "Rohmat",
    "Kasiman",
    "Tukinah",
    "Suwandi",
    "Ngatemi",
    "Misdi",
    "Jumadi",
    "Sahid",
    "Marsono",
    "Painah",
    "Sukirno",
]
LAST_NAMES = ["", "Hadi", "Santoso", "Wibowo", "Prasetyo", "Utomo", "Rahayu", "Susilo"]
HAMLETS = ["Krajan", "Tegal", "Sumber", "Wetan"]
VARIETIES = ["PS 881", "BL", "PS 864", "Kidang Kencana", "PSJK 922"]
FARMERS_PER_MILL = 20
CURRENT_SEASON = "2025/2026"


def _nik(mill_index: int, farmer_index: int) -> str:
    # Kabupaten codes 3509 (Jember) and 3508 (Lumajang); birth-date part and a serial.
    region_code = "3509" if mill_index == 0 else "3508"
    birth = f"{10 + farmer_index:02d}{(farmer_index % 28) + 1:02d}0{farmer_index % 9 + 1}"
    return f"{region_code}{birth}7{mill_index}{farmer_index:04d}"


@transaction.atomic
def load_demo() -> list[DemoAccount]:
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    company, _ = Company.objects.get_or_create(name="PT Sinergi Gula Nusantara")
    mills: list[Mill] = []
    regions_by_mill: dict[str, list[Region]] = {}
    desa_by_mill: dict[str, list[Desa]] = {}
    for code, name, kabupaten_name, capacity, regions, kecamatan_map in MILLS:
        mill, _ = Mill.objects.update_or_create(
            code=code,
            defaults={
                "company": company,
                "name": name,
                "kabupaten": kabupaten_name,
                "daily_capacity_tonnes": capacity,
            },
        )
        mills.append(mill)
        Season.objects.update_or_create(
            mill=mill,
            name="2024/2025",
            defaults={
                "planting_start": date(2024, 5, 1),
                "milling_start": date(2025, 6, 2),
                "milling_end": date(2025, 10, 25),
                "is_current": False,
            },
        )
        Season.objects.update_or_create(
            mill=mill,
            name=CURRENT_SEASON,
            defaults={
                "planting_start": date(2025, 5, 1),
                "milling_start": date(2026, 6, 1),
                "milling_end": date(2026, 10, 31),
                "is_current": True,
            },
        )
        regions_by_mill[code] = [
            Region.objects.update_or_create(mill=mill, code=rcode, defaults={"name": rname})[0]
            for rcode, rname in regions
        ]
        kabupaten, _ = Kabupaten.objects.get_or_create(name=kabupaten_name)
        desa_list = []
        for kecamatan_name, desa_names in kecamatan_map.items():
            kecamatan, _ = Kecamatan.objects.get_or_create(kabupaten=kabupaten, name=kecamatan_name)
            for desa_name in desa_names:
                desa_list.append(Desa.objects.get_or_create(kecamatan=kecamatan, name=desa_name)[0])
        desa_by_mill[code] = desa_list

    for mill_index, mill in enumerate(mills):
        regions = regions_by_mill[mill.code]
        groups = [
            FarmerGroup.objects.update_or_create(
                mill=mill,
                name=f"Kelompok Tani {region.name.split()[-1]} Makmur",
                defaults={"kind": GroupKind.FARMER_GROUP, "region": region},
            )[0]
            for region in regions
        ]
        FarmerGroup.objects.update_or_create(
            mill=mill,
            name=f"KUD Sari Tebu {mill.name.split()[-1]}",
            defaults={"kind": GroupKind.KUD, "region": None},
        )
        for i in range(FARMERS_PER_MILL):
            region = regions[i % len(regions)]
            name = FIRST_NAMES[(i + mill_index * 7) % len(FIRST_NAMES)]
            suffix = LAST_NAMES[(i * 3 + mill_index) % len(LAST_NAMES)]
            full_name = (
                f"{name} {suffix}".strip() if i else ("Buriyanto" if mill_index == 0 else "Mahmuji")
            )
            partner_type = [
                PartnerType.TRK,
                PartnerType.TRM,
                PartnerType.TRK,
                PartnerType.NON_PARTNER,
            ][i % 4]
            birth_date = date(1955 + rng.randrange(35), rng.randrange(1, 13), rng.randrange(1, 28))
            farmer, _ = Farmer.objects.update_or_create(
                nik=_nik(mill_index, i),
                defaults={
                    "mill": mill,
                    "region": region,
                    "name": full_name,
                    "birth_date": birth_date,
                    "sex": Sex.FEMALE
                    if name in {"Sumarni", "Sunarti", "Siti", "Tukinah", "Ngatemi", "Painah"}
                    else Sex.MALE,
                    "address": f"Dusun {rng.choice(HAMLETS)} RT 0{rng.randrange(1, 9)}",
                    "desa": desa_by_mill[mill.code][i % len(desa_by_mill[mill.code])],
                    "phone": f"+62812{mill_index}{i:03d}{rng.randrange(1000, 9999)}",
                    "education": rng.choice(list(EducationLevel.values)[1:]),
                    # At 15 at the earliest (Farmer.clean refuses before 10).
                    "farming_since_year": max(1980 + rng.randrange(40), birth_date.year + 15),
                    "household_size": rng.randrange(2, 7),
                    "bank_name": "BRI",
                    "bank_account": f"0{mill_index}{i:03d}01{rng.randrange(100000, 999999)}",
                    "group": groups[i % len(groups)],
                    "partner_type": partner_type,
                    "partner_since": None
                    if partner_type == PartnerType.NON_PARTNER
                    else 2005 + rng.randrange(20),
                },
            )
            for p in range(1 + (i % 3 == 0)):
                area = Decimal(rng.randrange(5000, 40000)) / 10000
                own = area if p == 0 and i % 2 == 0 else (area / 2).quantize(Decimal("0.0001"))
                crop = CropClass.PLANT_CANE if (i + p) % 3 == 0 else CropClass.RATOON
                lat = -8.2 - mill_index * 0.1 - i * 0.002
                lon = 113.4 + mill_index * 0.1 + p * 0.003
                status = _demo_status(partner_type, i, p)
                shaped = Plot()
                shaped.set_geometry(_demo_geometry(mill_index, i, p, area, lon, lat, status))
                Plot.objects.update_or_create(
                    mill=mill,
                    code=f"{mill.code[:3].upper()}-{i + 1:03d}-{p + 1}",
                    defaults={
                        "farmer": farmer,
                        "area_ha": area,
                        "own_area_ha": own,
                        "rented_area_ha": area - own,
                        "land_type": LandType.SAWAH if i % 3 else LandType.TEGALAN,
                        "desa": farmer.desa,
                        "crop_class": crop,
                        "ratoon_number": 0 if crop == CropClass.PLANT_CANE else 1 + i % 3,
                        "variety": VARIETIES[(i + p) % len(VARIETIES)],
                        "planted_or_cut_on": date(2025, 5 + i % 5, 1 + i % 27),
                        "geometry": shaped.geometry,
                        "measured_area_ha": shaped.measured_area_ha,
                        "bbox_min_lon": shaped.bbox_min_lon,
                        "bbox_min_lat": shaped.bbox_min_lat,
                        "bbox_max_lon": shaped.bbox_max_lon,
                        "bbox_max_lat": shaped.bbox_max_lat,
                        "registration_status": status,
                    },
                )

    _load_accounts(mills, regions_by_mill)
    _load_registry(mills)
    return DEMO_ACCOUNTS


def _load_accounts(mills: list[Mill], regions_by_mill: dict[str, list[Region]]) -> None:
    User = get_user_model()
    semboro = mills[0]
    for account in DEMO_ACCOUNTS:
        first, _, last = account.full_name.partition(" ")
        user, created = User.objects.get_or_create(
            username=account.username,
            defaults={"role": account.role, "first_name": first, "last_name": last},
        )
        if created:
            user.set_password(account.password)
        user.role = account.role
        user.is_staff = user.is_superuser = account.role == Role.ADMINISTRATOR
        user.save()
        if account.role == Role.ADMINISTRATOR:
            continue
        if account.role == Role.ANALYST:
            user.mills.set(mills)
        elif account.role != Role.FARMER:
            user.mills.set([semboro])
        if account.role == Role.FIELD_STAFF:
            user.regions.set([regions_by_mill[semboro.code][0]])
        if account.role == Role.FARMER:
            farmer = Farmer.objects.get(nik=_nik(0, 0))
            farmer.user = user
            farmer.save(update_fields=["user"])
    # The cutting foreman (and KKW signer of the demo drawings) serves both regions.
    User.objects.get(username="mandor").regions.set(regions_by_mill[semboro.code])
    positions = ensure_positions(semboro)
    for code, username in DEMO_POSITIONS.items():
        positions[code].holders.add(User.objects.get(username=username))


# --- partner registry (issue 3): plot drawings, registration steps, season contracts ----------

S = RegistrationStatus
# Second plots of some farmers are still on their way through the registration workflow.
PENDING = [S.SUBMITTED, S.SURVEYED, S.OVERLAP_CHECKED, S.VALIDATED]
WORKFLOW = [
    (RegistrationAction.SUBMIT, S.SUBMITTED, "sinder"),
    (RegistrationAction.SURVEY, S.SURVEYED, "gambar"),
    (RegistrationAction.CHECK_OVERLAP, S.OVERLAP_CHECKED, "qc"),
    (RegistrationAction.VALIDATE, S.VALIDATED, "sinder"),
    (RegistrationAction.APPROVE, S.APPROVED, "manajer"),
    (RegistrationAction.CONTRACT, S.CONTRACTED, "sinder"),
]

WORKFLOW_INDEX_VALIDATED = [status for _action, status, _who in WORKFLOW].index(S.VALIDATED)

CONTRACT_TEMPLATES = {
    "semboro": (
        "Kontrak kemitraan TRK/TRM",
        PartnershipPattern.CREDIT_PARTNERSHIP,
        [
            "Petani menyerahkan seluruh tebu dari petak yang terdaftar kepada PG Semboro.",
            "Petani mengikuti bimbingan budidaya dari PG.",
            "Petani berhak atas tetes 3 kg per kuintal tebu.",
            "Biaya karung gula Rp 7.500 per kuintal gula lelang dipotong dari hasil.",
            "Angsuran dan bunga kredit (KUR/PKBL) dipotong dari DO petani.",
            "Pelanggaran dikenakan sanksi sesuai perjanjian.",
        ],
    ),
    "djatiroto": (
        "Kontrak KOA",
        PartnershipPattern.KOA,
        [
            "Petani menyediakan lahan dan tenaga kerja; PG membiayai, mengolah dan memasarkan gula "
            "melalui lelang.",
            "Petani menyerahkan seluruh tebu dari petak yang terdaftar kepada PG Djatiroto.",
            "Bagi hasil gula: 66 % sampai rendemen 6, 70 % di atasnya.",
            "Petani berhak atas tetes 3 kg per kuintal tebu dan natura 10 % dari gula bagiannya.",
            "Pelanggaran dikenakan sanksi sesuai perjanjian.",
        ],
    ),
}


def _demo_status(partner_type: str, i: int, p: int) -> str:
    if p == 1 and (i // 3) % 5 < len(PENDING):
        return PENDING[(i // 3) % 5]
    return S.CONTRACTED if partner_type != PartnerType.NON_PARTNER else S.APPROVED


def _demo_geometry(mill_index, i, p, area, lon, lat, status) -> dict:
    """A GPS-walked quadrilateral of about the declared area (a few drawn 8 % larger, to show
    the area warning); a point for plots still waiting for the survey."""
    if status == S.SUBMITTED:
        return {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]}
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    jitter = random.Random(f"{mill_index}-{i}-{p}")  # noqa: S311 - demo shapes
    square_m = float(area) * 10000 * (1.08 if i % 7 == 3 else 1.0)
    width = (square_m * jitter.uniform(0.7, 1.4)) ** 0.5
    height = square_m / width
    corners = [(lon, lat)]
    for azimuth, distance in ((90, width), (0, height), (270, width)):
        x, y, _back = geod.fwd(*corners[-1], azimuth + jitter.uniform(-4, 4), distance)
        corners.append((x, y))
    ring = [[round(x, 7), round(y, 7)] for x, y in corners]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


def _load_registry(mills: list[Mill]) -> None:
    User = get_user_model()
    names = {"sinder", "qc", "manajer", "gambar", *DEMO_PLOT_SIGNERS}
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    admin = User.objects.get(username="admin")
    for mill in mills:
        name, pattern, clauses = CONTRACT_TEMPLATES[mill.code]
        template, _ = ContractTemplate.objects.update_or_create(
            mill=mill,
            name=name,
            defaults={"partnership_pattern": pattern, "clauses": "\n".join(clauses)},
        )
        by = users if mill.code == "semboro" else dict.fromkeys(users, admin)
        plots = Plot.objects.filter(mill=mill).select_related("farmer").order_by("code")
        chain = ensure_plot_drawing_chain(mill)
        for plot in plots:
            _demo_steps(plot, by, chain if mill.code == "semboro" else None)
        previous = Season.objects.get(mill=mill, name="2024/2025")
        current = Season.objects.get(mill=mill, is_current=True)
        farmers = Farmer.objects.filter(mill=mill).exclude(partner_type=PartnerType.NON_PARTNER)
        for serial, farmer in enumerate(farmers.order_by("nik"), start=1):
            contracted = [
                p
                for p in plots
                if p.farmer_id == farmer.pk and p.registration_status == S.CONTRACTED
            ]
            if not contracted:
                continue
            last_year = _demo_contract(
                mill, previous, farmer, contracted, template, serial, date(2024, 4, 15), None
            )
            _demo_contract(
                mill, current, farmer, contracted, template, serial, date(2025, 4, 14), last_year
            )


def _demo_steps(plot: Plot, by: dict, chain) -> None:
    """The registration steps; at PG Semboro also the drawing's approval chain, each step by its
    own signer (all six for approved plots; validated ones wait on QC after two)."""
    if plot.registration_steps.exists():
        return
    reached = [status for _action, status, _who in WORKFLOW].index(plot.registration_status)
    at = datetime(2025, 1, 6, 9, 0, tzinfo=UTC) + timedelta(hours=plot.pk % 48)
    previous = ""
    for action, status, who in WORKFLOW[: reached + 1]:
        PlotRegistrationStep.objects.create(
            plot=plot, action=action, from_status=previous, to_status=status, by=by[who], at=at
        )
        if status == S.VALIDATED and chain is not None:
            signers = DEMO_PLOT_SIGNERS if reached > WORKFLOW_INDEX_VALIDATED else ["gis", "ukur"]
            for hours, (step, who) in enumerate(
                zip(chain.steps.all(), signers, strict=False), start=1
            ):
                PlotApproval.objects.create(
                    plot=plot,
                    step=step,
                    decision=Decision.APPROVED,
                    by=by[who],
                    at=at + timedelta(hours=hours * 8),
                )
        previous, at = status, at + timedelta(days=3)


def _demo_contract(mill, season, farmer, plots, template, serial, signed_on, renewed_from):
    number = f"{mill.code.upper()}/{season.name}/{serial:04d}"
    contract = SeasonContract.objects.filter(mill=mill, season=season, number=number).first()
    if contract is None:
        contract = SeasonContract.objects.create(
            number=number,
            mill=mill,
            season=season,
            farmer=farmer,
            partner_type=farmer.partner_type,
            partnership_pattern=template.partnership_pattern,
            clauses=template.clause_list,
            template=template,
            status=ContractStatus.SIGNED,
            signed_on=signed_on,
            renewed_from=renewed_from,
        )
    if set(contract.plots.values_list("pk", flat=True)) != {p.pk for p in plots}:
        contract.plots.set(plots)
    return contract
