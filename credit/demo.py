"""Demo credit data (after load_demo and load_demo_harvest): PG Semboro's KUR, PKBL and KUR-TMA
with the 2018/2019 figures of domain.md 4, set on the mill's current season as the demo's
seasons are, with the PKBL and KUR-TMA application windows; the PT SMS Dompu in-kind package
bands; applications in several steps (the PKBL one entered outside its windows under a manager's
recorded exception), and the demo farmer Buriyanto's KUR with two tranches paid and the
instalment his first DO deducted; then PG Pakis Baru's terms for next season
(credit.demo_pakis_baru: a first loan sized by this season's harvest, the mill as avalis).

Idempotent: products and packages are found by name, applications by farmer and product; a
second run changes nothing.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from credit.demo_pakis_baru import load_pakis_baru
from credit.models import (
    CollateralRule,
    CreditApplication,
    CreditProduct,
    InKindPackage,
    Payee,
    ProductKind,
    TranchePurpose,
)
from credit.selectors_plans import short_tranche_plans
from credit.services import (
    applications,
    approvals,
    disbursements,
    documents,
    products,
    windows,
    workflow,
)
from credit.services.applications import Collateral, PlotLine
from credit.services.repayments import post_do_repayments
from credit.services.windows import WindowSpec
from harvest.models import DeliveryOrder, DoStatus
from partners.models import ContractStatus, Farmer, Mill, PartnerType, SeasonContract
from tebu_site.models import Role, User

D = Decimal

KUR_DOCUMENTS = [
    "KTP",
    "KK",
    "Gambar petak (plot drawing)",
    "Surat keterangan usaha (SKU)",
    "NPWP",
    "Akta nikah",
    "Daftar calon anggota koperasi",
    "Buku tabungan",
    "Rencana kerja usaha (RKU)",
    "Agunan",
]
PKBL_DOCUMENTS = [
    "KTP suami dan istri",
    "KK",
    "Gambar petak ukur GPS",
    "Surat keterangan usaha (SKU)",
    "Surat permohonan petani",
    "Surat pernyataan petani",
    "Surat pernyataan KKW",
    "Berita acara verifikasi lahan",
    "Buku tabungan",
    "RDKK",
]

PRODUCTS = {
    "KUR (angka PG Semboro 2018/2019)": {
        "kind": ProductKind.KUR,
        "funder": "BRI/BNI melalui koperasi",
        "annual_rate_percent": D("7"),
        "ceiling_per_ha_plant_cane": D("25000000"),
        "ceiling_per_ha_ratoon": D("20650000"),
        "cap_per_farmer": D("500000000"),
        "eligible_partner_types": ["trk"],
        "required_documents": KUR_DOCUMENTS,
        "collateral_rule": CollateralRule.REQUIRED,
        "collateral_note": "Sertifikat tanah, BPKB, lainnya; sampai nilai kredit",
        "requires_no_bank_loan_declaration": True,
        "lead_time_note": "sekitar 1 bulan",
        "max_days_submitted": 14,
        "max_days_documents_complete": 14,
        "max_days_verified": 14,
        "max_days_approved_unpaid": 30,
    },
    "PKBL (angka PG Semboro 2018/2019)": {
        "kind": ProductKind.PKBL,
        "funder": "Dana PKBL BUMN",
        "annual_rate_percent": D("3"),
        "ceiling_per_ha_plant_cane": D("22000000"),
        "ceiling_per_ha_ratoon": D("15000000"),
        "cap_per_farmer": D("200000000"),
        "eligible_partner_types": ["trk"],
        "required_documents": PKBL_DOCUMENTS,
        "collateral_rule": CollateralRule.CHECKED,
        "requires_interview": True,
        "requires_plot_visit": True,
        "lead_time_note": "4–5 bulan",
        "max_days_submitted": 30,
        "max_days_documents_complete": 30,
        "max_days_verified": 30,
        "max_days_approved_unpaid": 60,
    },
    "KUR-TMA (angka PG Semboro 2018/2019)": {
        "kind": ProductKind.KUR_TMA,
        "funder": "Bank",
        "annual_rate_percent": D("1"),
        "eligible_partner_types": ["trm"],
        "ceiling_per_ha_ratoon": D("9000000"),
        "ceiling_per_ha_plant_cane": D("9000000"),
        "lead_time_note": "pengajuan Maret–Mei",
        "max_days_approved_unpaid": 30,
    },
}
# (purpose, amount per ha, payee, crop class, when, planned days after approval). The sources give
# the ratoon tranches; the plant-cane garap line (Rp 16,000,000 = Rp 25,000,000 − the TMA) is the
# demo's assumption, and so are the PKBL's first-stage dates (a month after approval): with a
# planned date, the PKBL approved 75 days ago and still unpaid shows as a late tranche on the
# compliance ledger. A tranche "at cutting" has no date.
TRANCHES = {
    "KUR (angka PG Semboro 2018/2019)": [
        (TranchePurpose.CULTIVATION, "11650000", Payee.FARMER, "rc", "setelah akad", None),
        (TranchePurpose.CULTIVATION, "16000000", Payee.FARMER, "pc", "setelah akad", None),
        (TranchePurpose.CUTTING_HAULAGE, "9000000", Payee.MILL, "", "saat tebang", None),
    ],
    "PKBL (angka PG Semboro 2018/2019)": [
        (TranchePurpose.CULTIVATION, "7000000", Payee.FARMER, "", "tahap 1", 30),
        (TranchePurpose.FERTILISER, "2000000", Payee.FARMER, "", "tahap 1", 30),
        (TranchePurpose.CUTTING_HAULAGE, "6000000", Payee.MILL, "", "tahap 2, saat tebang", None),
    ],
    "KUR-TMA (angka PG Semboro 2018/2019)": [
        (TranchePurpose.CUTTING_HAULAGE, "9000000", Payee.MILL, "", "saat tebang", None),
    ],
}


# Application windows (domain.md 4), in the demo season's years: PKBL June–August paid
# November–December and September–November paid January–February of the planting year; KUR-TMA
# March–May before the milling season. KUR has none in the sources: it takes applications all
# season.
def _windows(kind: str, season) -> list[WindowSpec]:
    first, _slash, second = season.name.partition("/")
    planting, milling = int(first), int(second or first)
    last_of_february = calendar.monthrange(milling, 2)[1]
    return {
        ProductKind.PKBL: [
            WindowSpec(
                date(planting, 6, 1),
                date(planting, 8, 31),
                date(planting, 11, 1),
                date(planting, 12, 31),
            ),
            WindowSpec(
                date(planting, 9, 1),
                date(planting, 11, 30),
                date(milling, 1, 1),
                date(milling, 2, last_of_february),
            ),
        ],
        ProductKind.KUR_TMA: [WindowSpec(date(milling, 3, 1), date(milling, 5, 31))],
    }.get(kind, [])


# The demo enters its PKBL application today, outside the windows: the manager's exception.
LATE_REASON = (
    "Pengajuan di luar jadwal diterima: petani mitra lama, berkas lengkap, lahan sudah "
    "diverifikasi KKW."
)
# PT SMS Dompu (domain.md 5b): only the PS881 seed is free; the farmer pays Rp 50,000 for its
# transport, and the fertiliser, handed out by area band, is charged after harvest (unless the
# farmer buys his own). The study gives no fertiliser prices: these are illustrative.
DOMPU_PACKAGE = "Paket bibit PS881 dan pupuk (pola inti-plasma PT SMS Dompu)"
DOMPU_PRICES = {
    "price_per_stalk": D("0"),
    "seed_transport_fee": D("50000"),
    "price_per_kg_za": D("2400"),
    "price_per_kg_npk": D("3000"),
    "price_per_kg_sp36": D("2800"),
}
DOMPU_BANDS = [
    ("0.5", "1", 4500, "400", "600", "600"),
    ("1", "1.5", 6000, "600", "900", "900"),
    ("1.5", "2", 9000, "800", "1200", "1200"),
]


@dataclass
class Loaded:
    products: int = 0
    applications: int = 0


def _staff(mill: Mill, role: str) -> User:
    return mill.members.filter(role=role, is_active=True).order_by("id").first()


def load_demo_credit() -> Loaded:
    loaded = Loaded()
    mill = Mill.objects.filter(code="semboro").first()
    if mill is None:
        raise RuntimeError("Run load_demo (and load_demo_harvest) first.")
    season = mill.seasons.get(is_current=True)
    manager = _staff(mill, Role.MANAGER)
    with transaction.atomic():
        for name, fields in PRODUCTS.items():
            product = CreditProduct.objects.filter(mill=mill, season=season, name=name).first()
            if product is None:
                product = products.create_product(
                    by=manager, mill=mill, season=season, name=name, **fields
                )
                products.set_tranche_template(
                    product=product,
                    by=manager,
                    lines=[
                        products.TrancheSpec(
                            p, D(a), payee, crop_class=c, when=w, days_after_approval=days
                        )
                        for p, a, payee, c, w, days in TRANCHES[name]
                    ],
                )
                loaded.products += 1
            # Also on a demo database made before products had windows.
            if not product.application_windows.exists() and _windows(product.kind, season):
                windows.set_application_windows(
                    product=product, by=manager, windows=_windows(product.kind, season)
                )
        package = InKindPackage.objects.filter(mill=mill, season=season).first()
        # Also on a demo database made when the whole package was (wrongly) free and unused.
        if package is None or (
            package.name == DOMPU_PACKAGE
            and package.is_free
            and not package.bands.filter(advances__isnull=False).exists()
        ):
            products.save_in_kind_package(
                by=manager,
                mill=mill,
                season=season,
                name=DOMPU_PACKAGE,
                is_free=False,
                prices=DOMPU_PRICES,
                bands=[
                    products.BandSpec(D(a), D(b), s, D(za), D(npk), D(sp))
                    for a, b, s, za, npk, sp in DOMPU_BANDS
                ],
            )
        _applications(mill, season, loaded)
        _complete_short_plans(mill)
        # PG Pakis Baru's terms for next season: a first loan sized by this season's harvest.
        counts = CreditProduct.objects.count(), CreditApplication.objects.count()
        load_pakis_baru(mill, season)
        loaded.products += CreditProduct.objects.count() - counts[0]
        loaded.applications += CreditApplication.objects.count() - counts[1]
    return loaded


def _complete_short_plans(mill) -> None:
    """A demo database loaded before tranche plans were checked has its plant-cane PKBL planned
    at the ratoon split, short of the approved amount: the credit officer adds a tranche for
    what is missing, as the loan page asks (on a fresh demo every plan adds up already)."""
    officer = _staff(mill, Role.CREDIT_OFFICER)
    for short in short_tranche_plans(mill=mill):
        if short.application.status in disbursements.PAYABLE_STATUSES:
            disbursements.add_tranche(
                application=short.application,
                by=officer,
                purpose=TranchePurpose.CULTIVATION,
                payee=Payee.FARMER,
                planned_amount=short.missing,
            )


def _trk_farmers(mill, season):
    contracts = (
        SeasonContract.objects.filter(
            mill=mill, season=season, status=ContractStatus.SIGNED, partner_type=PartnerType.TRK
        )
        .select_related("farmer__user")
        .prefetch_related("plots")
        .order_by("farmer__name")
    )
    return [(c.farmer, list(c.plots.all())) for c in contracts if c.plots.all()]


SHARE_ASKED = D("0.8")  # demo applications ask 80 % of their ceiling


def _apply(farmer, plots, product, sinder, share=SHARE_ASKED):
    existing = CreditApplication.objects.filter(farmer=farmer, product=product).first()
    if existing is not None:
        return existing, False
    refusal, _exception = windows.check_window(
        product=product, farmer=farmer, on=timezone.localdate()
    )
    if refusal:
        windows.record_window_exception(
            by=_staff(product.mill, Role.MANAGER),
            product=product,
            farmer=farmer,
            reason=LATE_REASON,
        )
    lines = [PlotLine(plot) for plot in plots]
    ceiling = applications.ceiling_for(
        farmer=farmer,
        product=product,
        plot_lines=[(p.crop_class, p.area_ha) for p in plots],
    )
    requested = (ceiling.amount * share).quantize(D("1000"))
    application = applications.create_application(
        by=sinder,
        farmer=farmer,
        product=product,
        plots=lines,
        requested_amount=requested,
        declares_no_bank_loan=True,
        collateral=[Collateral("land_certificate", farmer.name, requested, "Sertifikat hak milik")],
    )
    return application, True


def _to_verified(application, sinder, officer):
    workflow.submit_application(application=application, by=sinder)
    for document in application.documents.all():
        from django.core.files.base import ContentFile

        scan = ContentFile(b"%PDF-1.4\n% demo scan\n%%EOF\n", name="scan.pdf")
        documents.upload_application_document(document=document, by=sinder, file=scan)
        documents.verify_application_document(document=document, by=officer)
    workflow.mark_documents_complete(application=application, by=officer)
    if application.product.requires_interview:
        applications.record_interview(
            application=application, by=sinder, notes="Petani terpercaya", skipped=True
        )
    if application.product.requires_plot_visit:
        applications.record_plot_visit(
            application=application,
            by=sinder,
            visited_on=timezone.localdate(),
            report="Tanaman baik, batas petak sesuai gambar.",
        )
    workflow.verify_application(application=application, by=officer, note="Diverifikasi bank")


def _walk_chain(application, decider, stop_at: int | None = None) -> None:
    """Take the product's approval steps before the decision (or the first ``stop_at``), each by
    the demo holder of its position, or else the first member of its role free to take it."""
    while True:
        application.refresh_from_db()
        state = approvals.application_chain_state(application)
        if state.waiting is None or state.is_last_waiting:
            return
        if stop_at is not None and state.done_count >= stop_at:
            return
        step = state.waiting
        # The credit officer who decides last keeps out of the steps before.
        barred = state.taken_by | approvals.application_makers(application) | {decider.pk}
        if step.position_id:
            signer = step.position.holders.exclude(pk__in=barred).order_by("id").first()
        else:
            members = application.farmer.mill.members.filter(role=step.role, is_active=True)
            signer = members.exclude(pk__in=barred).order_by("id").first()
        approvals.approve_step(application=application, by=signer, note="Disetujui")


def _applications(mill, season, loaded: Loaded) -> None:
    sinder = _staff(mill, Role.FIELD_STAFF)
    officer = _staff(mill, Role.CREDIT_OFFICER)
    kur = CreditProduct.objects.get(mill=mill, season=season, kind=ProductKind.KUR)
    pkbl = CreditProduct.objects.get(mill=mill, season=season, kind=ProductKind.PKBL)
    farmers = _trk_farmers(mill, season)
    buriyanto = Farmer.objects.filter(mill=mill, user__username="petani").first()
    # Buriyanto: KUR approved early in the season, both tranches paid, the first DO's
    # instalment posted as a repayment from that DO.
    for farmer, plots in farmers:
        if farmer == buriyanto:
            application, created = _apply(farmer, plots, kur, sinder)
            if created:
                loaded.applications += 1
                _buriyanto_loan(application, sinder, officer)
    others = [(f, p) for f, p in farmers if f != buriyanto][:5]
    steps = ["submitted", "documents_complete", "approved_pkbl_late", "rejected", "draft"]
    for (farmer, plots), step in zip(others, steps, strict=False):
        product = pkbl if step == "approved_pkbl_late" else kur
        application, created = _apply(farmer, plots, product, sinder)
        if not created:
            continue
        loaded.applications += 1
        if step == "draft":
            continue
        if step == "submitted":
            workflow.submit_application(application=application, by=sinder)
        elif step == "documents_complete":
            # Verified, RDKK signed by both managers: it waits at the Disbun signature.
            _to_verified(application, sinder, officer)
            _walk_chain(application, officer, stop_at=2)
        elif step == "rejected":
            workflow.submit_application(application=application, by=sinder)
            workflow.reject_application(
                application=application,
                by=officer,
                reason="Masih ada pinjaman bank yang belum lunas.",
            )
        elif step == "approved_pkbl_late":
            _to_verified(application, sinder, officer)
            _walk_chain(application, officer)
            workflow.approve_application(
                application=application,
                by=officer,
                amount=application.requested_amount,
                approved_on=timezone.localdate() - timedelta(days=75),
            )
            # Approved 75 days ago and still unpaid: overdue on the pipeline (60 days).
            application.refresh_from_db()
            change = application.status_changes.order_by("-at", "-id").first()
            moved = timezone.now() - timedelta(days=75)
            change.at = moved
            change.save(update_fields=["at"])
            CreditApplication.objects.filter(pk=application.pk).update(status_changed_at=moved)


def _buriyanto_loan(application, sinder, officer) -> None:
    _to_verified(application, sinder, officer)
    _walk_chain(application, officer)
    first_do = (
        DeliveryOrder.objects.filter(farmer=application.farmer, season=application.season)
        .exclude(status=DoStatus.DRAFT)
        .order_by("issued_at")
        .first()
    )
    start = date(2026, 2, 10)
    workflow.approve_application(
        application=application, by=officer, amount=application.requested_amount, approved_on=start
    )
    garap, *rest = application.disbursements.order_by("order")
    disbursements.record_tranche_paid(
        disbursement=garap, by=officer, paid_on=date(2026, 3, 2), reference="BRI/KUR/0001"
    )
    for tranche in rest:
        disbursements.record_tranche_paid(
            disbursement=tranche, by=officer, paid_on=date(2026, 6, 30), reference="BRI/KUR/0002"
        )
    if first_do is not None:
        post_do_repayments(delivery_order=first_do, by=officer)
