"""State console: access with a second factor, the registration queue, lists, figures, audit log, chart."""

import threading

import pytest
from django.core import mail
from django.db import connection, connections
from django.test import Client
from django_tenants.utils import schema_context, schema_exists

from platform_core.models import AuditEntry
from platform_core.registry import registry
from tenants.models import Municipality, MunicipalityRegistration, MunicipalityStats
from tenants.registration import RegistrationError, registration_approve, registration_create, registration_verify
from tenants.stats import stats_refresh
from tests.tenants.conftest import PORTAL, make_staff, totp_token


def pending_registration(ags="06435014", slug="hanau", email="e.mustermann@hanau.de"):
    registration = registration_create(ags=ags, contact_name="Erika Mustermann", contact_email=email, slug=slug)
    return registration_verify(key=registration.verification_key)


def test_console_needs_staff_login_and_second_factor(db, kassel):
    assert Client(HTTP_HOST=PORTAL).get("/konsole/kommunen/")["Location"].startswith("/konsole/anmelden/")
    user, _ = make_staff(with_device=False)
    client = Client(HTTP_HOST=PORTAL)
    client.post("/konsole/anmelden/", {"username": user.username, "password": "Demo-Passwort-2026"})
    response = client.get("/konsole/kommunen/")
    assert response.status_code == 302 and response["Location"].startswith("/konsole/2fa/")
    html = client.get(response["Location"]).content.decode()
    assert "Zwei-Faktor-Anmeldung" in html and "otpauth://totp/" in html  # set-up shows the key
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user=user)
    assert client.post("/konsole/2fa/", {"token": "000000"}).status_code == 400
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code delays the next try (django-otp's throttling)
    assert (
        client.post("/konsole/2fa/", {"token": totp_token(device), "next": "/konsole/kommunen/"})["Location"]
        == "/konsole/kommunen/"
    )
    assert client.get("/konsole/kommunen/").status_code == 200
    # Not staff: no console, even with a device.
    citizen, device = make_staff("buerger@hessen.example", is_staff=False)
    other = Client(HTTP_HOST=PORTAL)
    other.post("/konsole/anmelden/", {"username": citizen.username, "password": "Demo-Passwort-2026"})
    assert other.get("/konsole/").status_code == 403
    # The console does not exist on a municipality's host.
    assert Client(HTTP_HOST="kassel.beteiligung.localhost").get("/konsole/").status_code == 404


def test_approval_provisions_site_and_invites_contact(staff_client, django_capture_on_commit_callbacks):
    registration = pending_registration()
    html = staff_client.get("/konsole/registrierungen/").content.decode()
    assert "Hanau" in html and "Wartet auf Prüfung" in html
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"/konsole/registrierungen/{registration.pk}/", {"action": "approve"})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == "live" and registration.progress == 100
    municipality = registration.municipality
    assert municipality.slug == "hanau" and municipality.ags == "06435014"
    assert schema_exists(municipality.schema_name)
    invitation = [m for m in mail.outbox if m.to == ["e.mustermann@hanau.de"]][-1]
    assert "/konto/password/reset/key/" in invitation.body and "hanau.beteiligung.localhost" in invitation.body
    with schema_context(municipality.schema_name):
        from django.contrib.auth import get_user_model

        admin = get_user_model().objects.get(email="e.mustermann@hanau.de")
        assert admin.is_superuser and admin.first_name == "Erika"
    assert MunicipalityStats.objects.get(municipality=municipality).pages > 0
    assert AuditEntry.objects.filter(
        action="registration.approved",
        actor_label=staff_client.user.email,
        actor_id=str(staff_client.user.pk),
        actor_kind="state_staff",
    ).exists()
    html = Client(HTTP_HOST=PORTAL).get(f"/registrierung/status/{registration.status_token}/").content.decode()
    assert "ist online" in html and "http://hanau.beteiligung.localhost" in html
    # Approving again is refused with a message, nothing happens.
    with pytest.raises(RegistrationError, match="wartet nicht mehr"):
        registration_approve(registration_id=registration.pk, actor="x")


def test_rejection_sends_reason_to_applicant(staff_client, django_capture_on_commit_callbacks):
    registration = pending_registration()
    response = staff_client.post(f"/konsole/registrierungen/{registration.pk}/", {"action": "reject", "reason": ""})
    assert response.status_code == 400 and "Bitte füllen Sie dieses Feld aus" in response.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            f"/konsole/registrierungen/{registration.pk}/",
            {"action": "reject", "reason": "Bitte über den Landkreis anmelden."},
        )
    registration.refresh_from_db()
    assert registration.status == "rejected"
    assert (
        mail.outbox[-1].to == ["e.mustermann@hanau.de"] and "Bitte über den Landkreis anmelden." in mail.outbox[-1].body
    )
    html = Client(HTTP_HOST=PORTAL).get(f"/registrierung/status/{registration.status_token}/").content.decode()
    assert "abgelehnt" in html and "Bitte über den Landkreis anmelden." in html
    assert not Municipality.objects.filter(ags="06435014").exists()


