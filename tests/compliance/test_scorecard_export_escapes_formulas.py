"""The scorecard workbook shows a region name that starts like a formula as text, and keeps its
figures as numbers."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db

LINK = '=HYPERLINK("http://evil.example/","klik")'


def test_region_name_is_text_and_figures_stay_numbers(hw, client):
    hw.north.name = LINK
    hw.north.save()
    client.force_login(hw.manager)

    response = client.get(
        reverse("compliance:scorecard-export"), {"season": hw.season.pk, "region": hw.north.pk}
    )

    sheet = load_workbook(io.BytesIO(response.content))["Scorecard"]
    region = sheet["B2"]
    assert region.data_type == "s" and region.value == "'" + LINK
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)
    events = load_workbook(io.BytesIO(response.content))["Events"]
    totals = [row[2] for row in events.iter_rows(min_row=2) if row[2].value is not None]
    assert all(cell.data_type == "n" for cell in totals)
