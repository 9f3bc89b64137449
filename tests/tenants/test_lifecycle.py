"""Lifecycle from the console: suspend/resume, domains, archive, delete only after archive, restore."""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context, schema_exists

from platform_core.models import AuditEntry
from tenants.lifecycle import municipality_archive, municipality_delete
from tenants.models import Domain, Municipality, MunicipalityArchive
from tenants.services import ProvisioningError, municipality_provision


def test_suspend_and_resume_from_console(staff_client, kassel, client_for):
    response = staff_client.post(f"/konsole/kommunen/{kassel.pk}/", {"action": "suspend", "reason": ""})
    assert response.status_code == 200 and "Bitte füllen Sie dieses Feld aus" in response.content.decode()
    staff_client.post(f"/konsole/kommunen/{kassel.pk}/", {"action": "suspend", "reason": "Wartungsarbeiten"})
    kassel.refresh_from_db()
    assert kassel.status == "suspended"
    assert client_for(kassel).get("/").status_code == 503
    assert client_for(kassel).get("/cms/").status_code == 503  # the admin is blocked too
    html = staff_client.get(f"/konsole/kommunen/{kassel.pk}/").content.decode()
    assert "gesperrt" in html and "Wartungsarbeiten" in html
    staff_client.post(f"/konsole/kommunen/{kassel.pk}/", {"action": "resume"})
    assert client_for(kassel).get("/").status_code == 200
    connection.set_schema_to_public()  # the state's log; the client left the connection in Kassel's schema
    actions = list(AuditEntry.objects.filter(municipality_slug=kassel.slug).values_list("action", flat=True)[:2])
    assert actions == ["municipality.resumed", "municipality.suspended"]


def test_add_and_change_domain(staff_client, kassel):
    # No ALLOWED_HOSTS edit: a domain added in the console is admitted through the Domain table.
    assert Client(HTTP_HOST="beteiligung.kassel.de").get("/").status_code == 404
    response = staff_client.post(
        f"/konsole/kommunen/{kassel.pk}/",
        {"action": "domain_add", "domain": "beteiligung.kassel.de", "make_primary": "on"},
    )
    assert response.status_code == 302
    assert Domain.objects.get(tenant=kassel, is_primary=True).domain == "beteiligung.kassel.de"
    with schema_context(kassel.schema_name):
        from wagtail.models import Site

        assert Site.objects.get(is_default_site=True).hostname == "beteiligung.kassel.de"
    assert "<h1>Kassel</h1>" in Client(HTTP_HOST="beteiligung.kassel.de").get("/").content.decode()
    html = staff_client.post(
        f"/konsole/kommunen/{kassel.pk}/", {"action": "domain_add", "domain": "kein host"}, follow=True
    ).content.decode()
    assert "kein gültiger Hostname" in html
    old = Domain.objects.get(domain="kassel.beteiligung.localhost")
    staff_client.post(f"/konsole/kommunen/{kassel.pk}/", {"action": "domain_primary", "domain": old.pk})
    assert Domain.objects.get(tenant=kassel, is_primary=True).domain == "kassel.beteiligung.localhost"
    assert Client(HTTP_HOST="www.beteiligung-kassel.example").get("/").status_code == 404


def test_delete_needs_archive_first(kassel):
    with pytest.raises(ProvisioningError, match="Archivieren Sie die Kommune"):
        municipality_delete(municipality=kassel, confirmation="kassel", actor="test")
    assert schema_exists(kassel.schema_name)


