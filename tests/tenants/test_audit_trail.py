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
    admin.post("/cms/login/", {"username": "admin@kassel.example", "password": "Demo-Passwort-2026"})
    html = admin.get("/cms/protokoll/").content.decode()
    assert "Eigene-Kassel-Umfrage" in html and "reason=Konsole-Kassel" in html  # own entries and the state's
    assert "Eigene-Marburg-Umfrage" not in html
