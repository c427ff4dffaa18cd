"""The questionnaire Tebu Mitra ships with: the 13 attributes PG Semboro asked in 2019 (taken from
an earlier study at PG Olean) with their SERVQUAL dimension (domain.md section 6), the Likert labels
of both scales, and an anchored description of each performance score so that two interviewers
read a "3" the same way. This is survey data in the respondents' language, not interface text,
so it is stored on the template rows in Indonesian and English rather than translated by gettext.
"""

from __future__ import annotations

from surveys.models import Dimension

DEFAULT_TEMPLATE_NAME = "Kepuasan petani mitra (standar)"
DEFAULT_TEMPLATE_DESCRIPTION = (
    "13 atribut layanan kemitraan PG Semboro 2019 (dari studi di PG Olean), "
    "dikelompokkan menurut dimensi SERVQUAL."
)

LIKERT_LABELS = {
    "importance": {
        "id": [
            "Sangat tidak penting",
            "Tidak penting",
            "Cukup penting",
            "Penting",
            "Sangat penting",
        ],
        "en": [
            "Not at all important",
            "Not important",
            "Fairly important",
            "Important",
            "Very important",
        ],
    },
    "performance": {
        "id": ["Sangat tidak baik", "Tidak baik", "Cukup baik", "Baik", "Sangat baik"],
        "en": ["Very poor", "Poor", "Fair", "Good", "Very good"],
    },
}

