"""Every state-changing action of every app against every role, through real requests.

Each cell (action x role) is its own test id, e.g. ``test_matrix[surveys.publish-editor]``. It
sends the POST (or the GET of a download) a person in that role would send and asserts the
exact outcome: DONE (and the change is there), or a refusal (403, Wagtail's "no permission"
redirect, a redirect to the login or to the second factor, or 404 where the page does not
exist on that host) with nothing changed in the database.

How a new app adds its rows:
1. an ``AppSpec`` in ``APPS``: the host its actions are sent to, a ``setup(settings, tmp_path)``
   that builds the objects its actions act on, a ``snapshot(world)`` of every table a refused
   request must leave alone, and where an anonymous visitor is sent to log in;
2. one ``Action`` per state-changing request in ``ACTIONS``: path, data, the roles that may do
   it, and ``done(world, response)`` saying what must have changed;
3. if a role refuses differently in the new app (e.g. a citizen gets 403, not the login), an
   entry in that role's ``refused_as``.
The permission itself is declared once in the app's ``rules.py``; the matrix only observes.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from tests.conftest import host_of

PORTAL = "beteiligung.localhost"
DONE, DENIED, LOGIN, OTP, ABSENT = "done", "denied", "login", "second factor", "absent"
LSS = Path(__file__).parent / "surveys" / "data" / "blank-survey.lss"


# --- Roles ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Role:
    """Who sends the request: where their session lives and on which host they act.

    ``home``: the host key whose schema holds their session (None: not logged in anywhere).
    ``acts_on``: a fixed host key they send every request to (None: the action's own host).
    ``refused_as``: per app, the refusal they get when logged in there without the permission.
    """

    name: str
    home: str | None
    acts_on: str | None = None
    refused_as: dict = field(default_factory=dict)


ROLES = [
    Role("anonymous", None),
    Role(
        "citizen",
        "kassel",
        refused_as={
            "surveys": LOGIN,
            "events": LOGIN,
            "consultations": LOGIN,
            "kompass": LOGIN,
            "kompass_join": LOGIN,
            "kompass_apply": LOGIN,
            "reports": LOGIN,
        },
    ),  # Wagtail: no admin access -> its login
    Role("editor", "kassel", refused_as={"surveys": DENIED}),
    Role("results_clerk", "kassel", refused_as={"surveys": DENIED}),
    Role("municipal_admin", "kassel", refused_as={"surveys": DENIED}),
    Role("other_municipality_admin", "marburg", acts_on="kassel"),
    Role("state_staff_on_municipality", "portal", acts_on="kassel"),
    Role("state_staff_on_portal", "portal", acts_on="portal"),
    # A superuser of the public schema who did not pass the second factor: Django's model backend
    # would say yes to any permission; the console's declared rules must still send them to it.
    Role(
        "state_staff_without_second_factor",
        "portal",
        refused_as={"console": OTP, "kompass_console": OTP, "kompass_seal": OTP},
    ),
    # KOMPASS: the programme office (console staff in its group) and police staff of a headquarters
    # (console accounts limited to KOMPASS, here of Nordhessen, which covers Kassel).
    Role("kompass_office", "portal", acts_on="portal"),
    Role("police_nord", "portal", acts_on="portal"),
]


def _make_user(email: str, *, with_email_address: bool = True, **flags):
    user = get_user_model().objects.create_user(username=email, email=email, password=uuid.uuid4().hex, **flags)
    if with_email_address:  # allauth's tables exist only in municipal schemas
        from allauth.account.models import EmailAddress

        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _sign_in(client: Client, user, *, schema: str, second_factor: bool = True) -> None:
    """THE one place that logs a role in: a session in ``schema`` plus the flags a verified
    login leaves (here django-otp's device for state staff). Adapt this when logins change."""
    with schema_context(schema):
        client.force_login(user)
        if schema == "public" and second_factor:
            from django_otp import DEVICE_ID_SESSION_KEY
            from django_otp.plugins.otp_totp.models import TOTPDevice

            device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()


def _role_client(role: Role, world) -> Client:
    client = Client()
    kassel, marburg = world.municipalities["kassel"], world.municipalities["marburg"]
    User = get_user_model()
    if role.name == "anonymous":
        return client
    if role.name in ("citizen", "editor", "results_clerk"):
        with schema_context(kassel.schema_name):
            user = _make_user(f"{role.name}-{uuid.uuid4().hex[:6]}@kassel.example")
            if role.name == "editor":
                user.groups.add(Group.objects.get(name="Editors"))
            elif role.name == "results_clerk":
                group = Group.objects.create(name=f"Auswertung {uuid.uuid4().hex[:6]}")
                group.permissions.add(
                    Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"),
                    Permission.objects.get(codename="view_results", content_type__app_label="surveys"),
                )
                user.groups.add(group)
        _sign_in(client, user, schema=kassel.schema_name)
    elif role.name == "municipal_admin":
        with schema_context(kassel.schema_name):
            user = User.objects.get(email="admin@kassel.example")
        _sign_in(client, user, schema=kassel.schema_name)
    elif role.name == "other_municipality_admin":
        with schema_context(marburg.schema_name):
            user = User.objects.get(email="admin@marburg.example")
        _sign_in(client, user, schema=marburg.schema_name)
    elif role.name in ("kompass_office", "police_nord"):
        from tests.kompass.factories import office_user, police_user

        user, _device = office_user() if role.name == "kompass_office" else police_user("Polizeipräsidium Nordhessen")
        _sign_in(client, user, schema="public")
    else:  # state staff
        with schema_context("public"):
            verified = role.name != "state_staff_without_second_factor"
            user = _make_user(
                f"staff-{uuid.uuid4().hex[:6]}@hessen.example",
                with_email_address=False,
                is_staff=True,
                is_superuser=not verified,
            )
        _sign_in(client, user, schema="public", second_factor=verified)
    return client


# --- Apps ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AppSpec:
    host: str  # host key its actions are sent to
    setup: Callable  # (world, settings, tmp_path) -> None, adds the app's objects to world
    snapshot: Callable  # (world) -> anything comparable: every row a refusal must leave alone
    login_path: str  # where anonymous visitors are sent


def _surveys_setup(world, settings, tmp_path) -> None:
    from surveys.importers import survey_to_json
    from surveys.models import Question, SurveyExport
    from surveys.services import question_save, survey_create, survey_publish

    with schema_context(world.municipalities["kassel"].schema_name):
        draft = survey_create(title="Matrix Entwurf")
        world.draft_question = question_save(
            question=Question(
                survey=draft, section=draft.sections.get(), kind="short_text", code="Q1", text="Was fehlt?"
            )
        )
        published = survey_create(title="Matrix offen")
        world.published_question = question_save(
            question=Question(
                survey=published, section=published.sections.get(), kind="short_text", code="Q1", text="Was fehlt?"
            )
        )
        survey_publish(survey=published)
        export = SurveyExport.objects.create(
            survey=published, format="csv", status=SurveyExport.Status.DONE, finished_at=timezone.now()
        )
        export.file.save("matrix.csv", ContentFile(b"Antwort;Matrix\n"), save=True)
        world.draft, world.published, world.export = draft, published, export
        world.json_file = json.dumps({**survey_to_json(survey=draft), "title": "Matrix JSON"}).encode()


def _surveys_snapshot(world):
    from platform_core.models import AuditEntry
    from surveys.models import AccessCode, Answer, Question, Response, Section, Survey, SurveyExport

    with schema_context(world.municipalities["kassel"].schema_name):
        return (
            list(Survey.objects.order_by("pk").values_list("pk", "title", "state", "audience", "intro")),
            list(Question.objects.order_by("pk").values_list("pk", "text")),
            Section.objects.count(),
            AccessCode.objects.count(),
            Response.objects.count(),
            Answer.objects.count(),
            list(SurveyExport.objects.order_by("pk").values_list("pk", "status")),
            AuditEntry.objects.count(),
        )


def _console_setup(world, settings, tmp_path) -> None:
    from tenants.models import Domain, Municipality, MunicipalityArchive
    from tenants.registration import registration_create, registration_verify

    settings.TENANT_REGISTRATION_MIN_SECONDS = 0
    settings.TENANT_ARCHIVE_ROOT = str(tmp_path / "archive")
    with schema_context("public"):

        def registration(ags, slug):
            created = registration_create(
                ags=ags, contact_name="Erika Mustermann", contact_email=f"e@{slug}.de", slug=slug
            )
            return registration_verify(key=created.verification_key)

        world.pending = registration("06435014", "hanau")
        world.failed = registration("06433012", "matrix-failed")
        type(world.failed).objects.filter(pk=world.failed.pk).update(status="failed", error="Festplatte voll")
        kassel = world.municipalities["kassel"]
        world.second_domain = Domain.objects.create(domain="matrix.kassel.example", tenant=kassel, is_primary=False)
        # A municipality without a schema, for resume and delete (deleting a real one removes its media).
        world.suspended = Municipality.objects.create(
            schema_name="gem_matrix_s", name="Matrixhausen", slug="matrixhausen", status=Municipality.Status.SUSPENDED
        )
        world.archived = Municipality.objects.create(
            schema_name="gem_matrix_a", name="Matrixdorf", slug="matrixdorf", status=Municipality.Status.ARCHIVED
        )
        archive = tmp_path / "matrixdorf.tar.gz"
        archive.write_bytes(b"archive")
        MunicipalityArchive.objects.create(
            municipality=world.archived,
            municipality_name="Matrixdorf",
            ags="",
            schema_name="gem_matrix_a",
            path=str(archive),
            size=7,
            sha256="0" * 64,
        )


def _console_snapshot(world):
    from platform_core.models import AuditEntry
    from tenants.models import (
        Domain,
        Municipality,
        MunicipalityArchive,
        MunicipalityRegistration,
        MunicipalityStats,
    )

    with schema_context("public"):
        return (
            list(Municipality.objects.order_by("pk").values_list("pk", "status", "suspended_reason")),
            list(Domain.objects.order_by("pk").values_list("domain", "tenant_id", "is_primary")),
            list(MunicipalityRegistration.objects.order_by("pk").values_list("pk", "status")),
            list(MunicipalityStats.objects.order_by("pk").values_list("pk", "computed_at")),
            MunicipalityArchive.objects.count(),
            AuditEntry.objects.count(),
        )


def _events_setup(world, settings, tmp_path) -> None:
    from events.models import Registration
    from events.services import registration_create
    from tests.events.factories import first_date, make_event

    with schema_context(world.municipalities["kassel"].schema_name):
        world.event_date = first_date(make_event(capacity=1, dates=2))
        world.event_other_date = world.event_date.page.dates.exclude(pk=world.event_date.pk).get()
        world.seated, _ = registration_create(
            date=world.event_date, name="Sitz", email="sitz@example.org", email_verified=True
        )
        world.waiting, _ = registration_create(
            date=world.event_date, name="Warte", email="warte@example.org", email_verified=True
        )
        start = (world.event_date.start + timezone.timedelta(days=3)).replace(second=0, microsecond=0)
        world.event_move_to = (start, start + timezone.timedelta(hours=2))
        # Waiting for approval where a seat is free.
        world.event_other_waiting = Registration.objects.create(
            date=world.event_other_date, name="Frei", email="frei@example.org", status=Registration.Status.WAITLISTED
        )


def _events_snapshot(world):
    from events.models import EventDate, Registration
    from platform_core.models import AuditEntry

    with schema_context(world.municipalities["kassel"].schema_name):
        return (
            list(Registration.objects.order_by("pk").values_list("pk", "status", "checked_in_at")),
            list(EventDate.objects.order_by("pk").values_list("pk", "status", "seats_taken")),
            AuditEntry.objects.count(),
        )


def _consultations_setup(world, settings, tmp_path) -> None:
    from datetime import timedelta

    from consultations.models import BlockedUser, Comment, ProcedurePage, StatementAttachment, StatementExport
    from consultations.services import statement_answer, statement_create
    from tests.consultations.factories import make_citizen, make_dialogue, make_procedure, pdf_upload

    settings.SURVEYS_PRIVATE_ROOT = str(tmp_path / "private")
    with schema_context(world.municipalities["kassel"].schema_name):
        world.dialogue = make_dialogue(premoderation=False)
        author = make_citizen("matrix-autor")
        world.comment = Comment.objects.create(page=world.dialogue, author=author, author_name="A", body="Offen")
        world.pending = Comment.objects.create(page=world.dialogue, author=author, author_name="A", body="Wartet",
                                               status="pending")  # fmt: skip
        world.blocked = BlockedUser.objects.create(user=make_citizen("matrix-gesperrt"), reason="Spam")
        address = {"name": "M", "street": "Weg 1", "postcode": "34117", "city": "Kassel", "email": "m@example.org"}
        world.procedure = make_procedure()
        world.statement = statement_create(page=world.procedure, body="Zu eng.", **address)
        world.attachment = StatementAttachment(statement=world.statement, original_name="plan.pdf", size=10)
        world.attachment.file.save("plan.pdf", pdf_upload(), save=True)
        world.statement_export = StatementExport.objects.create(page=world.procedure, format="xlsx", status="done")
        world.statement_export.file.save("matrix.xlsx", ContentFile(b"PK matrix"), save=True)
        world.closed = make_procedure()
        answered = statement_create(page=world.closed, body="Passt.", **address)
        statement_answer(statement=answered, actor="system", weighing="taken", answer="Danke.")
        ProcedurePage.objects.filter(pk=world.closed.pk).update(period_end=timezone.now() - timedelta(minutes=1))


def _consultations_snapshot(world):
    from consultations.models import (
        BlockedUser,
        Comment,
        Follow,
        HeldWord,
        ProcedurePage,
        Report,
        Statement,
        StatementExport,
        Support,
    )  # fmt: skip
    from platform_core.models import AuditEntry

    with schema_context(world.municipalities["kassel"].schema_name):
        return (
            list(Comment.objects.order_by("pk").values_list("pk", "status", "support_count", "report_count")),
            Support.objects.count(), Report.objects.count(), Follow.objects.count(),
            list(BlockedUser.objects.order_by("pk").values_list("pk", flat=True)),
            list(HeldWord.objects.values_list("word", flat=True)),
            list(Statement.objects.order_by("pk").values_list("pk", "weighing", "answer")),
            StatementExport.objects.count(),
            list(ProcedurePage.objects.order_by("pk").values_list("pk", "result_published_at")),
            AuditEntry.objects.count(),
        )  # fmt: skip


def _reports_setup(world, settings, tmp_path) -> None:
    from reports.models import Photo
    from reports.services import photo_blur
    from tests.reports.factories import category, jpeg, make_report

    settings.REPORTS_PRIVATE_ROOT = str(tmp_path / "reports-private")
    with schema_context(world.municipalities["marburg"].schema_name):
        category()
    with schema_context(world.municipalities["kassel"].schema_name):
        world.report = make_report(published=False)
        world.report_target = make_report(description="Schon gemeldet")
        photo = Photo.objects.create(report=world.report)
        photo.original.save("m.jpg", ContentFile(jpeg()), save=True)
        world.photo = photo_blur(photo_id=photo.pk)
        world.report_category = category()


def _reports_snapshot(world):
    from platform_core.models import AuditEntry
    from reports.models import Note, Photo, Report

    with schema_context(world.municipalities["kassel"].schema_name):
        return (
            list(Report.objects.order_by("pk").values_list(
                "pk", "status", "published", "assignee", "resubmit_on", "merged_into", "public_reason")),
            Note.objects.count(),
            list(Photo.objects.order_by("pk").values_list("pk", "status", "boxes")),
            AuditEntry.objects.count(),
        )  # fmt: skip


def _kompass_participation(municipality, status):
    """A participation of ``municipality`` brought to ``status`` through the services."""
    from kompass import services

    with schema_context(municipality.schema_name):
        p = services.participation_declare_interest(municipality=municipality, actor="t", contact="K", email="k@x.de")
        if status != "interested":
            services.participation_apply(participation=p, actor="t")
    if status == "admitted":
        with schema_context("public"):
            services.participation_admit(participation=p, actor="t")
    p.refresh_from_db()
    return p


def _kompass_join_setup(world, settings, tmp_path) -> None:
    pass


def _kompass_apply_setup(world, settings, tmp_path) -> None:
    world.kompass = _kompass_participation(world.municipalities["kassel"], "interested")


def _kompass_setup(world, settings, tmp_path) -> None:
    world.kompass = _kompass_participation(world.municipalities["kassel"], "admitted")


def _kompass_snapshot(world):
    from kompass.models import KompassSurvey, Measure
    from kompass.state.models import Participation
    from platform_core.models import AuditEntry
    from surveys.models import Survey

    with schema_context(world.municipalities["kassel"].schema_name):
        return (
            list(Participation.objects.order_by("pk").values_list("pk", "status", "admission_number")),
            KompassSurvey.objects.count(),
            Survey.objects.count(),
            Measure.objects.count(),
            AuditEntry.objects.count(),
        )


def _kompass_console_setup(world, settings, tmp_path) -> None:
    from kompass import services

    world.kompass = _kompass_participation(world.municipalities["kassel"], "admitted")
    world.kompass_applied = _kompass_participation(world.municipalities["marburg"], "applied")
    services.seal_check(participation=world.kompass, met=list(range(7)), actor="t")


def _kompass_seal_setup(world, settings, tmp_path) -> None:
    from kompass import services

    _kompass_console_setup(world, settings, tmp_path)
    services.seal_award(participation=world.kompass, actor="t")


def _kompass_console_snapshot(world):
    from kompass.state.models import Participation, ParticipationDocument, Seal, SealCriteria
    from platform_core.models import AuditEntry

    with schema_context("public"):
        return (
            list(
                Participation.objects.order_by("pk").values_list("pk", "status", "admission_number", "police_contact")
            ),
            list(Seal.objects.order_by("pk").values_list("pk", "status", "met", "awarded_on")),
            SealCriteria.objects.count(),
            ParticipationDocument.objects.count(),
            AuditEntry.objects.count(),
        )


APPS = {
    "kompass_join": AppSpec(
        host="kassel", setup=_kompass_join_setup, snapshot=_kompass_snapshot, login_path="/cms/login/"
    ),
    "kompass_apply": AppSpec(
        host="kassel", setup=_kompass_apply_setup, snapshot=_kompass_snapshot, login_path="/cms/login/"
    ),
    "kompass": AppSpec(host="kassel", setup=_kompass_setup, snapshot=_kompass_snapshot, login_path="/cms/login/"),
    "kompass_console": AppSpec(
        host="portal", setup=_kompass_console_setup, snapshot=_kompass_console_snapshot, login_path="/konsole/anmelden/"
    ),
    "kompass_seal": AppSpec(
        host="portal", setup=_kompass_seal_setup, snapshot=_kompass_console_snapshot, login_path="/konsole/anmelden/"
    ),
    "reports": AppSpec(host="kassel", setup=_reports_setup, snapshot=_reports_snapshot, login_path="/cms/login/"),
    "surveys": AppSpec(host="kassel", setup=_surveys_setup, snapshot=_surveys_snapshot, login_path="/cms/login/"),
    "events": AppSpec(host="kassel", setup=_events_setup, snapshot=_events_snapshot, login_path="/cms/login/"),
    "console": AppSpec(
        host="portal", setup=_console_setup, snapshot=_console_snapshot, login_path="/konsole/anmelden/"
    ),
    "consultations": AppSpec(host="kassel", setup=_consultations_setup, snapshot=_consultations_snapshot,
                             login_path="/cms/login/"),
    # Citizens' actions on a dialogue: any signed-in person of the municipality; others to its login.
    "consultations_citizen": AppSpec(host="kassel", setup=_consultations_setup, snapshot=_consultations_snapshot,
                                     login_path="/konto/login/"),
}  # fmt: skip


# --- Actions -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    app: str
    name: str
    path: Callable  # (world) -> str
    allowed: frozenset
    done: Callable  # (world, response) -> bool, checked in the app's schema
    data: Callable = lambda w: {}
    method: str = "post"


def _in_kassel(check):
    def run(world, response):
        with schema_context(world.municipalities["kassel"].schema_name):
            return check(world, response)

    return run


def _survey(pk):
    from surveys.models import Survey

    return Survey.objects.get(pk=pk)


def _surveys(**filters):
    from surveys.models import Survey

    return Survey.objects.filter(**filters)


BUILDERS = frozenset({"municipal_admin"})
READERS = frozenset({"municipal_admin", "results_clerk"})
STAFF = frozenset({"state_staff_on_portal", "kompass_office"})
OFFICE = frozenset({"kompass_office"})
SURVEY_FIELDS = {
    "title": "Matrix neu",
    "audience": "everyone",
    "anonymous": "on",
    "one_response_per_person": "on",
    "min_group_size": 5,
}

ACTIONS = [
    Action(
        "surveys",
        "create",
        lambda w: "/cms/umfragen/neu/",
        BUILDERS,
        _in_kassel(lambda w, r: _surveys(title="Matrix neu").exists()),
        data=lambda w: SURVEY_FIELDS,
    ),
    Action(
        "surveys",
        "settings_save",
        lambda w: f"/cms/umfragen/{w.draft.pk}/einstellungen/",
        BUILDERS,
        _in_kassel(lambda w, r: _survey(w.draft.pk).intro == "Geändert"),
        data=lambda w: {**SURVEY_FIELDS, "title": w.draft.title, "slug": w.draft.slug, "intro": "Geändert"},
    ),
    Action(
        "surveys",
        "publish",
        lambda w: f"/cms/umfragen/{w.draft.pk}/aktion/publish/",
        BUILDERS,
        _in_kassel(lambda w, r: _survey(w.draft.pk).state == "published"),
    ),
    Action(
        "surveys",
        "close",
        lambda w: f"/cms/umfragen/{w.published.pk}/aktion/close/",
        BUILDERS,
        _in_kassel(lambda w, r: _survey(w.published.pk).state == "closed"),
    ),
    Action(
        "surveys",
        "delete_survey",
        lambda w: f"/cms/umfragen/{w.draft.pk}/aktion/delete/",
        BUILDERS,
        _in_kassel(lambda w, r: not _surveys(pk=w.draft.pk).exists()),
    ),
    Action(
        "surveys",
        "delete_question",
        lambda w: f"/cms/umfragen/{w.draft.pk}/fragen/{w.draft_question.pk}/delete/",
        BUILDERS,
        _in_kassel(lambda w, r: not _survey(w.draft.pk).questions.exists()),
    ),
    Action(
        "surveys",
        "copy",
        lambda w: f"/cms/umfragen/{w.published.pk}/aktion/copy/",
        BUILDERS,
        _in_kassel(lambda w, r: _surveys(title__contains="Matrix offen").count() == 2),
    ),
    Action(
        "surveys",
        "import_json",
        lambda w: "/cms/umfragen/import/",
        BUILDERS,
        _in_kassel(lambda w, r: _surveys(title="Matrix JSON").exists()),
        data=lambda w: {"file": SimpleUploadedFile("umfrage.json", w.json_file)},
    ),
    Action(
        "surveys",
        "import_lss",
        lambda w: "/cms/umfragen/import/",
        BUILDERS,
        _in_kassel(lambda w, r: _surveys(title="Matrix LSS").exists()),
        data=lambda w: {"file": SimpleUploadedFile("umfrage.lss", LSS.read_bytes()), "title": "Matrix LSS"},
    ),
    Action(
        "surveys",
        "generate_codes",
        lambda w: f"/cms/umfragen/{w.published.pk}/codes/",
        BUILDERS,
        _in_kassel(lambda w, r: _survey(w.published.pk).access_codes.count() == 3),
        data=lambda w: {"count": 3},
    ),
    Action(
        "surveys",
        "download_codes",
        lambda w: f"/cms/umfragen/{w.published.pk}/codes.csv",
        BUILDERS,
        lambda w, r: r.status_code == 200 and r["Content-Type"].startswith("text/csv"),
        method="get",
    ),
    Action(
        "surveys",
        "paper_entry",
        lambda w: f"/cms/umfragen/{w.published.pk}/papier/",
        BUILDERS,
        _in_kassel(lambda w, r: _survey(w.published.pk).responses.filter(channel="paper").count() == 1),
        data=lambda w: {"code": "", "token": str(uuid.uuid4()), f"q{w.published_question.pk}": "Bänke"},
    ),
    Action(
        "surveys",
        "start_export",
        lambda w: f"/cms/umfragen/{w.published.pk}/exporte/",
        READERS,
        _in_kassel(lambda w, r: _survey(w.published.pk).exports.count() == 2),
        data=lambda w: {"format": "xlsx"},
    ),
    Action(
        "surveys",
        "download_export",
        lambda w: f"/cms/umfragen/{w.published.pk}/exporte/{w.export.pk}/datei/",
        READERS,
        lambda w, r: r.status_code == 200 and b"".join(r.streaming_content) == b"Antwort;Matrix\n",
        method="get",
    ),
    Action(
        "surveys",
        "view_results",
        lambda w: f"/cms/umfragen/{w.published.pk}/ergebnisse/",
        READERS,
        lambda w, r: r.status_code == 200 and "Matrix offen" in r.content.decode(),
        method="get",
    ),
]


def _registration(pk):
    from tenants.models import MunicipalityRegistration

    return MunicipalityRegistration.objects.get(pk=pk)


def _municipality(pk):
    from tenants.models import Municipality

    return Municipality.objects.filter(pk=pk).first()


def _figures_recounted(world, response):
    from tenants.models import MunicipalityStats

    stats = MunicipalityStats.objects.filter(municipality=world.municipalities["kassel"]).first()
    return stats is not None and stats.computed_at >= world.started


ACTIONS += [
    Action(
        "console",
        "approve",
        lambda w: f"/konsole/registrierungen/{w.pending.pk}/",
        STAFF,
        lambda w, r: _registration(w.pending.pk).status == "provisioning",
        data=lambda w: {"action": "approve"},
    ),
    Action(
        "console",
        "reject",
        lambda w: f"/konsole/registrierungen/{w.pending.pk}/",
        STAFF,
        lambda w, r: _registration(w.pending.pk).status == "rejected",
        data=lambda w: {"action": "reject", "reason": "Bitte über den Landkreis anmelden."},
    ),
    Action(
        "console",
        "retry",
        lambda w: f"/konsole/registrierungen/{w.failed.pk}/",
        STAFF,
        lambda w, r: _registration(w.failed.pk).status == "provisioning",
        data=lambda w: {"action": "approve"},
    ),
    Action(
        "console",
        "suspend",
        lambda w: f"/konsole/kommunen/{w.municipalities['kassel'].pk}/",
        STAFF,
        lambda w, r: _municipality(w.municipalities["kassel"].pk).status == "suspended",
        data=lambda w: {"action": "suspend", "reason": "Wartung"},
    ),
    Action(
        "console",
        "resume",
        lambda w: f"/konsole/kommunen/{w.suspended.pk}/",
        STAFF,
        lambda w, r: _municipality(w.suspended.pk).status == "active",
        data=lambda w: {"action": "resume"},
    ),
    Action(
        "console",
        "add_domain",
        lambda w: f"/konsole/kommunen/{w.municipalities['kassel'].pk}/",
        STAFF,
        lambda w, r: w.municipalities["kassel"].domains.filter(domain="neu.kassel.example").exists(),
        data=lambda w: {"action": "domain_add", "domain": "neu.kassel.example"},
    ),
    Action(
        "console",
        "set_primary_domain",
        lambda w: f"/konsole/kommunen/{w.municipalities['kassel'].pk}/",
        STAFF,
        lambda w, r: w.municipalities["kassel"].domains.get(is_primary=True).pk == w.second_domain.pk,
        data=lambda w: {"action": "domain_primary", "domain": w.second_domain.pk},
    ),
    Action(
        "console",
        "remove_domain",
        lambda w: f"/konsole/kommunen/{w.municipalities['kassel'].pk}/",
        STAFF,
        lambda w, r: not w.municipalities["kassel"].domains.filter(pk=w.second_domain.pk).exists(),
        data=lambda w: {"action": "domain_remove", "domain": w.second_domain.pk},
    ),
    Action(
        "console",
        "archive",
        lambda w: f"/konsole/kommunen/{w.municipalities['kassel'].pk}/",
        STAFF,
        lambda w, r: _municipality(w.municipalities["kassel"].pk).status == "archived",
        data=lambda w: {"action": "archive"},
    ),
    Action(
        "console",
        "delete",
        lambda w: f"/konsole/kommunen/{w.archived.pk}/",
        STAFF,
        lambda w, r: _municipality(w.archived.pk) is None,
        data=lambda w: {"action": "delete", "confirmation": "matrixdorf"},
    ),
    Action("console", "refresh_figures", lambda w: "/konsole/kommunen/zahlen/", STAFF, _figures_recounted),
    *[
        Action("events", f"registration_{action}", lambda w, action=action, who=who: (
            f"/cms/veranstaltungen/anmeldung/{getattr(w, who).pk}/{action}/"), BUILDERS,
            _in_kassel(lambda w, r, who=who, status=status: _event_registration(getattr(w, who).pk, status)))
        for action, who, status in (
            ("approve", "event_other_waiting", "confirmed"),
            ("reject", "waiting", "cancelled"),
            ("cancel", "seated", "cancelled"),
            ("checkin", "seated", "checked_in"),
        )
    ],
    Action("events", "checkin_by_qr", lambda w: f"/cms/veranstaltungen/einlass/{w.seated.token}/", BUILDERS,
           _in_kassel(lambda w, r: _event_registration(w.seated.pk, "checked_in"))),
    Action("events", "date_cancel", lambda w: f"/cms/veranstaltungen/termin/{w.event_date.pk}/absagen/", BUILDERS,
           _in_kassel(lambda w, r: _event_date(w.event_date.pk).status == "cancelled"), data=lambda w: {"reason": "Krank"}),
    Action("events", "date_move", lambda w: f"/cms/veranstaltungen/termin/{w.event_date.pk}/verschieben/", BUILDERS,
           _in_kassel(lambda w, r: _event_date(w.event_date.pk).start == w.event_move_to[0] and _audited_by(
               "event.date_moved", r)),
           data=lambda w: {"start": f"{timezone.localtime(w.event_move_to[0]):%Y-%m-%dT%H:%M}",
                           "end": f"{timezone.localtime(w.event_move_to[1]):%Y-%m-%dT%H:%M}"}),
    Action("events", "message_all", lambda w: f"/cms/veranstaltungen/termin/{w.event_date.pk}/nachricht/", BUILDERS,
           _in_kassel(lambda w, r: _audited("event.message_sent")), data=lambda w: {"subject": "Raum", "body": "Neu"}),
    Action("events", "export_xlsx", lambda w: f"/cms/veranstaltungen/termin/{w.event_date.pk}/liste.xlsx", BUILDERS,
           _in_kassel(lambda w, r: r["Content-Type"].startswith("application/vnd.openxml")), method="get"),
]  # fmt: skip


def _kompass(pk):
    from kompass.state.models import Participation

    return Participation.objects.get(pk=pk)


def _kompass_seal(pk):
    from kompass.state.models import Seal

    return Seal.objects.get(participation_id=pk)


def _kassel_kompass_count(model_name):
    from django.apps import apps

    return apps.get_model("kompass", model_name).objects.count()


_K = "/konsole/kompass/kommunen"
ACTIONS += [
    Action("kompass_join", "declare_interest", lambda w: "/cms/kompass/interesse/", BUILDERS,
           lambda w, r: _kompass_participations(w) == ["interested"],
           data=lambda w: {"contact": "Frau Weber", "email": "weber@kassel.example"}),
    Action("kompass_apply", "apply", lambda w: "/cms/kompass/bewerbung/", BUILDERS,
           lambda w, r: _kompass(w.kompass.pk).status == "applied"),
    Action("kompass", "survey_from_template", lambda w: "/cms/kompass/umfrage/", BUILDERS,
           _in_kassel(lambda w, r: _kassel_kompass_count("KompassSurvey") == 1),
           data=lambda w: {"variant": "short", "districts": "Mitte\nNord"}),
    Action("kompass", "measure_add", lambda w: "/cms/kompass/massnahmen/neu/", BUILDERS,
           _in_kassel(lambda w, r: _kassel_kompass_count("Measure") == 1),
           data=lambda w: {"title": "Licht", "owner": "municipality", "status": "planned"}),
    Action("kompass_console", "admit", lambda w: f"{_K}/{w.kompass_applied.pk}/admit/", OFFICE,
           lambda w, r: _kompass(w.kompass_applied.pk).status == "admitted"),
    Action("kompass_console", "status", lambda w: f"{_K}/{w.kompass.pk}/status/", OFFICE,
           lambda w, r: _kompass(w.kompass.pk).status == "kickoff", data=lambda w: {"status": "kickoff"}),
    Action("kompass_console", "contacts", lambda w: f"{_K}/{w.kompass.pk}/contacts/", OFFICE,
           lambda w, r: _kompass(w.kompass.pk).police_contact == "KOK Schmidt",
           data=lambda w: {"police_contact": "KOK Schmidt"}),
    Action("kompass_console", "document", lambda w: f"{_K}/{w.kompass.pk}/document/", OFFICE,
           lambda w, r: _kompass(w.kompass.pk).documents.count() == 1,
           data=lambda w: {"title": "Vereinbarung", "url": "https://hessen.example/v.pdf"}),
    Action("kompass_console", "seal_check", lambda w: f"{_K}/{w.kompass.pk}/seal_check/", OFFICE,
           lambda w, r: _kompass_seal(w.kompass.pk).met == [0], data=lambda w: {"met": ["0"]}),
    Action("kompass_console", "seal_award", lambda w: f"{_K}/{w.kompass.pk}/seal_award/", OFFICE,
           lambda w, r: _kompass_seal(w.kompass.pk).status == "awarded"),
    Action("kompass_console", "seal_criteria", lambda w: "/konsole/kompass/siegel/", OFFICE,
           lambda w, r: _seal_criteria_versions() == 2, data=lambda w: {"items": "Befragung\nKonferenz"}),
    Action("kompass_seal", "seal_renew", lambda w: f"{_K}/{w.kompass.pk}/seal_renew/", OFFICE,
           lambda w, r: _audited("kompass.seal_renew")),
    Action("kompass_seal", "seal_withdraw", lambda w: f"{_K}/{w.kompass.pk}/seal_withdraw/", OFFICE,
           lambda w, r: _kompass_seal(w.kompass.pk).status == "withdrawn", data=lambda w: {"reason": "Nicht erfüllt"}),
]  # fmt: skip


def _kompass_participations(world):
    from kompass.state.models import Participation

    return list(
        Participation.objects.filter(municipality=world.municipalities["kassel"]).values_list("status", flat=True)
    )


def _seal_criteria_versions():
    from kompass.state.models import SealCriteria

    return SealCriteria.objects.count()


def _report_row(pk):
    from reports.models import Report

    return Report.objects.get(pk=pk)


def _photo_row(pk):
    from reports.models import Photo

    return Photo.objects.get(pk=pk)


REPORTS = "/cms/maengel"
ACTIONS += [
    Action("reports", "status", lambda w: f"{REPORTS}/{w.report.pk}/status/", BUILDERS,
           _in_kassel(lambda w, r: _report_row(w.report.pk).status == "in_progress"),
           data=lambda w: {"status": "in_progress", "reason": "Wir sind dran."}),
    Action("reports", "publish", lambda w: f"{REPORTS}/{w.report.pk}/veroeffentlichen/", BUILDERS,
           _in_kassel(lambda w, r: _report_row(w.report.pk).published), data=lambda w: {"publish": "1"}),
    Action("reports", "resubmit", lambda w: f"{REPORTS}/{w.report.pk}/wiedervorlage/", BUILDERS,
           _in_kassel(lambda w, r: str(_report_row(w.report.pk).resubmit_on) == "2030-01-02"),
           data=lambda w: {"resubmit_on": "2030-01-02"}),
    Action("reports", "note", lambda w: f"{REPORTS}/{w.report.pk}/vermerk/", BUILDERS,
           _in_kassel(lambda w, r: _report_row(w.report.pk).notes.filter(text="Ortstermin").exists()),
           data=lambda w: {"text": "Ortstermin"}),
    Action("reports", "merge", lambda w: f"{REPORTS}/{w.report.pk}/zusammenfuehren/", BUILDERS,
           _in_kassel(lambda w, r: _report_row(w.report.pk).merged_into_id == w.report_target.pk),
           data=lambda w: {"into": w.report_target.reference}),
    Action("reports", "forward", lambda w: f"{REPORTS}/{w.report.pk}/weiterleiten/", BUILDERS,
           _in_kassel(lambda w, r: _report_row(w.report.pk).status == "forwarded"),
           data=lambda w: {"municipality": w.municipalities["marburg"].pk}),
    Action("reports", "photo_publish", lambda w: f"{REPORTS}/foto/{w.photo.pk}/freigabe/", BUILDERS,
           _in_kassel(lambda w, r: _photo_row(w.photo.pk).status == "published"), data=lambda w: {"publish": "1"}),
    Action("reports", "photo_boxes", lambda w: f"{REPORTS}/foto/{w.photo.pk}/bereiche/", BUILDERS,
           _in_kassel(lambda w, r: _photo_row(w.photo.pk).boxes == [[1, 2, 10, 10, "manual"]]),
           data=lambda w: {"boxes": "1, 2, 10, 10"}),
    Action("reports", "staff_entry", lambda w: f"{REPORTS}/neu/", BUILDERS,
           _in_kassel(lambda w, r: _report_row_by(description="Anruf: Ampel aus").channel == "phone"),
           data=lambda w: {"channel": "phone", "lat": 51.31, "lon": 9.48, "category": w.report_category.pk,
                           "description": "Anruf: Ampel aus"}),
    Action("reports", "original_photo", lambda w: f"{REPORTS}/foto/{w.photo.pk}/original.jpg", BUILDERS,
           lambda w, r: r["Content-Type"] == "image/jpeg", method="get"),
    Action("reports", "export_xlsx", lambda w: f"{REPORTS}/auswertung.xlsx", BUILDERS,
           lambda w, r: r["Content-Type"].startswith("application/vnd.openxml"), method="get"),
]  # fmt: skip


def _report_row_by(**filters):
    from reports.models import Report

    return Report.objects.get(**filters)


def _event_registration(pk, status):
    from events.models import Registration

    registration = Registration.objects.get(pk=pk)
    return registration.checked_in_at is not None if status == "checked_in" else registration.status == status


def _event_date(pk):
    from events.models import EventDate

    return EventDate.objects.get(pk=pk)


def _audited_by(action, response):
    """The entry is there and names the acting staff member (not None)."""
    from platform_core.models import AuditEntry

    entry = AuditEntry.objects.filter(action=action).order_by("-pk").first()
    return entry is not None and entry.actor_kind == "municipal_user" and entry.actor_id != ""


def _audited(action):
    from platform_core.models import AuditEntry

    return AuditEntry.objects.filter(action=action).exists()


def _consult(model, **filters):
    import consultations.models as m

    return getattr(m, model).objects.filter(**filters)


SIGNED_IN = frozenset({"citizen", "editor", "results_clerk", "municipal_admin"})
ACTIONS += [
    Action("consultations", "approve_comment", lambda w: f"/cms/beteiligung/moderation/kommentar/{w.pending.pk}/approve/",
           BUILDERS, _in_kassel(lambda w, r: _consult("Comment", pk=w.pending.pk, status="published").exists())),
    Action("consultations", "hide_comment", lambda w: f"/cms/beteiligung/moderation/kommentar/{w.comment.pk}/hide/",
           BUILDERS, _in_kassel(lambda w, r: _consult("Comment", pk=w.comment.pk, status="hidden").exists()),
           data=lambda w: {"reason": "Beleidigend"}),
    Action("consultations", "block_author", lambda w: f"/cms/beteiligung/moderation/kommentar/{w.comment.pk}/block/",
           BUILDERS, _in_kassel(lambda w, r: _consult("BlockedUser", user=w.comment.author_id).exists()),
           data=lambda w: {"reason": "Spam"}),
    Action("consultations", "unblock", lambda w: f"/cms/beteiligung/moderation/sperre/{w.blocked.pk}/aufheben/",
           BUILDERS, _in_kassel(lambda w, r: not _consult("BlockedUser", pk=w.blocked.pk).exists())),
    Action("consultations", "word_list", lambda w: "/cms/beteiligung/moderation/woerter/", BUILDERS,
           _in_kassel(lambda w, r: _consult("HeldWord", word="depp").exists()), data=lambda w: {"words": "Depp"}),
    Action("consultations", "weigh_statement", lambda w: f"/cms/beteiligung/stellungnahmen/{w.statement.pk}/",
           BUILDERS, _in_kassel(lambda w, r: _consult("Statement", pk=w.statement.pk, weighing="not").exists()),
           data=lambda w: {"weighing": "not", "answer": "Nein."}),
    Action("consultations", "export_statements", lambda w: f"/cms/beteiligung/stellungnahmen/verfahren/{w.procedure.pk}/export/",
           BUILDERS, _in_kassel(lambda w, r: _consult("StatementExport", page=w.procedure).count() == 2),
           data=lambda w: {"format": "xlsx"}),
    Action("consultations", "download_statement_export",
           lambda w: f"/cms/beteiligung/stellungnahmen/verfahren/{w.procedure.pk}/export/{w.statement_export.pk}/datei/",
           BUILDERS, lambda w, r: r.status_code == 200 and b"".join(r.streaming_content) == b"PK matrix", method="get"),
    Action("consultations", "download_attachment", lambda w: f"/cms/beteiligung/stellungnahmen/anhang/{w.attachment.pk}/",
           BUILDERS, lambda w, r: r.status_code == 200 and b"".join(r.streaming_content).startswith(b"%PDF"),
           method="get"),
    Action("consultations", "publish_result", lambda w: f"/cms/beteiligung/stellungnahmen/verfahren/{w.closed.pk}/ergebnis/",
           BUILDERS, _in_kassel(lambda w, r: _consult("ProcedurePage", pk=w.closed.pk,
                                                      result_published_at__isnull=False).exists())),
    Action("consultations_citizen", "comment", lambda w: f"/mitmachen/dialog/{w.dialogue.pk}/kommentieren/", SIGNED_IN,
           _in_kassel(lambda w, r: _consult("Comment", body="Matrix-Kommentar").exists()),
           data=lambda w: {"body": "Matrix-Kommentar"}),
    Action("consultations_citizen", "support", lambda w: f"/mitmachen/kommentar/{w.comment.pk}/unterstuetzen/",
           SIGNED_IN, _in_kassel(lambda w, r: _consult("Support", comment=w.comment).exists())),
    Action("consultations_citizen", "report", lambda w: f"/mitmachen/kommentar/{w.comment.pk}/melden/", SIGNED_IN,
           _in_kassel(lambda w, r: _consult("Report", comment=w.comment).exists())),
    Action("consultations_citizen", "follow", lambda w: f"/mitmachen/folgen/{w.dialogue.pk}/", SIGNED_IN,
           _in_kassel(lambda w, r: _consult("Follow", page_id=w.dialogue.pk).exists())),
]  # fmt: skip


def expected_outcome(action: Action, role: Role) -> str:
    """What must happen when ``role`` tries ``action``; derived, so new rows need no table of cells."""
    app = APPS[action.app]
    acting_host = role.acts_on or app.host
    if acting_host != app.host:
        return ABSENT  # e.g. /cms/ on the state portal, /konsole/ on a municipality's host
    if role.home != acting_host:
        return LOGIN  # no session on this host: another municipality's cookie counts for nothing
    if role.name in action.allowed:
        return DONE
    return role.refused_as.get(action.app, DENIED)


CELLS = [pytest.param(a, r, id=f"{a.app}.{a.name}-{r.name}") for a in ACTIONS for r in ROLES]


@pytest.fixture
def world(db, kassel, marburg, settings, tmp_path):
    return SimpleNamespace(
        municipalities={"kassel": kassel, "marburg": marburg},
        started=timezone.now(),
        settings=settings,
        tmp_path=tmp_path,
    )


@pytest.mark.parametrize("action,role", CELLS)
def test_matrix(world, action: Action, role: Role):
    app = APPS[action.app]
    app.setup(world, world.settings, world.tmp_path)
    client = _role_client(role, world)
    hosts = {
        "kassel": host_of(world.municipalities["kassel"]),
        "marburg": host_of(world.municipalities["marburg"]),
        "portal": PORTAL,
    }
    host = hosts[role.acts_on or app.host]
    before = app.snapshot(world)
    send = client.post if action.method == "post" else client.get
    response = send(action.path(world), action.data(world), HTTP_HOST=host)
    expected = expected_outcome(action, role)
    location = response.get("Location", "")
    if expected == DONE:
        assert response.status_code in (200, 302), response.content[:500]
        with schema_context("public"):
            assert action.done(world, response), f"{action.name} was not done for {role.name}"
        return
    if expected == DENIED:
        # 403, or Wagtail's answer to PermissionDenied: back to the dashboard with "no permission".
        assert response.status_code == 403 or (response.status_code == 302 and location == "/cms/"), (
            response.status_code,
            location,
        )
    elif expected == LOGIN:
        assert response.status_code == 302 and location.startswith(app.login_path), (response.status_code, location)
    elif expected == OTP:
        assert response.status_code == 302 and location.startswith("/konsole/2fa/"), (response.status_code, location)
    elif expected == ABSENT:
        assert response.status_code == 404
    assert app.snapshot(world) == before, f"{role.name} changed something with {action.name}"


def test_every_app_and_role_is_in_the_matrix():
    """A new app's actions need its AppSpec; a role without a refusal rule is refused with DENIED."""
    assert {a.app for a in ACTIONS} == set(APPS)
    assert len({(a.app, a.name) for a in ACTIONS}) == len(ACTIONS)
    outcomes = {expected_outcome(a, r) for a in ACTIONS for r in ROLES}
    assert outcomes == {DONE, DENIED, LOGIN, OTP, ABSENT}
