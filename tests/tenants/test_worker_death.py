"""A worker killed mid-task: nothing half-made stays, and the job shows as failed, ready to retry.

The worker is a real separate process on the test database, killed with SIGKILL while it is
inside the provisioning transaction (or writing an export). Liveness is read from PostgreSQL
advisory locks, which die with the worker's session (platform_core.liveness).
"""

import os
import signal
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context, schema_exists

from tenants.models import Municipality, MunicipalityRegistration, RegisterEntry

ROOT = Path(__file__).resolve().parents[2]


def start_worker(script: str) -> subprocess.Popen:
    """Run ``script`` in a separate Django process on the test database; it prints READY."""
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="platform_core.settings.test",
        DJANGO_EMBEDDED_DB_NAME=connection.settings_dict["NAME"],
        PYTHONPATH=str(ROOT),
    )
    prelude = "import django\ndjango.setup()\n"
    proc = subprocess.Popen(
        [sys.executable, "-c", prelude + textwrap.dedent(script)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = proc.stdout.readline()
    assert line.strip() == "READY", (line, proc.stderr.read() if proc.poll() is not None else "")
    return proc


def kill(proc: subprocess.Popen) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    deadline = time.monotonic() + 10  # PostgreSQL ends the dead session's transaction
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE state = 'idle in transaction'")
            if cursor.fetchone()[0] == 0:
                return
        time.sleep(0.1)


def test_killed_provisioning_leaves_nothing_and_can_be_retried(committed_db):
    from tenants.registration import registration_approve, registrations_abandoned, registrations_recover_abandoned

    entry = RegisterEntry.objects.get(ags="06438001")  # Dietzenbach, used by no other test
    registration = MunicipalityRegistration.objects.create(
        entry=entry,
        contact_name="Erika Muster",
        contact_email="erika@dietzenbach.example",
        slug="dietzenbach",
        terms_version="2026-01",
        dpa_version="2026-01",
        accepted_at=timezone.now(),
        status=MunicipalityRegistration.Status.PROVISIONING,
        decided_by="test",
        decided_at=timezone.now(),
        verification_key=uuid.uuid4().hex,
        status_token=uuid.uuid4().hex,
    )
    try:
        worker = start_worker(f"""
            import sys, time
            import cms.setup
            def hang(**kwargs):
                print("READY", flush=True)   # inside the provisioning transaction, schema cloned
                time.sleep(120)
            cms.setup.build_default_site = hang
            from tenants.registration import registration_provision
            registration_provision(registration_id={registration.pk})
        """)
        assert registrations_recover_abandoned(min_age_seconds=0) == 0  # the worker is alive: hands off
        kill(worker)

        assert not Municipality.objects.filter(ags="06438001").exists()
        assert not schema_exists("gem_06438001")
        registration.refresh_from_db()
        assert registration.status == MunicipalityRegistration.Status.PROVISIONING
        # Seen as abandoned by a read, which changes nothing; the recovery is an explicit step.
        assert list(registrations_abandoned(min_age_seconds=0)) == [registration]
        registration.refresh_from_db()
        assert registration.status == MunicipalityRegistration.Status.PROVISIONING

        assert registrations_recover_abandoned(min_age_seconds=0) == 1
        registration.refresh_from_db()
        assert registration.status == MunicipalityRegistration.Status.FAILED
        assert "nichts wurde angelegt" in registration.error

        registration_approve(registration_id=registration.pk, actor="test")  # retry; tests run the task at once
        registration.refresh_from_db()
        assert registration.status == MunicipalityRegistration.Status.LIVE
        assert schema_exists("gem_06438001")
    finally:
        connection.set_schema_to_public()
        municipality = Municipality.objects.filter(ags="06438001").first()
        MunicipalityRegistration.objects.filter(pk=registration.pk).delete()
        if municipality is not None:
            municipality.delete(force_drop=True)


def test_killed_export_shows_failed_instead_of_running_forever(committed_db, client_for):
    from surveys.models import SurveyExport
    from surveys.services import survey_exports_recover_abandoned
    from tests.surveys.factories import make_big_survey

    kassel = Municipality.objects.get(slug="kassel")
    with schema_context(kassel.schema_name):
        survey = make_big_survey(2)
        # requested_by empty: the clerk's account may be gone by the time the list is read
        export = SurveyExport.objects.create(survey=survey, format=SurveyExport.Format.CSV)
    worker = start_worker(f"""
        import time
        from django_tenants.utils import schema_context
        import surveys.exports
        def hang(*args, **kwargs):
            print("READY", flush=True)   # claimed and writing
            time.sleep(120)
        surveys.exports.write_responses_csv = hang
        from surveys.services import survey_export_build
        with schema_context("{kassel.schema_name}"):
            survey_export_build(export_id={export.pk})
    """)
    with schema_context(kassel.schema_name):
        assert survey_exports_recover_abandoned() == 0  # alive: still running
        export.refresh_from_db()
        assert export.status == SurveyExport.Status.RUNNING
    kill(worker)
    with schema_context(kassel.schema_name):
        from django.contrib.auth import get_user_model

        admin = get_user_model().objects.get(email="admin@kassel.example")
    client = client_for(kassel)
    assert client.post("/konto/login/", {"login": admin.username, "password": "Demo-Passwort-2026"}).status_code == 302
    # The list shows the export as abandoned, with a button, and writes nothing (a GET).
    html = client.get(f"/cms/umfragen/{survey.pk}/exporte/").content.decode()
    assert "Der Hintergrundprozess wurde beim Schreiben der Datei beendet." in html and 'value="mark_abandoned"' in html
    with schema_context(kassel.schema_name):
        export.refresh_from_db()
        assert export.status == SurveyExport.Status.RUNNING
    # The clerk's POST marks it failed; the list then shows the error and no button.
    response = client.post(f"/cms/umfragen/{survey.pk}/exporte/", {"action": "mark_abandoned"}, follow=True)
    html = response.content.decode()
    with schema_context(kassel.schema_name):
        export.refresh_from_db()
        assert export.status == SurveyExport.Status.FAILED
        assert survey_exports_recover_abandoned() == 0
    assert "Bitte fordern Sie den Export erneut an" in html and 'value="mark_abandoned"' not in html
