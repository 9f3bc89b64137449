"""What consultations tell the core: figures, open_now/search, personal data, demo content, jobs."""

from datetime import timedelta

from django.utils import timezone

from consultations.models import Comment, Follow, Statement, StatementExport, Support
from consultations.services import statement_create
from platform_core.registry import registry

from .factories import make_citizen, make_dialogue, make_procedure, statement_data


def app():
    return next(a for a in registry.apps() if a.label == "consultations")


def test_open_now_and_search_list_open_dialogues_and_procedures(in_kassel):
    dialogue = make_dialogue(title="Radverkehr Nordstadt")
    make_dialogue(phase="announced", title="Spielplatz später")
    procedure = make_procedure(title="Bebauungsplan Wehlheiden")
    titles = {item.title for item in app().open_now()}
    assert {dialogue.title, procedure.title} <= titles and "Spielplatz später" not in titles
    assert [item.title for item in app().search("wehlheiden")] == ["Bebauungsplan Wehlheiden"]
    item = next(i for i in app().open_now() if i.title == dialogue.title)
    assert item.url == dialogue.url and item.ends_at == dialogue.evaluation_at


def test_personal_data_export_and_erase(in_kassel):
    page = make_dialogue()
    person, other = make_citizen(), make_citizen()
    mine = Comment.objects.create(page=page, author=person, author_name="P", body="Meins")
    theirs = Comment.objects.create(page=page, author=other, author_name="O", body="Deins", support_count=1)
    Support.objects.create(comment=theirs, user=person)
    Follow.objects.create(page=page, user=person)
    procedure = make_procedure()
    statement_create(page=procedure, **{**{k: v for k, v in statement_data().items() if k != "privacy"},
                                        "email": person.email})  # fmt: skip
    data = app().personal_data.export(person)
    assert data["comments"][0]["text"] == "Meins" and data["statements"][0]["email"] == person.email
    assert data["follows"] == [page.title]
    app().personal_data.erase(person)
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.body == "" and mine.author is None and mine.status == "hidden"
    assert theirs.support_count == 0 and not Follow.objects.filter(user=person).exists()
    statement = Statement.objects.get()
    assert statement.name == "" and statement.email == "" and statement.body  # kept for the procedure
    assert app().personal_data.export(person) is None


def test_demo_builds_a_dialogue_in_kassel_and_a_procedure_in_marburg(in_kassel, marburg):
    from django_tenants.utils import schema_context

    from consultations.models import ConsultationPage, ProcedurePage

    app().demo(in_kassel)
    page = ConsultationPage.objects.get(slug="radverkehrskonzept-2030")
    assert page.paragraphs() and page.comments.count() == 4
    assert page.phase == "open"  # open for comments at once, not "announced" until the first cron run
    with schema_context(marburg.schema_name):
        app().demo(marburg)
        assert ProcedurePage.objects.get(slug="bebauungsplan-12-richtsberg").is_open


def test_figures_and_recovery_of_an_abandoned_export(in_kassel, settings, tmp_path):
    assert {"consultations", "consultation_comments", "statements"} <= {f.key for f in app().figures}
    procedure = make_procedure()
    export = StatementExport.objects.create(page=procedure, format="xlsx", status="running",
                                            started_at=timezone.now() - timedelta(hours=1))  # fmt: skip
    assert app().jobs[0].recover() == 1  # no worker holds its lock
    export.refresh_from_db()
    assert export.status == "failed" and "erneut" in export.error


def test_listing_in_the_header(in_kassel, client_for, kassel):
    make_dialogue(title="Radverkehr Südstadt")
    html = client_for(kassel).get("/mitmachen/").content.decode()
    assert "Dialoge und Verfahren" in html and "Radverkehr Südstadt" in html
