"""Publishing, unpublishing, moving and deleting pages go into the municipality's audit log."""

from django.contrib.auth import get_user_model
from django.db import connection
from django_tenants.utils import schema_context

from cms.models import ContentPage, HomePage
from platform_core.models import AuditEntry


def test_page_changes_are_audited_with_the_editor(kassel, client_for):
    with schema_context(kassel.schema_name):
        admin = get_user_model().objects.get(email="admin@kassel.example")
        home = HomePage.objects.get()
        parent = ContentPage(title="Verkehr", slug="verkehr-audit")
        home.add_child(instance=parent)
        page = ContentPage(title="Radwege Audit", slug="radwege-audit", live=False)
        home.add_child(instance=page)
        page.save_revision(user=admin).publish(user=admin)
    client = client_for(kassel)
    assert client.post("/konto/login/", {"login": admin.username, "password": "Demo-Passwort-2026"}).status_code == 302
    assert client.post(f"/cms/pages/{page.pk}/unpublish/").status_code == 302
    assert client.post(f"/cms/pages/{page.pk}/move/{parent.pk}/confirm/").status_code == 302
    assert client.post(f"/cms/pages/{page.pk}/delete/").status_code == 302

    with schema_context(kassel.schema_name):
        assert not ContentPage.objects.filter(pk=page.pk).exists()
        entries = AuditEntry.objects.filter(target_type="wagtailcore.page", target_id=page.pk).order_by("pk")
        assert [e.action for e in entries] == ["page.publish", "page.unpublish", "page.move", "page.delete"]
        assert {(e.actor_kind, e.actor_id, e.actor_label) for e in entries} == {
            ("municipal_user", str(admin.pk), "admin@kassel.example")
        }
        assert entries[2].data["to"] == "Verkehr" and entries[3].target_label == "Radwege Audit"
    connection.set_schema_to_public()
    assert not AuditEntry.objects.filter(action__startswith="page.", target_id=page.pk).exists()  # not the state's log
    html = client.get("/cms/protokoll/").content.decode()
    assert "page.delete" in html and "Radwege Audit" in html
