"""Clerks: inbox by department, workflow with public reasons and emails, photos, notes, merge, forwarding."""

import csv
import io

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.files.base import ContentFile
from django_tenants.utils import schema_context

from platform_core.models import AuditEntry
from reports.models import Follower, Photo, Report, TextTemplate
from reports.services import photo_blur, report_set_status

from .factories import category, jpeg, make_report


def _clerk(department: Group, *perms: str):
    user = get_user_model().objects.create_user(username=f"clerk-{department.name}", email=f"{department.pk}@k.example")
    department.permissions.add(Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"))
    for codename in perms or ("change_report",):
        department.permissions.add(Permission.objects.get(codename=codename, content_type__app_label="reports"))
    user.groups.add(department)
    return user


def _login(client, user, kassel):
    with schema_context(kassel.schema_name):
        client.force_login(user)


def test_a_clerk_sees_the_reports_of_their_department_only(kassel, client_for):
    client = client_for(kassel)
    with schema_context(kassel.schema_name):
        light = make_report()  # Tiefbauamt
        dumping = make_report(category=category("Illegale Müllablagerung"), description="Sperrmüll am Weg")
        clerk = _clerk(Group.objects.get(name="Tiefbauamt"))
    _login(client, clerk, kassel)
    html = client.get("/cms/maengel/").content.decode()
    assert light.reference in html and dumping.reference not in html
    assert client.get(f"/cms/maengel/{dumping.pk}/").status_code == 404
    html = client.get("/cms/maengel/", {"q": "Laterne", "status": "new"}).content.decode()
    assert light.reference in html


def test_status_changes_reach_followers_with_the_public_reason_and_are_audited(
    kassel, client_for, django_capture_on_commit_callbacks
):
    client = client_for(kassel)
    with schema_context(kassel.schema_name):
        report = make_report()
        Follower.objects.create(report=report, email="fan@example.org", confirmed=True)
        TextTemplate.objects.create(title="Erledigt", body="Meldung {reference} in {municipality} ist erledigt.")
        template = TextTemplate.objects.get(title="Erledigt")
        admin = get_user_model().objects.get(email="admin@kassel.example")
    _login(client, admin, kassel)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/cms/maengel/{report.pk}/status/", {"status": "solved", "template": template.pk})
    sent = {m.to[0]: m for m in mail.outbox}
    assert set(sent) == {"anna@example.org", "fan@example.org"}
    assert f"Meldung {report.reference} in Kassel" in sent["fan@example.org"].body
    assert "erledigt" in sent["fan@example.org"].subject
    with schema_context(kassel.schema_name):
        report.refresh_from_db()
        assert report.status == "solved" and report.first_response_at and report.closed_at
        assert AuditEntry.objects.filter(action="report.status", target_id=str(report.pk)).exists()


def test_rejecting_needs_a_public_reason(kassel, client_for):
    client = client_for(kassel)
    with schema_context(kassel.schema_name):
        report = make_report()
        admin = get_user_model().objects.get(email="admin@kassel.example")
    _login(client, admin, kassel)
    response = client.post(f"/cms/maengel/{report.pk}/status/", {"status": "rejected"}, follow=True)
    assert "Bitte geben Sie die öffentliche Begründung an." in response.content.decode()
    with schema_context(kassel.schema_name):
        report.refresh_from_db()
        assert report.status == "new"


def test_originals_are_for_staff_with_the_right_and_deleted_when_the_report_closes(kassel, client_for, settings,
                                                                                   tmp_path):  # fmt: skip
    settings.REPORTS_PRIVATE_ROOT = str(tmp_path)
    client = client_for(kassel)
    with schema_context(kassel.schema_name):
        report = make_report()
        photo = Photo.objects.create(report=report)
        photo.original.save("o.jpg", ContentFile(jpeg()), save=True)
        photo_blur(photo_id=photo.pk)
        clerk = _clerk(Group.objects.get(name="Tiefbauamt"))
        admin = get_user_model().objects.get(email="admin@kassel.example")
        path = photo.original.path
    _login(client, clerk, kassel)
    assert client.get(f"/cms/maengel/foto/{photo.pk}/blurred.jpg").status_code == 200
    assert client.get(f"/cms/maengel/foto/{photo.pk}/original.jpg").status_code == 404  # no right to originals
    _login(client, admin, kassel)
    assert client.get(f"/cms/maengel/foto/{photo.pk}/original.jpg").status_code == 200
    with schema_context(kassel.schema_name):
        report_set_status(report=report, status="solved", actor=admin)
        photo.refresh_from_db()
        assert not photo.original and photo.blurred
    import os

    assert not os.path.exists(path)
    assert client.get(f"/cms/maengel/foto/{photo.pk}/original.jpg").status_code == 404


def test_merging_makes_the_duplicates_reporter_a_follower(kassel):
    with schema_context(kassel.schema_name):
        first = make_report()
        second = make_report(email="zweite@example.org")
        from reports.services import report_merge

        report_merge(duplicate=second, into=first, actor="test")
        second.refresh_from_db()
        assert second.status == "merged" and second.merged_into == first
        assert first.followers.filter(email="zweite@example.org", confirmed=True).exists()


def test_forwarding_moves_the_report_into_the_other_municipality(kassel, marburg):
    from reports.services import report_forward

    with schema_context(marburg.schema_name):
        category()
    with schema_context(kassel.schema_name):
        report = make_report(description="Grenzfall an der Brücke")
        report_forward(report=report, municipality=marburg, actor="test")
        report.refresh_from_db()
        assert report.status == "forwarded" and "Marburg" in report.public_reason
    with schema_context(marburg.schema_name):
        copy = Report.objects.get(description="Grenzfall an der Brücke")
        assert copy.status == "new" and copy.reporter_email == "anna@example.org"


def test_staff_enter_phone_reports_and_the_evaluation_exports_without_personal_data(kassel, client_for):
    client = client_for(kassel)
    with schema_context(kassel.schema_name):
        pk = category().pk
        admin = get_user_model().objects.get(email="admin@kassel.example")
    _login(client, admin, kassel)
    response = client.post("/cms/maengel/neu/", {"channel": "counter", "address": "51.31, 9.48", "category": pk,
                                                 "description": "=HYPERLINK(1)", "name": "Frau Geheim"})  # fmt: skip
    assert response.status_code == 302
    html = client.get("/cms/maengel/auswertung/").content.decode()
    assert "Bürgerbüro" in html and "<svg" in html
    rows = list(csv.reader(io.StringIO(client.get("/cms/maengel/auswertung.csv").content.decode("utf-8-sig")),
                           delimiter=";"))  # fmt: skip
    assert rows[0][0] == "Aktenzeichen" and any("Bürgerbüro" in row for row in rows)
    assert "Frau Geheim" not in str(rows) and "HYPERLINK" not in str(rows)
