"""Citizens answer a two-page survey with every question type."""

import datetime
import uuid

import pytest
from django.utils import timezone

from surveys.models import AccessCode, Answer, Participation, Response, Survey
from surveys.services import access_codes_generate
from tests.surveys.factories import make_survey, opt, qname, row


def page1(survey, **overrides):
    data = {
        qname(survey, "age"): opt(survey, "age", "1"),
        qname(survey, "transport"): [opt(survey, "transport", "bike"), opt(survey, "transport", "other")],
        qname(survey, "transport") + "_other": "Roller",
        qname(survey, "safe"): opt(survey, "safe", "dk"),
        qname(survey, "parks") + f"_r{row(survey, 'parks', 'green')}": opt(survey, "parks", "3"),
        qname(survey, "parks") + f"_r{row(survey, 'parks', 'light')}": opt(survey, "parks", "1"),
        qname(survey, "years"): "12,5",
        qname(survey, "visit"): "01.05.2026",
    }
    data.update(overrides)
    return data


def page2(survey, **overrides):
    data = {
        qname(survey, "district"): "Wehlheiden",
        qname(survey, "wish"): "Mehr Bänke am Fluss",
        qname(survey, "priorities") + f"_o{opt(survey, 'priorities', 'a')}": "2",
        qname(survey, "priorities") + f"_o{opt(survey, 'priorities', 'b')}": "1",
        qname(survey, "place") + "_lat": "51,3151",
        qname(survey, "place") + "_lng": "9.4912",
        qname(survey, "place") + "_text": "Unterführung am Bahnhof",
        qname(survey, "school"): "Goetheschule",
    }
    data.update(overrides)
    return data


def answer_whole_survey(client, survey, p1=None, p2=None):
    base = f"/umfragen/{survey.slug}/"
    assert client.post(base).status_code == 302
    response = client.post(base + "seite/1/", p1 or page1(survey))
    assert response.status_code == 302, response.content.decode()[:3000]
    response = client.post(base + "seite/2/", p2 or page2(survey))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"].endswith("/danke/")
    return response


def test_every_question_type_is_stored(in_kassel, client_for):
    survey = make_survey()
    client = client_for(in_kassel)
    page = client.get(f"/umfragen/{survey.slug}/").content.decode()
    assert survey.title in page and "Umfrage starten" in page  # German first
    answer_whole_survey(client, survey)
    response = Response.objects.get(survey=survey)
    answers = {
        (a.question.code, a.option.value if a.option else None, a.row.value if a.row else None): a
        for a in Answer.objects.filter(response=response).select_related("question", "option", "row")
    }
    assert ("age", "1", None) in answers
    assert answers[("transport", "other", None)].text == "Roller"
    assert ("transport", "bike", None) in answers and ("transport", "car", None) not in answers
    assert ("safe", "dk", None) in answers
    assert ("parks", "3", "green") in answers and ("parks", "1", "light") in answers
    assert answers[("years", None, None)].number == pytest.approx(12.5)
    assert answers[("visit", None, None)].date == datetime.date(2026, 5, 1)
    assert answers[("district", None, None)].text == "Wehlheiden"
    assert answers[("wish", None, None)].text == "Mehr Bänke am Fluss"
    assert answers[("priorities", "b", None)].number == 1 and answers[("priorities", "a", None)].number == 2
    place = answers[("place", None, None)]
    assert (place.lat, place.lng, place.text) == (
        pytest.approx(51.3151),
        pytest.approx(9.4912),
        "Unterführung am Bahnhof",
    )
    assert answers[("school", None, None)].text == "Goetheschule"  # condition met (under 30)
    # one is_first row per answered question
    assert Answer.objects.filter(response=response, is_first=True).count() == 11


