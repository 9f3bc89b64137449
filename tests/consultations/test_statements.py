"""Formal procedures: statements with attachments and receipts, the weighing, result, exports."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from consultations.models import ProcedurePage, Statement, StatementExport
from consultations.services import ConsultationError, statement_answer, statement_create
from platform_core.models import AuditEntry

from .factories import make_procedure, pdf_upload, statement_data


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.SURVEYS_PRIVATE_ROOT = str(tmp_path / "private")


def admin_client(client_for, kassel):
    client = client_for(kassel)
    client.force_login(get_user_model().objects.get(email="admin@kassel.example"))
    return client


def test_statement_with_attachment_gets_a_receipt_and_stays_private(
    procedure, client_for, kassel, django_capture_on_commit_callbacks
):
    client = client_for(kassel)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/mitmachen/verfahren/{procedure.pk}/stellungnahme/",
                               {**statement_data(), "attachments": [pdf_upload()]})  # fmt: skip
    assert response.status_code == 302
    statement = Statement.objects.get()
    assert statement.reference.startswith(f"BP-{procedure.pk}-")
    receipt = client.get(response["Location"]).content.decode()
    assert statement.reference in receipt
    assert mail.outbox[-1].to == ["erika@example.org"] and statement.reference in mail.outbox[-1].subject
    assert "plan.pdf" in mail.outbox[-1].body
    attachment = statement.attachments.get()
    assert attachment.size > 0
    with pytest.raises(ValueError):
        _ = attachment.file.url  # private storage: no URL
    page_html = client_for(kassel).get(procedure.url).content.decode()
    assert "Die Zufahrt ist zu eng." not in page_html and "Erika Muster" not in page_html


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("plan.pdf", b"<html><script>alert(1)</script></html>"), "keine gültige PDF-Datei"),
        (SimpleUploadedFile("bild.svg", b"<svg/>"), "kann nicht angehängt werden"),
    ],
)
def test_wrong_attachment_is_refused_with_the_input_kept(procedure, client_for, kassel, upload, message):
    response = client_for(kassel).post(f"/mitmachen/verfahren/{procedure.pk}/stellungnahme/",
                                       {**statement_data(), "attachments": [upload]})  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html and 'class="error-summary"' in html
    assert "Die Zufahrt ist zu eng." in html  # the statement is kept
    assert not Statement.objects.exists()


def test_too_large_attachment_is_refused(procedure, client_for, kassel, monkeypatch):
    monkeypatch.setattr("consultations.forms.ATTACHMENT_MAX_BYTES", 10)
    response = client_for(kassel).post(f"/mitmachen/verfahren/{procedure.pk}/stellungnahme/",
                                       {**statement_data(), "attachments": [pdf_upload()]})  # fmt: skip
    assert "größer als 10 MB" in response.content.decode()


def test_missing_fields_show_german_errors(procedure, client_for, kassel):
    response = client_for(kassel).post(f"/mitmachen/verfahren/{procedure.pk}/stellungnahme/",
                                       statement_data(postcode="12", name=""))  # fmt: skip
    html = response.content.decode()
    assert "Eine Postleitzahl hat fünf Ziffern." in html and "Bitte geben Sie Ihren Namen an." in html


def test_no_statement_outside_the_period(in_kassel, client_for, kassel):
    page = make_procedure(open_now=False)
    response = client_for(kassel).post(f"/mitmachen/verfahren/{page.pk}/stellungnahme/", statement_data())
    assert response.status_code == 400
    assert not Statement.objects.exists()


def test_weighing_screen_answers_assigns_groups_and_is_audited(procedure, client_for, kassel):
    statement = statement_create(page=procedure, **{k: v for k, v in statement_data().items() if k != "privacy"})
    department = Group.objects.create(name="Stadtplanungsamt")
    admin = admin_client(client_for, kassel)
    url = f"/cms/beteiligung/stellungnahmen/{statement.pk}/"
    assert "Die Zufahrt ist zu eng." in admin.get(url).content.decode()
    response = admin.post(url, {"weighing": "partly", "answer": "", "tags": "Verkehr"})
    assert response.status_code == 400 and "Bitte begründen Sie die Entscheidung." in response.content.decode()
    admin.post(url, {"weighing": "partly", "answer": "Die Zufahrt wird verbreitert.", "tags": "Verkehr, Zufahrt",
                     "department": department.pk, "group_title": "Erschließung"})  # fmt: skip
    statement.refresh_from_db()
    assert statement.weighing == "partly" and statement.department == department
    assert statement.group.title == "Erschließung" and statement.tag_list() == ["Verkehr", "Zufahrt"]
    assert statement.answered_by == "admin@kassel.example"
    assert AuditEntry.objects.filter(action="statement.weighed", target_id=str(statement.pk)).exists()


def test_result_is_published_after_the_period_with_all_answers(in_kassel, client_for, kassel):
    page = make_procedure()
    statement = statement_create(page=page, **{k: v for k, v in statement_data().items() if k != "privacy"})
    from datetime import timedelta

    from django.utils import timezone

    ProcedurePage.objects.filter(pk=page.pk).update(period_end=timezone.now() - timedelta(minutes=1))
    page.refresh_from_db()
    admin = admin_client(client_for, kassel)
    admin.post(f"/cms/beteiligung/stellungnahmen/verfahren/{page.pk}/ergebnis/")
    page.refresh_from_db()
    assert page.result_published_at is None  # not every statement answered
    statement_answer(statement=statement, actor="system", weighing="not", answer="Rechtlich nicht möglich.")
    admin.post(f"/cms/beteiligung/stellungnahmen/verfahren/{page.pk}/ergebnis/")
    page.refresh_from_db()
    assert page.result_published_at is not None
    html = client_for(kassel).get(page.url).content.decode()
    assert "Rechtlich nicht möglich." in html and "nicht berücksichtigt" in html
    assert "Erika Muster" not in html and "Ringstraße" not in html
    with pytest.raises(ConsultationError):
        statement_answer(statement=statement, actor="system", weighing="taken", answer="Doch.")


def test_exports_xlsx_and_pdf_are_built_by_the_task_and_parse_back(
    procedure, client_for, kassel, django_capture_on_commit_callbacks
):
    for n in range(3):
        s = statement_create(page=procedure, **{**{k: v for k, v in statement_data().items() if k != "privacy"},
                                                "body": f"=Formel {n}"})  # fmt: skip
        statement_answer(statement=s, actor="system", weighing="taken", answer=f"Antwort {n}")
    admin = admin_client(client_for, kassel)
    for fmt in ("xlsx", "pdf"):
        with django_capture_on_commit_callbacks(execute=True):
            admin.post(f"/cms/beteiligung/stellungnahmen/verfahren/{procedure.pk}/export/", {"format": fmt})
    exports = {e.format: e for e in StatementExport.objects.filter(page=procedure)}
    assert {e.status for e in exports.values()} == {"done"}
    response = admin.get(f"/cms/beteiligung/stellungnahmen/verfahren/{procedure.pk}/export/{exports['xlsx'].pk}/datei/")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.values)
    assert rows[0][0] == "Aktenzeichen" and len(rows) == 4
    assert rows[1][5] == "=Formel 0" and workbook.active["F2"].data_type == "s"  # text, never a formula
    assert rows[3][11] == "Antwort 2" and rows[1][10] == "berücksichtigt"
    pdf = admin.get(f"/cms/beteiligung/stellungnahmen/verfahren/{procedure.pk}/export/{exports['pdf'].pk}/datei/")
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_followers_of_a_procedure_are_emailed_when_the_result_is_published(
    in_kassel, client_for, kassel, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from .factories import make_citizen

    page = make_procedure()
    person = make_citizen("folgt")
    client = client_for(kassel)
    client.force_login(person)
    assert "Per E-Mail über das Ergebnis informieren" in client.get(page.url).content.decode()
    client.post(f"/mitmachen/folgen/{page.pk}/", {"action": "start"})
    assert "Wir schreiben Ihnen, wenn das Ergebnis veröffentlicht ist." in client.get(page.url).content.decode()
    ProcedurePage.objects.filter(pk=page.pk).update(period_end=timezone.now() - timedelta(minutes=1))
    page.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client(client_for, kassel).post(f"/cms/beteiligung/stellungnahmen/verfahren/{page.pk}/ergebnis/")
    message = mail.outbox[-1]
    assert message.to == [person.email] and message.subject.startswith("Ergebnis:")
    assert "/mitmachen/abmelden/" in message.body
