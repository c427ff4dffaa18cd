"""Weighings from the weighbridge software's CSV: all rows or none, with a message per bad row;
importing the same file again changes nothing."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from harvest.models import SptaStatus, Weighing
from harvest.services.weighing_import import import_weighings_csv
from tests.factories import SptaFactory

pytestmark = pytest.mark.django_db

HEADER = "spta_number,gross_kg,tare_kg,trash_percent,cut_at,arrived_at,weighed_at\n"


def loading_day():
    # The file's loads were weighed yesterday, so their fixed hours are never in the future.
    return timezone.localdate() - timedelta(days=1)


@pytest.fixture
def sptas(hw):
    return [
        SptaFactory(plot=hw.plot, number=f"SPTA/CSV/{n}", cutting_date=loading_day())
        for n in (1, 2, 3)
    ]


def rows(*lines) -> str:
    day = loading_day().isoformat()
    return HEADER + "".join(line.format(day=day) + "\n" for line in lines)


GOOD = [
    "SPTA/CSV/1,15000,7000,2,{day} 01:00,{day} 05:00,{day} 05:10",
    "SPTA/CSV/2,14000.5,6900,0,{day} 02:00,{day} 05:30,{day} 05:40",
]


def test_good_file_saves_every_row_and_marks_the_sptas_used(hw, sptas):
    result = import_weighings_csv(by=hw.clerk, mill=hw.mill, text=rows(*GOOD))

    assert result.ok and result.created == 2
    first = Weighing.objects.get(spta=sptas[0])
    assert first.net_kg == Decimal("7840")  # 8,000 × 98 %
    assert first.source == "import"
    assert timezone.localtime(first.weighed_at).strftime("%H:%M") == "05:10"  # read as WIB
    sptas[0].refresh_from_db()
    assert sptas[0].status == SptaStatus.USED


def test_one_bad_row_saves_nothing_and_says_which_and_why(hw, sptas):
    text = rows(
        *GOOD,
        "SPTA/CSV/3,7000,15000,0,{day} 01:00,{day} 05:00,{day} 05:10",  # tare above gross
        "SPTA/NOPE,15000,7000,0,{day} 01:00,{day} 05:00,{day} 05:10",
        "SPTA/CSV/1,15000,7000,0,{day} 01:00,{day} 05:00,{day} 05:10",  # twice in the file
    )

    result = import_weighings_csv(by=hw.clerk, mill=hw.mill, text=text)

    assert not result.ok and result.created == 0
    assert [row.line for row in result.errors] == [4, 5, 6]
    assert "lebih besar dari berat bruto" in " ".join(result.errors[0].messages)
    assert "SPTA/NOPE" in " ".join(result.errors[1].messages)
    assert "dua kali" in " ".join(result.errors[2].messages)
    assert not Weighing.objects.exists()


def test_importing_the_same_file_twice_changes_nothing(hw, sptas):
    import_weighings_csv(by=hw.clerk, mill=hw.mill, text=rows(*GOOD))

    again = import_weighings_csv(by=hw.clerk, mill=hw.mill, text=rows(*GOOD))

    assert again.ok and again.created == 0 and again.unchanged == 2
    assert Weighing.objects.count() == 2


def test_a_used_spta_with_other_figures_is_an_error(hw, sptas):
    import_weighings_csv(by=hw.clerk, mill=hw.mill, text=rows(*GOOD))
    changed = GOOD[0].replace("15000", "15500")

    result = import_weighings_csv(by=hw.clerk, mill=hw.mill, text=rows(changed))

    assert not result.ok
    assert "dengan angka lain" in " ".join(result.errors[0].messages)


def test_missing_columns_are_named(hw, sptas):
    result = import_weighings_csv(
        by=hw.clerk, mill=hw.mill, text="spta_number,gross_kg\nSPTA/CSV/1,1\n"
    )
    assert not result.ok
    assert "tare_kg" in result.file_errors[0]


def test_import_page_uploads_and_reports(hw, sptas, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(hw.clerk)
    upload = SimpleUploadedFile("timbang.csv", rows(*GOOD).encode(), content_type="text/csv")

    response = client.post(reverse("weighing-import"), {"file": upload})

    assert response.status_code == 302
    assert Weighing.objects.count() == 2
