"""The console and a municipality's admin read the one audit table (platform_core.AuditEntry)."""

from django_tenants.utils import schema_context

from platform_core import audit


def test_console_log_csv_and_municipality_view_read_the_one_table(staff_client, kassel, marburg, client_for):
    audit.log("municipality.suspended", actor=staff_client.user, target=kassel, reason="Konsole-Kassel")
    with schema_context(kassel.schema_name):
        audit.log("survey.publish", actor="admin@kassel.example", survey="Eigene-Kassel-Umfrage")
    with schema_context(marburg.schema_name):
        audit.log("survey.publish", actor="admin@marburg.example", survey="Eigene-Marburg-Umfrage")

    html = staff_client.get("/konsole/protokoll/", {"municipality": "kassel"}).content.decode()
    assert "reason=Konsole-Kassel" in html and staff_client.user.email in html and "Landesbedienstete" in html
    text = staff_client.get("/konsole/protokoll/", {"format": "csv"}).content.decode("utf-8-sig")
    assert "Konsole-Kassel" in text and "06611000" in text
    assert "Eigene-Kassel-Umfrage" not in text  # a municipality's own log stays in its schema

    admin = client_for(kassel)
    admin.post("/konto/login/", {"login": "admin@kassel.example", "password": "Demo-Passwort-2026"})
    html = admin.get("/cms/protokoll/").content.decode()
    assert "Eigene-Kassel-Umfrage" in html and "reason=Konsole-Kassel" in html  # own entries and the state's
    assert "Eigene-Marburg-Umfrage" not in html


def test_abandoned_provisioning_is_shown_by_get_and_marked_failed_by_post(staff_client):
    """A registration whose worker died (nobody holds the provisioning lock): the console shows
    it, and only the staff member's POST marks it failed, ready for a retry."""
    import datetime
    import uuid

    from django.utils import timezone

    from platform_core.models import AuditEntry
    from tenants.models import MunicipalityRegistration, RegisterEntry

    started = timezone.now() - datetime.timedelta(minutes=5)
    registration = MunicipalityRegistration.objects.create(
        entry=RegisterEntry.objects.get(ags="06437011"),
        contact_name="Erika Muster",
        slug="abandoned-get",
        contact_email="erika@dietzenbach.example",
        terms_version="2026-01",
        dpa_version="2026-01",
        accepted_at=started,
        status=MunicipalityRegistration.Status.PROVISIONING,
        decided_at=started,
        provisioning_started_at=started,
        verification_key=uuid.uuid4().hex,
        status_token=uuid.uuid4().hex,
    )
    url = f"/konsole/registrierungen/{registration.pk}/"
    assert "Hintergrundprozess beendet" in staff_client.get("/konsole/registrierungen/").content.decode()
    html = staff_client.get(url).content.decode()
    assert "Als fehlgeschlagen markieren" in html
    registration.refresh_from_db()
    assert registration.status == "provisioning"  # GETs wrote nothing
    assert not AuditEntry.objects.filter(action="registration.abandoned").exists()

    html = staff_client.post(url, {"action": "mark_abandoned"}, follow=True).content.decode()
    registration.refresh_from_db()
    assert registration.status == "failed"
    assert "Die Einrichtung ist als fehlgeschlagen markiert" in html and "Einrichtung erneut versuchen" in html
    assert AuditEntry.objects.filter(
        action="registration.abandoned", actor_kind="system", target_id=registration.pk
    ).exists()
