"""Results: closing a KOMPASS survey copies only aggregates to the public schema; the report, the
PDF and the benchmark read them, for the programme office and the right police headquarters."""

import json
from collections import Counter

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from kompass import services
from kompass.state.models import MIN_GROUP, AggregateRound, ItemAggregate
from surveys.models import Answer, Question
from tests.kompass.factories import FREE_TEXT, fill_responses

DISTRICTS = ["Mitte", "Nord-Holland", "Wesertor", "Bettenhausen", "Wilhelmshöhe", "Brasselsberg", "Harleshausen",
             "Kirchditmold", "Rothenditmold", "Fasanenhof", "Waldau"]  # fmt: skip


@pytest.fixture
def closed_round(admitted_kassel, kassel, kassel_admin, django_capture_on_commit_callbacks):
    """Kassel's KOMPASS survey with 80 answers (12 on paper, 9 unsafe places), closed from the admin."""
    with schema_context(kassel.schema_name):
        kompass = services.kompass_survey_create(variant="full", districts=DISTRICTS, actor="t")
        from surveys.services import survey_publish

        survey_publish(survey=kompass.survey)
        fill_responses(kompass.survey, 80, paper=12, places=9)
    with django_capture_on_commit_callbacks(execute=True):
        response = kassel_admin.post(f"/cms/umfragen/{kompass.survey.pk}/aktion/close/")
    assert response.status_code == 302
    return kompass


def test_closing_copies_aggregates_with_small_groups_suppressed(closed_round, kassel):
    round_row = AggregateRound.objects.get(municipality=kassel, round=1)
    assert (round_row.responses, round_row.paper_responses) == (80, 12)
    overall = ItemAggregate.objects.get(round=round_row, item="K_SAFE_NIGHT", group_kind="all")
    assert overall.n == 80 and sum(overall.counts.values()) == 80
    assert ItemAggregate.objects.filter(round=round_row, item="K_WORRY:burglary", group_kind="all").exists()
    with schema_context(kassel.schema_name):
        district_q = Question.objects.get(code="K_DISTRICT")
        sizes = Counter(Answer.objects.filter(question=district_q).values_list("option__label", flat=True))
    stored = set(
        ItemAggregate.objects.filter(round=round_row, item="K_SAFE_NIGHT", group_kind="district").values_list(
            "group_value", flat=True
        )
    )
    assert stored == {name for name, size in sizes.items() if size >= MIN_GROUP}
    assert any(size < MIN_GROUP for size in sizes.values())  # 80 answers over 11 districts: some are small
    assert not ItemAggregate.objects.filter(n__lt=MIN_GROUP).exists()
    with schema_context(kassel.schema_name):
        assert services.Participation.objects.get(municipality=kassel).status == "analysis"


def test_no_raw_answer_reaches_the_public_schema(closed_round, kassel):
    with schema_context(kassel.schema_name):
        places = list(Answer.objects.filter(question__code="K_PLACES").values_list("lat", flat=True))
    assert len(places) == 9
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
            "AND (table_name LIKE 'kompass%%' OR table_name LIKE 'surveys%%')"
        )
        tables = [row[0] for row in cursor.fetchall()]
        assert not any(t.startswith("surveys") for t in tables)
        dump = ""
        for table in tables:
            cursor.execute(f'SELECT row_to_json(t)::text FROM "{table}" t')
            dump += "\n".join(row[0] for row in cursor.fetchall())
    assert "Geheimer Freitext" not in dump and FREE_TEXT not in dump
    assert not any(f"{lat:.6f}" in dump for lat in places)
    items = set(ItemAggregate.objects.values_list("item", flat=True))
    assert "K_SAFE_NIGHT" in items and not items & {"K_PLACES", "K_URGENT", "K_IDEAS"}


def test_report_page_and_pdf(closed_round, kassel_admin):
    page = kassel_admin.get("/cms/kompass/bericht/1/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Tag und Nacht" in html and "Allein nach Einbruch der Dunkelheit" in html
    assert "80 Antworten, davon 12 auf Papier." in html
    assert "9 Orte markiert." in html and "<svg" in html
    assert 'data-item="K_PROBLEMS:lighting"' in html and "Geschlecht" in html
    pdf = kassel_admin.get("/cms/kompass/bericht/1.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_benchmark_for_office_and_the_right_police(closed_round, kassel, office_client, police_nord, police_ost):
    page = office_client.get("/konsole/kompass/vergleich/?item=K_SAFE_NIGHT").content.decode()
    assert "Kassel" in page and "data-benchmark" in page and "Hessen" in page
    assert "Kassel" in police_nord.get("/konsole/kompass/vergleich/?item=K_SAFE_NIGHT").content.decode()
    table = police_ost.get("/konsole/kompass/vergleich/?item=K_SAFE_NIGHT").content.decode()
    assert "Noch keine Ergebnisse" in table and ">Kassel<" not in table
    csv_text = office_client.get("/konsole/kompass/vergleich/?item=K_SAFE_NIGHT&format=csv").content.decode()
    assert "Kassel" in csv_text and "Runde 1" in csv_text
    xlsx = office_client.get("/konsole/kompass/vergleich/?item=K_SAFE_NIGHT&format=xlsx")
    assert xlsx.content[:2] == b"PK"
    share = ItemAggregate.objects.get(item="K_SAFE_NIGHT", group_kind="all", round__municipality=kassel).key_share
    assert f"{share:.1f}".replace(".", ",") in page
    assert json.dumps(share)  # a number, not None


def test_a_second_round_compares_with_the_first(closed_round, kassel, kassel_admin, django_capture_on_commit_callbacks):
    with schema_context(kassel.schema_name):
        kompass = services.kompass_survey_create(variant="short", districts=DISTRICTS, actor="t")
        from surveys.services import survey_publish

        survey_publish(survey=kompass.survey)
        fill_responses(kompass.survey, 40, seed=7)
    with django_capture_on_commit_callbacks(execute=True):
        kassel_admin.post(f"/cms/umfragen/{kompass.survey.pk}/aktion/close/")
    assert kompass.round == 2
    html = kassel_admin.get("/cms/kompass/bericht/2/").content.decode()
    assert "Frühere Runden" in html and "Runde 1" in html
