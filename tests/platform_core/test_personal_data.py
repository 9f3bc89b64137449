"""A citizen who used every app there is (today: surveys, anonymous and not) downloads their
data and deletes their account through the real views (DSGVO Art. 15, 17, 20)."""

import json

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django_tenants.utils import schema_context

from surveys.models import Answer, Participation, Response, Survey
from tests.surveys.factories import make_survey
from tests.surveys.test_answering import answer_whole_survey

PASSWORD = "Passwort-fuer-Daten-1"


def _citizen(email):
    user = get_user_model().objects.create_user(username=email, email=email, password=PASSWORD, first_name="Dana")
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    EmailAddress.objects.create(user=user, email="zweite-" + email, verified=False, primary=False)
    return user


def test_citizen_who_used_every_app_gets_all_data_and_deletion_removes_it(kassel, client_for):
    with schema_context(kassel.schema_name):
        citizen = _citizen("dana@example.org")
        other = _citizen("olaf@example.org")
        named = make_survey("Parkumfrage namentlich", audience=Survey.Audience.LOGGED_IN, anonymous=False)
        anonymous = make_survey("Parkumfrage anonym", audience=Survey.Audience.LOGGED_IN, anonymous=True)
        client, other_client = client_for(kassel), client_for(kassel)
        assert client.login(username=citizen.username, password=PASSWORD)  # sessions live in Kassel's schema
        assert other_client.login(username=other.username, password=PASSWORD)
    answer_whole_survey(client, named)
    answer_whole_survey(client, anonymous)
    answer_whole_survey(other_client, named)

    response = client.get("/konto/daten/json/")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == "dana@example.org" and data["account"]["first_name"] == "Dana"
    assert {e["email"] for e in data["email_addresses"]} == {"dana@example.org", "zweite-dana@example.org"}
    [given] = data["surveys"]["responses"]  # the anonymous response is linked to nobody
    assert given["survey"] == "Parkumfrage namentlich"
    answers = {a["question"]: a["answer"] for a in given["answers"]}
    assert answers["Was wünschen Sie sich?"] == "Mehr Bänke am Fluss"
    assert answers["Wie alt sind Sie?"] == "unter 30"
    assert answers["Wie sind Sie unterwegs?"].startswith("Rad; ") and answers["Wie sind Sie unterwegs?"].endswith(
        ": Roller"
    )
    assert answers["Wie zufrieden sind Sie mit …"] == "Grünflächen: zufrieden; Beleuchtung: unzufrieden"
    assert answers["Wann waren Sie zuletzt im Park?"] == "2026-05-01"
    assert "Unterführung am Bahnhof" in answers["Wo fühlen Sie sich unsicher?"]
    assert {p["survey"] for p in data["surveys"]["participations"]} == {"Parkumfrage namentlich", "Parkumfrage anonym"}
    assert "olaf" not in response.content.decode()

    page = client.get("/konto/loeschen/").content.decode()
    assert "nicht anonym sind, werden gelöscht" in page
    response = client.post("/konto/loeschen/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    with schema_context(kassel.schema_name):
        assert not get_user_model().objects.filter(pk=citizen.pk).exists()
        assert not EmailAddress.objects.filter(email__endswith="dana@example.org").exists()
        # Her named response and its answers are gone; the anonymous one stays in the results.
        assert list(Response.objects.filter(survey=named).values_list("user_id", flat=True)) == [other.pk]
        assert not Answer.objects.filter(survey=named).exclude(response__user=other).exists()
        assert Response.objects.filter(survey=anonymous, user__isnull=True).count() == 1
        assert Answer.objects.filter(survey=anonymous).exists()
        assert not Participation.objects.filter(user_id=citizen.pk).exists()
        assert Participation.objects.filter(user=other).count() == 1
    assert other_client.get("/konto/daten/json/").status_code == 200
