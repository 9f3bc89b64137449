"""Results are counted by PostgreSQL; breakdowns hide small groups; exports parse back."""

import csv
import io
import uuid

from django.contrib.auth import get_user_model
from openpyxl import load_workbook

from platform_core.models import AuditEntry
from surveys.models import Question, Response, SurveyExport
from surveys.selectors import survey_breakdown, survey_results, survey_structure
from surveys.services import response_submit
from tests.surveys.factories import make_survey, opt, row

Kind = Question.Kind


def submit(survey, age: str, safe: str, *, years="10", text="", bike=False, place=None):
    q = {x.code: x for s in survey_structure(survey) for x in s.questions.all()}
    answers = {
        str(q["age"].pk): opt(survey, "age", age),
        str(q["safe"].pk): opt(survey, "safe", safe),
        str(q["years"].pk): years,
        str(q["parks"].pk): {str(row(survey, "parks", "green")): opt(survey, "parks", "3")},
        str(q["priorities"].pk): {str(opt(survey, "priorities", "a")): 1, str(opt(survey, "priorities", "b")): 2},
    }
    if bike:
        answers[str(q["transport"].pk)] = {
            "o": [opt(survey, "transport", "bike"), opt(survey, "transport", "other")],
            "other": "Roller",
        }
    if text:
        answers[str(q["wish"].pk)] = text
    if place:
        answers[str(q["place"].pk)] = {"lat": place[0], "lng": place[1], "text": "Bahnhof"}
    sections = survey_structure(survey)
    return response_submit(
        survey=survey, questions=[x for s in sections for x in s.questions.all()], answers=answers, token=uuid.uuid4()
    )


def seed(survey):
    for i in range(6):
        submit(survey, "1", "4", years=str(10 + i), text=f"Wunsch {i}", bike=i % 2 == 0, place=(51.31, 9.48))
    for _ in range(2):
        submit(survey, "3", "1", years="70")  # a group of two: too small to show


def test_counts_percentages_and_statistics(in_kassel):
    survey = make_survey()
    seed(survey)
    data = survey_results(survey)
    assert data["total"] == 8
    r = {x.question.code: x for x in data["results"]}
    assert r["age"].respondents == 8
    assert [(b.label, b.count, b.percent) for b in r["age"].bars] == [
        ("unter 30", 6, 75.0),
        ("30 bis 59", 0, 0.0),
        ("60 und älter", 2, 25.0),
    ]
    assert r["transport"].respondents == 3  # multiple choice: respondents, not ticks
    assert {b.label: b.count for b in r["transport"].bars}["Rad"] == 3
    assert r["transport"].texts == ["Roller"] * 3
    assert r["safe"].stats["mean"] == round((6 * 4 + 2 * 1) / 8, 2)
    assert float(r["years"].stats["max"]) == 70 and float(r["years"].stats["min"]) == 10
    assert r["parks"].matrix[0][2] == 8 and r["parks"].matrix[0][1][2].percent == 100.0
    assert r["priorities"].stats["means"][0] == ("Sauberkeit", 1.0)
    assert r["wish"].text_count == 6 and r["wish"].texts[0] == "Wunsch 5"
    assert r["place"].respondents == 6 and r["place"].grid[0]["count"] == 6


def test_results_page_queries_do_not_grow_with_responses(in_kassel, client_for, django_assert_max_num_queries):
    survey = make_survey()
    seed(survey)
    client = client_for(in_kassel)
    client.force_login(get_user_model().objects.get(email="admin@kassel.example"))
    url = f"/cms/umfragen/{survey.pk}/ergebnisse/"
    client.get(url)
    with django_assert_max_num_queries(40):
        html = client.get(url).content.decode()
    assert "unter 30" in html and "75,0 %" in html and "<svg" in html and 'role="img"' in html


