"""Clerks build, publish and run surveys in the Wagtail admin; permissions; the audit trail;
Kassel's surveys are invisible in Marburg."""

import uuid

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django_tenants.utils import schema_context

from platform_core.models import AuditEntry
from surveys.models import AccessCode, Question, Response, Survey
from surveys.services import SurveyError, access_codes_generate, question_delete, question_save
from tests.surveys.factories import make_survey, opt, qname

Kind = Question.Kind


def admin_client(client_for, municipality):
    client = client_for(municipality)
    client.force_login(get_user_model().objects.get(email=f"admin@{municipality.slug}.example"))
    return client


def test_clerk_builds_and_publishes_a_survey(in_kassel, client_for):
    client = admin_client(client_for, in_kassel)
    assert "Umfragen" in client.get("/cms/").content.decode()
    title = f"Grünflächen {uuid.uuid4().hex[:6]}"
    response = client.post(
        "/cms/umfragen/neu/",
        {
            "title": title,
            "audience": "everyone",
            "anonymous": "on",
            "one_response_per_person": "on",
            "min_group_size": 5,
        },
    )
    survey = Survey.objects.get(title=title)
    assert response["Location"] == f"/cms/umfragen/{survey.pk}/"
    section = survey.sections.get()
    # a rating scale needs 4 or 5 points
    bad = client.post(
        f"/cms/umfragen/{survey.pk}/fragen/neu/",
        {
            "section": section.pk,
            "kind": "rating",
            "code": "F1",
            "text": "Wie gefällt Ihnen der Park?",
            "options_text": "gut\nschlecht",
            "map_zoom": 13,
        },
    )
    assert bad.status_code == 200 and "4 oder 5" in bad.content.decode()
    client.post(
        f"/cms/umfragen/{survey.pk}/fragen/neu/",
        {
            "section": section.pk,
            "kind": "rating",
            "code": "F1",
            "text": "Wie gefällt Ihnen der Park?",
            "options_text": "1=gar nicht\n2=wenig\n3=ziemlich\n4=sehr",
            "dont_know": "on",
            "required": "on",
            "map_zoom": 13,
        },
    )
    question = survey.questions.get(code="F1")
    assert [o.label for o in question.options.all()] == ["gar nicht", "wenig", "ziemlich", "sehr", "Weiß nicht"]
    client.post(
        f"/cms/umfragen/{survey.pk}/fragen/neu/",
        {
            "section": section.pk,
            "kind": "short_text",
            "code": "F2",
            "text": "Warum nicht?",
            "map_zoom": 13,
            "show_if_question": question.pk,
            "show_if_option": question.options.get(value="1").pk,
        },
    )
    assert survey.questions.get(code="F2").show_if_option.value == "1"
    detail = client.get(f"/cms/umfragen/{survey.pk}/").content.decode()
    assert "Wie gefällt Ihnen der Park?" in detail and "Veröffentlichen" in detail
    client.post(f"/cms/umfragen/{survey.pk}/aktion/publish/")
    survey.refresh_from_db()
    assert survey.state == "published"
    assert client_for(in_kassel).get(f"/umfragen/{survey.slug}/").status_code == 200
    client.post(f"/cms/umfragen/{survey.pk}/aktion/close/")
    assert Survey.objects.get(pk=survey.pk).state == "closed"
    assert list(
        AuditEntry.objects.filter(target_type="surveys.survey", target_id=survey.pk)
        .values_list("action", flat=True)
        .order_by("pk")
    ) == ["survey.create", "survey.publish", "survey.close"]
    entry = AuditEntry.objects.filter(target_type="surveys.survey", target_id=survey.pk).first()
    assert entry.actor_kind == "municipal_user" and entry.target_label == survey.title
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()
    log = client.get("/cms/umfragen/protokoll/").content.decode()  # the survey log reads the one audit table
    assert "survey.close" in log and survey.title in log and "admin@kassel.example" in log


def test_published_survey_with_answers_refuses_breaking_changes(in_kassel, client_for):
    survey = make_survey(pages=1)
    from surveys.selectors import all_questions, survey_structure
    from surveys.services import response_submit

    response_submit(
        survey=survey,
        questions=all_questions(survey_structure(survey)),
        answers={qname(survey, "age")[1:]: opt(survey, "age", "1")},
        token=uuid.uuid4(),
    )
    age = survey.questions.get(code="age")
    with pytest.raises(SurveyError):
        question_delete(question=age)
    age.kind = Kind.MULTIPLE
    with pytest.raises(SurveyError):
        question_save(question=age, options=[("1", "unter 30"), ("2", "30 bis 59"), ("3", "60 und älter")])
    age = survey.questions.get(code="age")
    with pytest.raises(SurveyError):
        question_save(question=age, options=[("1", "unter 30"), ("2", "30 bis 59")])  # drops an option
    age = survey.questions.get(code="age")
    age.text = "Ihr Alter?"
    question_save(
        question=age, options=[("1", "jünger als 30"), ("2", "30 bis 59"), ("3", "60 und älter"), ("4", "keine Angabe")]
    )  # wording and a new option are fine
    assert list(age.options.values_list("label", flat=True))[:1] == ["jünger als 30"]
    client = admin_client(client_for, in_kassel)
    client.post(f"/cms/umfragen/{survey.pk}/fragen/{age.pk}/delete/")
    assert Question.objects.filter(pk=age.pk).exists()