# (code, Indonesian, English, dimension, anchors 1..5 in Indonesian, anchors 1..5 in English)
DEFAULT_ATTRIBUTES: list[tuple[str, str, str, str, list[str], list[str]]] = [
    (
        "a01",
        "Persyaratan pengajuan kredit",
        "Credit application requirements",
        Dimension.ASSURANCE,
        [
            "Syarat tidak jelas dan berubah-ubah",
            "Syarat banyak dan sulit dipenuhi",
            "Syarat jelas tetapi memberatkan",
            "Syarat jelas dan dapat dipenuhi",
            "Syarat jelas, sederhana, dibantu petugas",
        ],
        [
            "Unclear and changing requirements",
            "Many requirements, hard to meet",
            "Clear but burdensome",
            "Clear and achievable",
            "Clear, simple, staff help",
        ],
    ),
    (
        "a02",
        "Pemetaan luas areal lahan",
        "Plot area mapping",
        Dimension.RELIABILITY,
        [
            "Lahan tidak pernah diukur",
            "Hasil ukur jauh dari luas sebenarnya",
            "Hasil ukur kadang meleset",
            "Diukur dengan GPS, hasil sesuai",
            "Diukur dengan GPS, hasil sesuai dan diperlihatkan",
        ],
        [
            "Plot never measured",
            "Measured area far from the real one",
            "Measured area sometimes off",
            "GPS-measured, area correct",
            "GPS-measured, correct, and shown to me",
        ],
    ),
    (
        "a03",
        "Prosedur pengajuan kredit",
        "Credit application procedure",
        Dimension.RELIABILITY,
        [
            "Prosedur tidak diketahui petani",
            "Prosedur berbelit dan lama",
            "Prosedur cukup jelas, langkah kadang tidak diberitahu",
            "Prosedur jelas, langkah diberitahu",
            "Prosedur jelas, setiap langkah dapat dipantau",
        ],
        [
            "Farmer does not know the procedure",
            "Complicated and slow",
            "Fairly clear, steps not always told",
            "Clear, steps are told",
            "Clear, every step can be followed",
        ],
    ),
    (
        "a04",
        "Jumlah dana kredit yang diberikan",
        "Credit amount granted",
        Dimension.TANGIBLES,
        [
            "Jauh di bawah kebutuhan",
            "Di bawah kebutuhan",
            "Cukup untuk sebagian kebutuhan",
            "Sesuai kebutuhan",
            "Sesuai kebutuhan dan jumlahnya diberitahu di awal",
        ],
        [
            "Far below needs",
            "Below needs",
            "Covers part of the needs",
            "Matches needs",
            "Matches needs, amount told up front",
        ],
    ),
    (
        "a05",
        "Pencairan dana kredit",
        "Credit disbursement",
        Dimension.RESPONSIVENESS,
        [
            "Terlambat lebih dari 4 bulan",
            "Terlambat 2-4 bulan",
            "Terlambat sekitar 1 bulan",
            "Tepat waktu",
            "Tepat waktu dan jadwalnya diberitahu",
        ],
        [
            "More than 4 months late",
            "2-4 months late",
            "About 1 month late",
            "On time",
            "On time, schedule announced",
        ],
    ),
    (
        "a06",
        "Komunikasi dengan pihak PG",
        "Communication with the mill",
        Dimension.ASSURANCE,
        [
            "Tidak ada komunikasi",
            "Sulit menghubungi PG",
            "Komunikasi hanya lewat KKW, kadang lambat",
            "Komunikasi lancar",
            "Komunikasi lancar, ada forum rutin",
        ],
        [
            "No communication",
            "Hard to reach the mill",
            "Only through the KKW, sometimes slow",
            "Communication flows well",
            "Flows well, regular forums held",
        ],
    ),
    (
        "a07",
        "Respon terhadap keluhan",
        "Response to complaints",
        Dimension.RESPONSIVENESS,
        [
            "Keluhan tidak ditanggapi",
            "Ditanggapi sangat lambat",
            "Ditanggapi, tetapi tanpa penyelesaian",
            "Ditanggapi dan diselesaikan",
            "Ditanggapi cepat dan diselesaikan",
        ],
        [
            "Complaints ignored",
            "Answered very slowly",
            "Answered without a solution",
            "Answered and solved",
            "Answered quickly and solved",
        ],
    ),
    (
        "a08",
        "Frekuensi bimbingan teknis",
        "Frequency of technical guidance",
        Dimension.EMPATHY,
        [
            "Tidak pernah ada bimbingan",
            "Sekali dalam satu musim atau kurang",
            "Beberapa kali dalam satu musim",
            "Rutin setiap bulan",
            "Rutin dan sesuai kebutuhan kebun",
        ],
        [
            "Never any guidance",
            "Once a season or less",
            "A few times a season",
            "Monthly",
            "Regular and fitted to the plot",
        ],
    ),
    (
        "a09",
        "Pengaturan waktu giling",
        "Milling schedule",
        Dimension.RESPONSIVENESS,
        [
            "Jadwal tebang tidak jelas, tebu lama menunggu",
            "Jadwal sering berubah tanpa kabar",
            "Jadwal kadang berubah",
            "Jadwal jelas dan ditepati",
            "Jadwal jelas, ditepati, sesuai kemasakan tebu",
        ],
        [
            "No clear schedule, cane waits long",
            "Changes often without notice",
            "Sometimes changes",
            "Clear and kept",
            "Clear, kept, follows cane ripeness",
        ],
    ),
    (
        "a10",
        "Penentuan kualitas tebu",
        "Cane quality determination",
        Dimension.ASSURANCE,
        [
            "Penilaian tidak jelas dan merugikan",
            "Penilaian sering tidak sesuai",
            "Penilaian kadang tidak sesuai",
            "Penilaian sesuai standar MBS",
            "Sesuai standar MBS dan dijelaskan",
        ],
        [
            "Unclear and unfair grading",
            "Often wrong",
            "Sometimes wrong",
            "Follows the MBS standard",
            "Follows MBS and is explained",
        ],
    ),
    (
        "a11",
        "Informasi rendemen",
        "Rendemen information",
        Dimension.ASSURANCE,
        [
            "Rendemen tidak diberitahukan",
            "Hanya angka akhir, terlambat",
            "Hanya angka akhir",
            "Angka dan cara hitungnya dapat dilihat",
            "Angka, cara hitung dan riwayat perubahannya terbuka",
        ],
        [
            "Rendemen not told",
            "Final number only, late",
            "Final number only",
            "Number and how it was computed shown",
            "Number, computation and changes all open",
        ],
    ),
    (
        "a12",
        "Profit sharing gula",
        "Sugar profit sharing",
        Dimension.ASSURANCE,
        [
            "Bagian petani tidak jelas",
            "Bagian petani terasa tidak adil",
            "Cukup adil tetapi kurang jelas",
            "Adil dan jelas",
            "Adil, jelas dan dirinci di DO",
        ],
        [
            "Farmer's share unclear",
            "Share feels unfair",
            "Fair enough but unclear",
            "Fair and clear",
            "Fair, clear, itemised on the DO",
        ],
    ),
    (
        "a13",
        "Waktu pembayaran DO",
        "DO payment time",
        Dimension.ASSURANCE,
        [
            "Dibayar lebih dari 3 bulan setelah giling",
            "Dibayar 2-3 bulan, dicicil",
            "Dibayar sekitar 1 bulan",
            "Dibayar tepat waktu",
            "Tepat waktu dan tanggalnya diberitahu",
        ],
        [
            "Paid more than 3 months after milling",
            "Paid in 2-3 months, in instalments",
            "Paid in about 1 month",
            "Paid on time",
            "On time, date announced",
        ],
    ),
]
