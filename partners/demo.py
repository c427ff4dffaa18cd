"""Demo data for `make run`: one company, two mills, a current season, regions, about 40 farmers
with plots, and one login per role. Deterministic and idempotent: running it twice changes nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from partners.models import (
    Company,
    CropClass,
    Desa,
    EducationLevel,
    Farmer,
    FarmerGroup,
    GroupKind,
    Kabupaten,
    Kecamatan,
    LandType,
    Mill,
    PartnerType,
    Plot,
    Region,
    RegistrationStatus,
    Season,
    Sex,
)
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
]

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
            farmer, _ = Farmer.objects.update_or_create(
                nik=_nik(mill_index, i),
                defaults={
                    "mill": mill,
                    "region": region,
                    "name": full_name,
                    "birth_date": date(
                        1955 + rng.randrange(35), rng.randrange(1, 13), rng.randrange(1, 28)
                    ),
                    "sex": Sex.FEMALE
                    if name in {"Sumarni", "Sunarti", "Siti", "Tukinah", "Ngatemi", "Painah"}
                    else Sex.MALE,
                    "address": f"Dusun {rng.choice(HAMLETS)} RT 0{rng.randrange(1, 9)}",
                    "desa": desa_by_mill[mill.code][i % len(desa_by_mill[mill.code])],
                    "phone": f"+62812{mill_index}{i:03d}{rng.randrange(1000, 9999)}",
                    "education": rng.choice(list(EducationLevel.values)[1:]),
                    "farming_since_year": 1980 + rng.randrange(40),
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
                        "geometry": {
                            "type": "Point",
                            "coordinates": [round(lon, 6), round(lat, 6)],
                        },
                        "registration_status": RegistrationStatus.CONTRACTED
                        if partner_type != PartnerType.NON_PARTNER
                        else RegistrationStatus.APPROVED,
                    },
                )

    _load_accounts(mills, regions_by_mill)
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