def test_failed_provisioning_leaves_nothing_and_retry_works(
    staff_client, monkeypatch, django_capture_on_commit_callbacks
):
    import cms.setup

    registration = pending_registration()
    monkeypatch.setattr(
        cms.setup, "build_default_site", lambda **kw: (_ for _ in ()).throw(RuntimeError("Festplatte voll"))
    )
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(f"/konsole/registrierungen/{registration.pk}/", {"action": "approve"})
    registration.refresh_from_db()
    assert registration.status == "failed" and "Festplatte voll" in registration.error
    assert not Municipality.objects.filter(ags="06435014").exists() and not schema_exists("gem_06435014")
    html = staff_client.get(f"/konsole/registrierungen/{registration.pk}/").content.decode()
    assert "Einrichtung fehlgeschlagen" in html and "Festplatte voll" in html and "Einrichtung erneut versuchen" in html
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(f"/konsole/registrierungen/{registration.pk}/", {"action": "approve"})
    registration.refresh_from_db()
    assert registration.status == "live" and registration.attempts == 2
    assert AuditEntry.objects.filter(action="registration.retried").exists()


def test_two_staff_approving_at_once_provision_once(committed_db):
    ags, slug = "06438001", "dreieich-doppelt"  # used by no other test
    registration = pending_registration(ags=ags, slug=slug, email="kontakt@dreieich.de")
    barrier = threading.Barrier(2)
    outcomes = []

    def approve(actor):
        try:
            barrier.wait()
            registration_approve(registration_id=registration.pk, actor=actor)
            outcomes.append("ok")
        except RegistrationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(f"staff{i}@hessen.example",)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert sorted(outcomes) == ["ok", "refused"]
        registration.refresh_from_db()
        assert registration.status == "live" and registration.attempts == 1
        assert Municipality.objects.filter(ags=ags).count() == 1
        assert AuditEntry.objects.filter(action="municipality.provisioned", data__ags=ags).count() == 1
    finally:
        _remove_committed(ags)


def _remove_committed(ags):
    municipality = Municipality.objects.filter(ags=ags).first()
    MunicipalityRegistration.objects.filter(entry_id=ags).delete()
    if municipality is not None:
        schema = municipality.schema_name
        municipality.domains.all().delete()
        municipality.delete()
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def test_municipality_list_filters_and_shows_precomputed_figures(
    staff_client, kassel, marburg, django_assert_max_num_queries
):
    stats_refresh()
    with django_assert_max_num_queries(12):  # the same few queries for 2 or 421 municipalities
        html = staff_client.get("/konsole/kommunen/").content.decode()
    assert "Kassel" in html and "Marburg" in html and "Zahlen mit Stand" in html
    # The figures the apps register, with their labels (surveys: surveys and responses).
    assert '<th scope="col" class="num">Umfragen</th><th scope="col" class="num">Antworten</th>' in html
    html = staff_client.get("/konsole/kommunen/", {"district": kassel.district}).content.decode()
    assert "Kassel" in html and "Marburg</a>" not in html
    html = staff_client.get("/konsole/kommunen/", {"q": "marb"}).content.decode()
    assert "Marburg" in html and "Kassel</a>" not in html
    html = staff_client.get("/konsole/kommunen/", {"status": "suspended"}).content.decode()
    assert "Keine Kommune passt" in html
    html = staff_client.get(f"/konsole/kommunen/{kassel.pk}/").content.decode()
    assert "kassel.beteiligung.localhost" in html and "Kennzahlen" in html
    assert '<th scope="col">Umfragen</th><th scope="col">Antworten</th>' in html


def test_figures_are_counted_in_each_schema(kassel):
    [row] = stats_refresh(municipalities=[kassel])
    with schema_context(kassel.schema_name):
        from django.contrib.auth import get_user_model
        from wagtail.models import Page

        assert row.pages == Page.objects.filter(depth__gt=1).count()
        assert row.users == get_user_model().objects.filter(is_active=True).count()
    assert row.computed_at is not None
    with schema_context(kassel.schema_name):
        from surveys.models import Response, Survey

        assert row.figures["surveys"] == Survey.objects.count()  # figures registered by surveys/apps.py
        assert row.figures["responses"] == Response.objects.count()
    assert set(row.figures) == {f.key for f in registry.figures()}


def test_audit_log_filter_csv_and_municipalitys_own_view(staff_client, kassel, marburg, client_for):
    from platform_core import audit

    audit.log("municipality.suspended", actor="pruefer@hessen.example", target=kassel, reason="Test")
    audit.log("municipality.suspended", actor="pruefer@hessen.example", target=marburg, reason="Geheim-Marburg")
    html = staff_client.get(
        "/konsole/protokoll/", {"municipality": "Kassel", "action": "municipality.suspended"}
    ).content.decode()
    assert "reason=Test" in html and "Geheim-Marburg" not in html
    response = staff_client.get("/konsole/protokoll/", {"action": "municipality.suspended", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Zeitpunkt;Aktion") and "Geheim-Marburg" in text
    # Kassel's administrators see Kassel's entries in their Wagtail admin, not Marburg's.
    admin = client_for(kassel)
    admin.post("/konto/login/", {"login": "admin@kassel.example", "password": "Demo-Passwort-2026"})
    html = admin.get("/cms/protokoll/").content.decode()
    assert "reason=Test" in html and "Geheim-Marburg" not in html


def test_participation_chart_by_district(staff_client, kassel, marburg):
    html = staff_client.get("/konsole/beteiligung/").content.decode()
    assert '<svg role="img"' in html and '<title id="chart-title">' in html
    assert "Marburg-Biedenkopf" in html and "Kassel" in html
    assert "Teilnehmende Kommunen je Landkreis" in html