def test_breakdown_suppresses_small_groups(in_kassel, client_for):
    survey = make_survey()
    seed(survey)
    q = {x.code: x for x in survey.questions.all()}
    result = survey_breakdown(survey=survey, question=q["safe"], by=q["age"])
    rows = {r["group"].label: r for r in result["table"]}
    assert not rows["unter 30"]["suppressed"] and rows["unter 30"]["size"] == 6
    assert dict(zip([o.label for o in result["options"]], rows["unter 30"]["cells"], strict=True))["sehr sicher"] == (
        6,
        100.0,
    )
    assert rows["60 und älter"]["suppressed"] and rows["60 und älter"]["cells"] == []
    assert rows["30 bis 59"]["suppressed"]  # nobody at all
    client = client_for(in_kassel)
    client.force_login(get_user_model().objects.get(email="admin@kassel.example"))
    html = client.get(
        f"/cms/umfragen/{survey.pk}/ergebnisse/?frage={q['years'].pk}&nach={q['age'].pk}"
    ).content.decode()
    assert "weniger als 5 Antworten" in html and "12,50" in html  # mean of 10..15 shown for the big group
    assert "70,00" not in html  # the small group's mean is hidden


def request_export(client, survey, fmt: str, capture) -> bytes:
    """Ask for an export as the results page does, run the queued task, download the file."""
    with capture(execute=True) as callbacks:
        response = client.post(f"/cms/umfragen/{survey.pk}/exporte/", {"format": fmt})
    assert response.status_code == 302 and response["Location"].endswith(f"/cms/umfragen/{survey.pk}/exporte/")
    assert len(callbacks) == 1  # the task is enqueued on commit, not before
    export = SurveyExport.objects.filter(survey=survey, format=fmt).latest("pk")
    assert export.status == SurveyExport.Status.DONE and export.row_count == 8, export.error
    listing = client.get(f"/cms/umfragen/{survey.pk}/exporte/").content.decode()
    download_url = f"/cms/umfragen/{survey.pk}/exporte/{export.pk}/datei/"
    assert download_url in listing and "Fertig" in listing
    response = client.get(download_url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{export.filename}"'
    assert export.filename.startswith(survey.slug) and export.filename.endswith("." + fmt)
    content = b"".join(response.streaming_content)
    assert len(content) == export.size
    return content


def test_exports_parse_back(in_kassel, client_for, django_capture_on_commit_callbacks):
    survey = make_survey()
    seed(survey)
    client = client_for(in_kassel)
    client.force_login(get_user_model().objects.get(email="admin@kassel.example"))
    results = client.get(f"/cms/umfragen/{survey.pk}/ergebnisse/").content.decode()
    assert f'action="/cms/umfragen/{survey.pk}/exporte/"' in results and 'value="xlsx"' in results

    text = request_export(client, survey, "csv", django_capture_on_commit_callbacks).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 8
    assert rows[0]["age"] == "unter 30" and rows[0]["transport_bike"] == "1" and rows[0]["transport_car"] == "0"
    assert rows[0]["transport_other"] == "Roller" and rows[1]["transport_bike"] == ""
    assert rows[0]["parks_green"] == "zufrieden" and rows[0]["priorities_a"] == "1" and rows[0]["wish"] == "Wunsch 0"
    assert rows[0]["place_lat"] == "51.31" and rows[-1]["age"] == "60 und älter" and rows[-1]["years"] == "70"

    content = request_export(client, survey, "xlsx", django_capture_on_commit_callbacks)
    book = load_workbook(io.BytesIO(content), read_only=True)
    assert book.sheetnames == ["Antworten", "Codebuch"]
    sheet = list(book["Antworten"].values)
    header = list(sheet[0])
    assert len(sheet) == 9 and sheet[1][header.index("safe")] == "sehr sicher"
    assert sheet[1][header.index("years")] == 10
    codebook = list(book["Codebuch"].values)
    assert ("age", "Wie alt sind Sie?", "Einfachauswahl", "unter 30; 30 bis 59; 60 und älter") in codebook

    content = request_export(client, survey, "pdf", django_capture_on_commit_callbacks)
    assert content.startswith(b"%PDF") and b"Kassel" in content  # the municipality, looked up by the task
    assert {"survey.export_csv", "survey.export_xlsx", "survey.export_pdf", "survey.export_download"} <= set(
        AuditEntry.objects.filter(target_type="surveys.survey", target_id=survey.pk).values_list("action", flat=True)
    )
    assert Response.objects.filter(survey=survey).count() == 8