def test_archive_delete_and_restore_into_new_municipality(committed_db, staff_client_committed):
    ags, slug = "06438002", "egelsbach-archiv"  # used by no other test
    client = staff_client_committed
    municipality = municipality_provision(
        ags=ags, slug=slug, admin_email="admin@egelsbach.example", send_invitation=False
    ).municipality
    restored = None
    try:
        with schema_context(municipality.schema_name):
            from cms.models import ContentPage, HomePage

            HomePage.objects.get().add_child(instance=ContentPage(title="Archivierte Seite", slug="archiviert"))
            default_storage.save("documents/satzung.txt", ContentFile(b"Satzung Egelsbach"))
        response = client.post(f"/konsole/kommunen/{municipality.pk}/", {"action": "archive"})
        assert response.status_code == 302
        archive = MunicipalityArchive.objects.get(municipality=municipality)
        assert Path(archive.path).is_file() and archive.size > 10_000
        municipality.refresh_from_db()
        assert municipality.status == "archived"
        assert Client(HTTP_HOST=f"{slug}.beteiligung.localhost").get("/").status_code == 503

        html = client.post(
            f"/konsole/kommunen/{municipality.pk}/", {"action": "delete", "confirmation": "falsch"}, follow=True
        ).content.decode()
        assert "genau ein" in html and schema_exists(municipality.schema_name)
        client.post(f"/konsole/kommunen/{municipality.pk}/", {"action": "delete", "confirmation": slug})
        assert not Municipality.objects.filter(ags=ags).exists() and not schema_exists(f"gem_{ags}")
        assert not Domain.objects.filter(domain__startswith=slug).exists()
        assert AuditEntry.objects.filter(action="municipality.deleted", municipality_name=municipality.name).exists()

        with pytest.raises(CommandError, match="06999999"):
            call_command("restore_municipality", archive.path, ags="06999999")
        call_command("restore_municipality", archive.path, ags="06438003", slug="erzhausen-neu")
        restored = Municipality.objects.get(ags="06438003")
        assert restored.schema_name == "gem_06438003" and not schema_exists(f"gem_{ags}")
        site = Client(HTTP_HOST="erzhausen-neu.beteiligung.localhost")
        assert site.get("/archiviert/").status_code == 200
        assert "Archivierte Seite" in site.get("/archiviert/").content.decode()
        response = site.get("/media/documents/satzung.txt")
        assert response.status_code == 200 and b"".join(response.streaming_content) == b"Satzung Egelsbach"
        with schema_context(restored.schema_name):
            from wagtail.models import Site

            assert Site.objects.get(is_default_site=True).hostname == "erzhausen-neu.beteiligung.localhost"
        connection.set_schema_to_public()  # the state's log, not the restored municipality's own
        assert AuditEntry.objects.filter(action="municipality.restored", municipality_slug=restored.slug).exists()
    finally:
        for m in Municipality.objects.filter(ags__in=[ags, "06438003"]):
            m.status = "archived"
            m.save()
            if not m.archives.exists():
                municipality_archive(municipality=m, actor="test")
            municipality_delete(municipality=m, confirmation=m.slug, actor="test")


def test_restore_a_copy_while_the_original_still_exists(committed_db, staff_client_committed):
    """Restoring an archive into another municipality leaves the archived one untouched."""
    ags, copy_ags = "06438010", "06438011"  # used by no other test
    original = municipality_provision(
        ags=ags, slug="original-archiv", admin_email="a@original.example", send_invitation=False
    ).municipality
    try:
        with schema_context(original.schema_name):
            from cms.models import ContentPage, HomePage

            HomePage.objects.get().add_child(instance=ContentPage(title="Nur im Original", slug="original-seite"))
        archive = municipality_archive(municipality=original, actor="test")
        call_command("restore_municipality", archive.path, ags=copy_ags, slug="kopie-archiv")
        copy = Municipality.objects.get(ags=copy_ags)
        assert copy.schema_name == f"gem_{copy_ags}" and schema_exists(original.schema_name)
        with schema_context(original.schema_name):
            ContentPage.objects.filter(slug="original-seite").update(title="Original geändert")
        assert (
            "Nur im Original"
            in Client(HTTP_HOST="kopie-archiv.beteiligung.localhost").get("/original-seite/").content.decode()
        )
        with schema_context(copy.schema_name):
            assert ContentPage.objects.get(slug="original-seite").title == "Nur im Original"
    finally:
        connection.set_schema_to_public()  # the test client's last request left its schema set
        for m in Municipality.objects.filter(ags__in=[ags, copy_ags]):
            if not m.archives.exists():
                municipality_archive(municipality=m, actor="test")
            municipality_delete(municipality=m, confirmation=m.slug, actor="test")