def test_codes_letters_and_paper_entry(in_kassel, client_for):
    survey = make_survey(audience=Survey.Audience.ACCESS_CODE, pages=1)
    client = admin_client(client_for, in_kassel)
    client.post(f"/cms/umfragen/{survey.pk}/codes/", {"count": 5})
    codes = list(AccessCode.objects.filter(survey=survey))
    assert len(codes) == 5 and len({c.code for c in codes}) == 5
    assert all(len(c.code) == 11 and not set(c.code) & set("01OIL") for c in codes)
    csv_text = b"".join(client.get(f"/cms/umfragen/{survey.pk}/codes.csv").streaming_content).decode("utf-8-sig")
    assert codes[0].code in csv_text and f"/umfragen/{survey.slug}/?code={codes[0].code}" in csv_text
    pdf = client.get(f"/cms/umfragen/{survey.pk}/codes.pdf")
    assert (
        pdf.content.startswith(b"%PDF")
        and pdf.content.count(b"/Type /Page\n") + pdf.content.count(b"/Type /Page ") >= 5
    )

    page = client.get(f"/cms/umfragen/{survey.pk}/papier/").content.decode()
    assert "Wie alt sind Sie?" in page and "Wo fühlen Sie sich unsicher?" in page
    data = {"code": codes[0].code, qname(survey, "age"): opt(survey, "age", "2"), qname(survey, "wish"): "Mehr Licht"}
    response = client.post(f"/cms/umfragen/{survey.pk}/papier/", data)
    assert response.status_code == 302
    stored = Response.objects.get(survey=survey)
    assert stored.channel == "paper" and stored.access_code_id is None  # anonymous survey
    assert AccessCode.objects.get(pk=codes[0].pk).used_at is not None
    again = client.post(f"/cms/umfragen/{survey.pk}/papier/", data)
    assert again.status_code == 200 and "bereits verwendet" in again.content.decode()
    assert Response.objects.filter(survey=survey).count() == 1
    assert AuditEntry.objects.filter(target_id=survey.pk, action="survey.paper_entry").count() == 1
    detail = client.get(f"/cms/umfragen/{survey.pk}/codes/").content.decode()
    assert "1 / 5" in detail and "Rücklaufquote 20,0 %" in detail


@pytest.mark.parametrize("role", ["anonymous", "citizen", "editor", "clerk"])
def test_permission_matrix(in_kassel, client_for, role):
    survey = make_survey(pages=1)
    client = client_for(in_kassel)
    if role != "anonymous":
        user = get_user_model().objects.create_user(
            username=f"{role}-{uuid.uuid4().hex[:6]}", email=f"{role}@example.org", password="x-Passwort-123"
        )
        if role in ("editor", "clerk"):
            group = Group.objects.create(name=f"{role} {uuid.uuid4().hex[:6]}")
            group.permissions.add(Permission.objects.get(codename="access_admin"))
            if role == "clerk":
                group.permissions.add(
                    *Permission.objects.filter(
                        content_type__app_label="surveys", codename__in=["change_survey", "view_results", "enter_paper"]
                    )
                )
            user.groups.add(group)
        client.force_login(user)
    urls = [
        f"/cms/umfragen/{survey.pk}/ergebnisse/",
        f"/cms/umfragen/{survey.pk}/exporte/",
        f"/cms/umfragen/{survey.pk}/papier/",
        f"/cms/umfragen/{survey.pk}/codes/",
        "/cms/umfragen/",
    ]
    statuses = [client.get(url).status_code for url in urls]
    if role == "clerk":
        assert statuses == [200] * 5
    elif role == "anonymous":
        assert all(s == 302 for s in statuses)  # to the admin login
    else:
        assert all(s in (302, 403) for s in statuses), statuses
    assert client.get(f"/umfragen/{survey.slug}/").status_code == 200  # everyone may answer


def test_kassel_survey_is_invisible_in_marburg(kassel, marburg, client_for):
    with schema_context(kassel.schema_name):
        survey = make_survey(pages=1)
        access_codes_generate(survey=survey, count=1)
        slug, pk = survey.slug, survey.pk
    with schema_context(marburg.schema_name):
        assert not Survey.objects.filter(slug=slug).exists()
        marburg_client = admin_client(client_for, marburg)
    assert marburg_client.get(f"/umfragen/{slug}/").status_code == 404
    assert slug not in marburg_client.get("/umfragen/").content.decode()
    for path in ("", "ergebnisse/", "exporte/", "codes.csv", "papier/"):
        assert marburg_client.get(f"/cms/umfragen/{pk}/{path}").status_code == 404, path
    with schema_context(kassel.schema_name):
        assert client_for(kassel).get(f"/umfragen/{slug}/").status_code == 200
