"""Citizens report a problem on a municipality's site: double opt-in, receipt, status link, duplicates."""

import re

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from reports.models import Follower, Photo, Report

from .factories import KASSEL_POINT, category, jpeg, make_report


def _post(client, **extra):
    data = {"lat": KASSEL_POINT[0], "lon": KASSEL_POINT[1], "address": "Obere Königsstraße 8",
            "category": extra.pop("category_pk"), "description": "Laterne ist dunkel", "name": "Bernd Beispiel",
            "email": "bernd@example.org", **extra}  # fmt: skip
    return client.post("/maengel/melden/", data)


def _link(body: str) -> str:
    return re.search(r"http://[^\s]+", body).group(0)


def test_a_citizen_reports_confirms_and_gets_a_receipt_with_reference_and_private_link(
    kassel, client_for, django_capture_on_commit_callbacks
):
    client = client_for(kassel)
    with schema_context(kassel.schema_name):
        pk = category().pk
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, category_pk=pk)
    assert response.status_code == 302
    with schema_context(kassel.schema_name):
        report = Report.objects.get(reporter_email="bernd@example.org")
        assert report.status == "unconfirmed"
    assert len(mail.outbox) == 1 and "bestätigen" in mail.outbox[0].subject.lower()
    link = _link(mail.outbox[0].body)
    assert link.startswith("http://kassel.")
    path = link.split("localhost", 1)[1].split("/", 1)[1]
    path = "/" + path
    assert "Bestätigen" in client.get(path).content.decode()  # GET changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path)
    assert response.status_code == 302
    receipt = mail.outbox[-1]
    assert report.reference in receipt.subject and report.reference in receipt.body
    status_page = client.get(response["Location"]).content.decode()
    assert 'status-new">neu<' in status_page and "Laterne ist dunkel" in status_page


def test_bad_input_is_answered_with_a_german_message_and_keeps_the_input(kassel, client_for):
    client = client_for(kassel)
    with schema_context(kassel.schema_name):
        pk = category().pk
    response = client.post("/maengel/melden/", {"category": pk, "description": "Loch in der Straße", "email": "x"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Bitte prüfen Sie Ihre Angaben" in html and "Loch in der Straße" in html
    assert "Bitte markieren Sie den Ort auf der Karte" in html


def test_typed_coordinates_work_without_a_map(kassel, client_for):
    client = client_for(kassel)
    with schema_context(kassel.schema_name):
        pk = category().pk
    response = _post(client, category_pk=pk, lat="", lon="", address="51.3127, 9.4797")
    assert response.status_code == 302
    with schema_context(kassel.schema_name):
        assert Report.objects.get(reporter_email="bernd@example.org").lat == 51.3127


def test_photos_are_limited_to_three_and_must_be_pictures(kassel, client_for):
    client = client_for(kassel)
    with schema_context(kassel.schema_name):
        pk = category().pk
    four = [SimpleUploadedFile(f"p{n}.jpg", jpeg(), "image/jpeg") for n in range(4)]
    assert "höchstens 3 Fotos" in _post(client, category_pk=pk, photos=four).content.decode()
    text = SimpleUploadedFile("p.jpg", b"not a picture", "image/jpeg")
    assert "kein JPEG-, PNG- oder HEIC-Foto" in _post(client, category_pk=pk, photos=[text]).content.decode()


def test_nearby_open_reports_are_offered_and_supporting_one_makes_a_follower(
    kassel, client_for, django_capture_on_commit_callbacks
):
    client = client_for(kassel)
    with schema_context(kassel.schema_name):
        existing = make_report()
        pk = existing.category_pk if hasattr(existing, "category_pk") else existing.category_id
    response = _post(client, category_pk=pk)
    html = response.content.decode()
    assert "Ist es eine dieser Meldungen?" in html and existing.reference in html
    with schema_context(kassel.schema_name):
        assert Report.objects.count() == 1  # nothing created yet
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/maengel/{existing.reference}/unterstuetzen/", {"name": "Bernd", "email": "bernd@example.org"})
    link = _link(mail.outbox[-1].body)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/" + link.split("/", 3)[3])
    with schema_context(kassel.schema_name):
        assert Follower.objects.get(report=existing).confirmed
        assert Report.objects.count() == 1
    # "None of these": the second POST carries no_duplicate and creates the report
    assert _post(client, category_pk=pk, no_duplicate="1").status_code == 302


def test_photos_are_blurred_before_anyone_but_staff_sees_them(kassel, client_for, django_capture_on_commit_callbacks):
    client = client_for(kassel)
    with schema_context(kassel.schema_name):
        pk = category("Graffiti").pk
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, category_pk=pk, photos=[SimpleUploadedFile("a.jpg", jpeg(), "image/jpeg")])
    with schema_context(kassel.schema_name):
        photo = Photo.objects.get(report__reporter_email="bernd@example.org")
        assert photo.status == "blurred" and photo.blurred and photo.original
        report = photo.report
        report.published = True
        report.save()
    assert client.get(f"/maengel/foto/{photo.pk}/").status_code == 404  # not yet published by staff
    assert client.get(f"/maengel/foto/{photo.pk}/{report.token}/").status_code == 200  # the reporter's private link
    assert client.get(f"/maengel/foto/{photo.pk}/wrong-token/").status_code == 404