def test_condition_not_met_hides_and_drops_the_question(in_kassel, client_for):
    survey = make_survey()
    client = client_for(in_kassel)
    answer_whole_survey(client, survey, p1=page1(survey, **{qname(survey, "age"): opt(survey, "age", "3")}))
    assert not Answer.objects.filter(question__code="school", survey=survey).exists()
    # the page no longer shows it either
    client.post(f"/umfragen/{survey.slug}/")
    client.post(f"/umfragen/{survey.slug}/seite/1/", page1(survey, **{qname(survey, "age"): opt(survey, "age", "2")}))
    html = client.get(f"/umfragen/{survey.slug}/seite/2/").content.decode()
    assert "Welche Schule" not in html and "Stadtteil" in html


def test_validation_errors_keep_valid_answers(in_kassel, client_for):
    survey = make_survey()
    client = client_for(in_kassel)
    client.post(f"/umfragen/{survey.slug}/")
    data = page1(survey, **{qname(survey, "years"): "200"})
    del data[qname(survey, "age")]  # required
    response = client.post(f"/umfragen/{survey.slug}/seite/1/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Bitte beantworten Sie diese Frage." in html
    assert "Bitte geben Sie eine Zahl zwischen 0 und 120 ein." in html
    assert 'value="Roller"' in html  # other text kept
    assert f'value="{opt(survey, "transport", "bike")}" checked' in html
    assert 'value="2026-05-01"' in html
    assert 'role="alert"' in html and 'aria-invalid="true"' in html


def test_double_submit_records_one_response(in_kassel, client_for):
    survey = make_survey(pages=1)
    client = client_for(in_kassel)
    client.post(f"/umfragen/{survey.slug}/")
    html = client.get(f"/umfragen/{survey.slug}/seite/1/").content.decode()
    token = html.split('name="token" value="')[1].split('"')[0]
    data = {**page1(survey), **page2(survey), "token": token}
    first = client.post(f"/umfragen/{survey.slug}/seite/1/", data)
    second = client.post(f"/umfragen/{survey.slug}/seite/1/", data)  # e.g. a second click or a reload
    assert first["Location"] == second["Location"] == f"/umfragen/{survey.slug}/danke/"
    assert Response.objects.filter(survey=survey).count() == 1
    assert client.get(second["Location"]).status_code == 200


def test_closed_or_expired_survey_takes_no_answers(in_kassel, client_for):
    survey = make_survey(pages=1)
    client = client_for(in_kassel)
    client.post(f"/umfragen/{survey.slug}/")
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    response = client.post(f"/umfragen/{survey.slug}/seite/1/", {**page1(survey), **page2(survey)})
    assert response.status_code == 302 and not Response.objects.filter(survey=survey).exists()
    assert "nicht für Antworten geöffnet" in client.get(f"/umfragen/{survey.slug}/").content.decode()
    Survey.objects.filter(pk=survey.pk).update(closes_at=None, state=Survey.State.CLOSED)
    assert "nicht für Antworten geöffnet" in client.get(f"/umfragen/{survey.slug}/").content.decode()
    Survey.objects.filter(pk=survey.pk).update(state=Survey.State.DRAFT)
    assert client.get(f"/umfragen/{survey.slug}/").status_code == 404
    assert survey.slug not in client.get("/umfragen/").content.decode()


def test_access_code_is_single_use_and_resumes(in_kassel, client_for):
    survey = make_survey(audience=Survey.Audience.ACCESS_CODE, anonymous=True)
    code = access_codes_generate(survey=survey, count=3)[0]
    client = client_for(in_kassel)
    assert client.post(f"/umfragen/{survey.slug}/", {"code": "FALSCH"}).status_code == 400
    assert client.post(f"/umfragen/{survey.slug}/", {"code": code.code.lower().replace("-", " ")}).status_code == 302
    client.post(f"/umfragen/{survey.slug}/seite/1/", page1(survey))
    client.post(f"/umfragen/{survey.slug}/seite/2/", {**page2(survey), "action": "save"})
    # another device: the code resumes on page 2 with the saved answers
    other = client_for(in_kassel)
    response = other.post(f"/umfragen/{survey.slug}/", {"code": code.code})
    assert response["Location"].endswith("/seite/2/")
    assert "Wehlheiden" in other.get(response["Location"]).content.decode()
    assert other.post(response["Location"], page2(survey))["Location"].endswith("/danke/")
    code.refresh_from_db()
    assert code.used_at is not None and code.draft == {}
    # the same code again
    third = client_for(in_kassel)
    response = third.post(f"/umfragen/{survey.slug}/", {"code": code.code})
    assert response.status_code == 400 and "bereits verwendet" in response.content.decode()
    assert Response.objects.filter(survey=survey).count() == 1


def test_code_survey_refuses_answers_without_code(in_kassel, client_for):
    survey = make_survey(audience=Survey.Audience.ACCESS_CODE, pages=1)
    client = client_for(in_kassel)
    assert client.post(f"/umfragen/{survey.slug}/").status_code == 400
    assert not Response.objects.filter(survey=survey).exists()


def test_anonymous_survey_stores_no_link_to_person_or_code(in_kassel, client_for):
    from tests.tenants.test_isolation import PASSWORD, make_citizen

    user = make_citizen(in_kassel, f"anna-{uuid.uuid4().hex[:6]}@example.org")
    survey = make_survey(audience=Survey.Audience.LOGGED_IN, anonymous=True)
    client = client_for(in_kassel)
    assert "Bitte melden Sie sich an" in client.get(f"/umfragen/{survey.slug}/").content.decode()
    assert client.login(username=user.username, password=PASSWORD)
    answer_whole_survey(client, survey)
    response = Response.objects.get(survey=survey)
    assert response.user_id is None and response.access_code_id is None and response.submitted_at is None
    assert Participation.objects.filter(survey=survey, user=user).exists()  # once only, but not which answers
    assert "bereits an dieser Umfrage teilgenommen" in client.get(f"/umfragen/{survey.slug}/").content.decode()

    coded = make_survey(audience=Survey.Audience.ACCESS_CODE, anonymous=True, pages=1)
    code = access_codes_generate(survey=coded, count=1)[0]
    other = client_for(in_kassel)
    other.post(f"/umfragen/{coded.slug}/", {"code": code.code})
    other.post(f"/umfragen/{coded.slug}/seite/1/", {**page1(coded), **page2(coded)})
    stored = Response.objects.get(survey=coded)
    assert stored.access_code_id is None and AccessCode.objects.get(pk=code.pk).used_at is not None


def test_named_survey_keeps_the_link(in_kassel, client_for):
    survey = make_survey(audience=Survey.Audience.ACCESS_CODE, anonymous=False, pages=1)
    code = access_codes_generate(survey=survey, count=1)[0]
    client = client_for(in_kassel)
    client.post(f"/umfragen/{survey.slug}/", {"code": code.code})
    client.post(f"/umfragen/{survey.slug}/seite/1/", {**page1(survey), **page2(survey)})
    assert Response.objects.get(survey=survey).access_code_id == code.pk


def test_draft_preview_for_clerks_only_stores_nothing(in_kassel, client_for):
    from django.contrib.auth import get_user_model

    survey = make_survey(state=Survey.State.DRAFT, pages=1)
    client = client_for(in_kassel)
    assert client.get(f"/umfragen/{survey.slug}/vorschau/").status_code == 404
    client.force_login(get_user_model().objects.get(email="admin@kassel.example"))
    response = client.get(f"/umfragen/{survey.slug}/vorschau/")
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "Vorschau" in html
    response = client.post(f"/umfragen/{survey.slug}/seite/1/", {**page1(survey), **page2(survey)})
    assert response["Location"].endswith("/danke/")
    assert not Response.objects.filter(survey=survey).exists()


def test_page_queries_do_not_grow_with_questions(in_kassel, client_for, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.surveys.factories import make_big_survey

    counts = []
    for n in (10, 40):
        survey = make_big_survey(n)
        client = client_for(in_kassel)
        client.post(f"/umfragen/{survey.slug}/")
        client.get(f"/umfragen/{survey.slug}/seite/1/")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/umfragen/{survey.slug}/seite/1/").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
    with django_assert_max_num_queries(counts[1]):
        client.get(f"/umfragen/{survey.slug}/seite/1/")
