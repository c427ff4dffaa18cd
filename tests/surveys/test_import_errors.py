"""An import is checked row by row; out-of-range scores, unknown attributes, duplicate
respondent × attribute rows and unknown NIKs are reported by row, and nothing is saved."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from surveys import services
from surveys.imports import ImportRejected
from surveys.models import SurveyAnswer, SurveyResponse

pytestmark = pytest.mark.django_db

BAD_FILE = """respondent,attribute,importance,performance
R01,Persyaratan pengajuan kredit,4,5
R01,Pencairan dana kredit,6,3
R01,Atribut yang tidak ada,4,4
R02,a05,4,0
R02,Prosedur pengajuan kredit,3,3
R02,5,4,4
R03,Informasi rendemen,empat,4
R03,Waktu pembayaran DO,4.5,
"""


def problems_of(survey_round, manager, text: str, *, anonymous=True, name="paper.csv"):
    with pytest.raises(ImportRejected) as rejected:
        services.import_responses(
            survey_round=survey_round,
            data=text.encode(),
            file_name=name,
            anonymous=anonymous,
            by=manager,
        )
    return [(p.row, p.column) for p in rejected.value.problems], rejected.value.problems


def test_every_bad_row_is_reported_and_nothing_is_saved(world, open_round):
    found, problems = problems_of(open_round, world["manager"], BAD_FILE)
    assert found == [
        (3, "importance"),  # 6 is above 5
        (4, "attribute"),  # unknown attribute
        (5, "performance"),  # 0 is below 1
        (7, "attribute"),  # R02 answers attribute 5 a second time (by its number)
        (8, "importance"),  # not a number
        (9, "importance"),  # not a whole number
    ]
    assert "Atribut yang tidak ada" in problems[1].message
    assert "row 5" in problems[3].message or "baris 5" in problems[3].message
    assert not SurveyResponse.objects.filter(round=open_round).exists()
    assert not SurveyAnswer.objects.exists()


def test_unknown_and_foreign_niks_are_reported(world, open_round):
    own = world["farmers"]["north_trk"]
    text = (
        "respondent,attribute,importance,performance\n"
        f"{own.nik},a01,4,4\n"
        "3509999999999999,a01,4,4\n"
        f"{world['other_farmer'].nik},a01,4,4\n"
        "R01,a01,4,4\n"
    )
    found, problems = problems_of(open_round, world["manager"], text, anonymous=False)
    assert found == [(3, "respondent"), (4, "respondent"), (5, "respondent")]
    assert "3509999999999999" in problems[0].message
    assert not SurveyResponse.objects.exists()


def test_a_farmer_who_already_answered_is_reported(world, open_round):
    farmer = world["farmers"]["north_trk"]
    services.save_response(
        survey_round=open_round, by=world["sinder"], farmer=farmer, answers={"a01": (3, 3)}
    )
    text = f"respondent,attribute,importance,performance\n{farmer.nik},a02,4,4\n"
    found, _ = problems_of(open_round, world["manager"], text, anonymous=False)
    assert found == [(2, "respondent")]
    assert SurveyAnswer.objects.count() == 1


def test_missing_columns_and_wrong_file_types_are_refused(world, open_round):
    found, _ = problems_of(open_round, world["manager"], "respondent,attribute,score\nR1,a01,4\n")
    assert found == [(1, "importance"), (1, "performance")]
    found, _ = problems_of(open_round, world["manager"], "x", name="answers.pdf")
    assert found == [(None, "")]


def test_a_valid_file_by_nik_saves_every_answer_with_skips(world, open_round):
    farmer = world["farmers"]["south_trk"]
    text = (
        "responden;atribut;kepentingan;kinerja\n"  # Indonesian headers, semicolons
        f"{farmer.nik};Persyaratan pengajuan kredit;4;5\n"
        f"{farmer.nik};a02;;3\n"
        f"{farmer.nik};Credit disbursement;5;\n"
        f"{farmer.nik};a03;;\n"
    )
    outcome = services.import_responses(
        survey_round=open_round,
        data=text.encode(),
        file_name="kertas.csv",
        anonymous=False,
        by=world["manager"],
    )
    assert (outcome.respondents, outcome.answers) == (1, 3)
    response = SurveyResponse.objects.get(round=open_round, farmer=farmer)
    assert response.region == farmer.region and response.partner_type == "trk"
    scores = dict(response.answers.values_list("attribute__code", "importance"))
    assert scores == {"a01": 4, "a02": None, "a05": 5}


def test_xlsx_files_are_read_too(world, open_round):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Respondent", "Attribute", "Importance", "Performance"])
    sheet.append(["P1", "a01", 4, 5.0])
    sheet.append(["P1", "a02", 7, 5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(ImportRejected) as rejected:
        services.import_responses(
            survey_round=open_round,
            data=buffer.getvalue(),
            file_name="kertas.xlsx",
            anonymous=True,
            by=world["manager"],
        )
    assert [(p.row, p.column) for p in rejected.value.problems] == [(3, "importance")]
    assert not SurveyResponse.objects.exists()


def test_the_import_page_lists_the_problems_by_row(client, world, open_round):
    client.force_login(world["manager"])
    upload = SimpleUploadedFile("paper.csv", BAD_FILE.encode(), content_type="text/csv")
    response = client.post(
        reverse("surveys:round-import", args=[open_round.pk]),
        {"file": upload, "respondents": "anonymous"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="import-problems"' in html
    for row in ("<td>3</td>", "<td>4</td>", "<td>5</td>", "<td>7</td>", "<td>8</td>", "<td>9</td>"):
        assert row in html
    assert not SurveyResponse.objects.exists()


def test_field_staff_may_not_import(client, world, open_round):
    client.force_login(world["sinder"])
    response = client.get(reverse("surveys:round-import", args=[open_round.pk]))
    assert response.status_code == 403
