"""A citizen reports a problem with a photo on the state portal; it reaches Kassel; the clerk sees the
blurred photo, publishes it and the report, changes the status; the citizen gets the emails and the
report shows on Kassel's public map. A second citizen is asked "is it one of these?" and supports it.
axe-core checks the citizen pages; screenshots for the README."""

import re
import uuid
from pathlib import Path

import pytest
from django.core import mail
from django_tenants.utils import schema_context

from tests.browser.conftest import axe_violations, cms_login, screenshot

pytestmark = pytest.mark.browser


def _schema():
    from tenants.models import Municipality

    return Municipality.objects.get(slug="kassel").schema_name


def _path(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def _mail_link(email: str, part: str) -> str:
    for message in reversed(mail.outbox):
        if message.to == [email]:
            match = re.search(rf"https?://\S+/maengel/{part}/\S+/", message.body)
            if match:
                return _path(match.group(0))
    raise AssertionError(f"no {part} link for {email}")


def _street_photo(path):
    """A street scene of the project's blur test set with one face and one number plate (known boxes)."""
    scene = Path(__file__).resolve().parents[1] / "photoblur" / "data" / "scenes" / "scene_04.jpg"
    path.write_bytes(scene.read_bytes())
    return str(path)


@pytest.fixture
def report_setup(committed_db):
    from django.contrib.auth.models import Group

    from reports.demo import CATEGORIES, TEMPLATES, demo_categories
    from reports.models import Category, Report, TextTemplate
    from reports.state.models import Boundary
    from reports.state.services import demo_boundaries_load

    demo_boundaries_load()
    with schema_context(_schema()):
        demo_categories()
    yield
    Boundary.objects.filter(source="demo").delete()
    with schema_context(_schema()):
        Report.objects.filter(description__startswith="Browser:").delete()
        Category.objects.filter(name__in=[c[0] for c in CATEGORIES]).delete()
        Group.objects.filter(name__in={c[1] for c in CATEGORIES}).delete()
        TextTemplate.objects.filter(title__in=[t[0] for t in TEMPLATES]).delete()


def test_report_on_the_portal_clerk_publishes_citizen_follows_map(
    page, browser, live_url, kassel_admin_totp, report_setup, tmp_path
):
    from reports.models import Photo, Report

    mail.outbox.clear()
    email = f"buerger-{uuid.uuid4().hex[:6]}@example.org"
    text = f"Browser: Laterne dunkel {uuid.uuid4().hex[:4]}"
    citizen = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900}).new_page()

    # The state portal: the place first (typed, no tiles), then Kassel's categories.
    citizen.goto(live_url(None, "/maengel/"))
    assert axe_violations(citizen) == []
    citizen.get_by_label("Adresse oder Ortsbeschreibung").fill("51.3127, 9.4797")
    citizen.get_by_role("button", name="Weiter").click()
    assert "Ihre Meldung geht an: Kassel" in citizen.locator(".route-target").inner_text()
    assert axe_violations(citizen) == []
    citizen.locator("#id_category").select_option(label="Straßenbeleuchtung")
    citizen.locator("#id_description").fill(text)
    citizen.locator("#id_photos").set_input_files(_street_photo(tmp_path / "s.jpg"))
    citizen.locator("#id_email").fill(email)
    citizen.get_by_role("button", name="Meldung absenden").click()
    assert "Ihre Meldung ging an Kassel" in citizen.locator("main").inner_text()
    reference = citizen.locator(".reference").inner_text()
    assert axe_violations(citizen) == []
    with schema_context(_schema()):
        report = Report.objects.get(reference=reference)
        assert report.channel == "portal" and report.description == text
        photo = Photo.objects.get(report=report)
        assert photo.status == "blurred"  # the background task ran before anyone but staff could see it
        assert {box[4] for box in photo.boxes} >= {"face", "plate"}  # both found and blurred

    # Double opt-in on Kassel's site, then the receipt.
    citizen.goto(live_url("kassel", _mail_link(email, "bestaetigen")))
    citizen.get_by_role("button", name="Bestätigen").click()
    citizen.wait_for_url("**/maengel/status/**")
    assert axe_violations(citizen) == []
    assert any(reference in m.subject and "eingegangen" in m.subject for m in mail.outbox if m.to == [email])

    # The clerk: inbox, the blurred photo, publish photo and report, change the status.
    cms_login(page, live_url, "kassel", "admin@kassel.example", "Demo-Passwort-2026", kassel_admin_totp)
    page.goto(live_url("kassel", "/cms/maengel/"))
    assert reference in page.locator("table.inbox").inner_text()
    screenshot(page, "reports-inbox")
    page.get_by_role("link", name=reference).click()
    blurred = page.locator("img.photo-blurred")
    assert blurred.evaluate("img => img.complete && img.naturalWidth") == 800
    page.get_by_role("button", name="Foto veröffentlichen").click()
    assert "veröffentlicht" in page.locator(".photo-status").inner_text()
    page.get_by_role("button", name="Meldung veröffentlichen").click()
    page.get_by_label("Neuer Status").select_option(label="in Bearbeitung")
    page.get_by_label("Öffentliche Antwort").fill("Der Bauhof tauscht die Lampe diese Woche.")
    page.get_by_role("button", name="Status speichern").click()
    assert "in Bearbeitung" in page.locator(".report-status").inner_text()
    subjects = [m.subject for m in mail.outbox if m.to == [email]]
    assert any("in Bearbeitung" in s for s in subjects) and any("neu" in s for s in subjects)
    status_mail = [m for m in mail.outbox if m.to == [email] and "in Bearbeitung" in m.subject][0]
    assert "Der Bauhof tauscht die Lampe diese Woche." in status_mail.body

    # The public map and list of Kassel.
    citizen.goto(live_url("kassel", "/maengel/"))
    assert reference in citizen.locator(".report-list").inner_text()
    citizen.wait_for_selector("path.report-marker")
    assert citizen.locator("path.report-marker").count() >= 1
    assert axe_violations(citizen) == []
    screenshot(citizen, "reports-map")
    citizen.goto(live_url("kassel", f"/maengel/{reference}/"))
    assert "Der Bauhof tauscht" in citizen.locator("main").inner_text() and email not in citizen.content()
    assert citizen.locator(".report-photos img").evaluate("img => img.naturalWidth") == 800
    assert axe_violations(citizen) == []

    # A second citizen near the same place: "is it one of these?" and supporting instead.
    other = browser.new_context(locale="de-DE").new_page()
    other.goto(live_url("kassel", "/maengel/melden/?lat=51.31275&lon=9.47975"))
    other.locator("#id_category").select_option(label="Straßenbeleuchtung")
    other.locator("#id_description").fill("Browser: Schon wieder dunkel")
    other.locator("#id_email").fill("zweite@example.org")
    other.get_by_role("button", name="Meldung absenden").click()
    assert "Ist es eine dieser Meldungen?" in other.locator(".duplicates").inner_text()
    assert reference in other.locator(".duplicates").inner_text()
    assert axe_violations(other) == []
    other.get_by_role("button", name="Ja, diese Meldung unterstützen").click()
    assert "Vielen Dank für Ihre Unterstützung" in other.locator("h1").inner_text()
    with schema_context(_schema()):
        assert report.followers.filter(email="zweite@example.org").exists()
        assert not Report.objects.filter(description="Browser: Schon wieder dunkel").exists()
