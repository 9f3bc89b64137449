"""The public map and list: approved reports only, solved ones for a while, never the reporter."""

from datetime import timedelta

from django.utils import timezone
from django_tenants.utils import schema_context

from reports.models import Report
from reports.selectors import MAP_POINT_LIMIT

from .factories import category, make_report


def test_list_and_map_show_approved_reports_without_the_reporter(kassel, client_for):
    client = client_for(kassel)
    with schema_context(kassel.schema_name):
        shown = make_report()
        hidden = make_report(published=False, description="Wartet auf Freigabe")
    html = client.get("/maengel/").content.decode()
    assert shown.reference in html and hidden.reference not in html
    detail = client.get(f"/maengel/{shown.reference}/").content.decode()
    assert "Anna Muster" not in detail and "anna@example.org" not in detail
    assert client.get(f"/maengel/{hidden.reference}/").status_code == 404
    data = client.get("/maengel/karte.json", {"bbox": "9.3,51.2,9.6,51.4"}).json()
    assert data["type"] == "points" and [p["ref"] for p in data["points"]] == [shown.reference]
    assert "anna" not in str(data).lower()


def test_solved_reports_disappear_after_the_configured_days(kassel, client_for, settings):
    settings.REPORTS_SOLVED_VISIBLE_DAYS = 30
    client = client_for(kassel)
    with schema_context(kassel.schema_name):
        recent, old = make_report(), make_report()
        Report.objects.filter(pk=recent.pk).update(status="solved", closed_at=timezone.now() - timedelta(days=29))
        Report.objects.filter(pk=old.pk).update(status="solved", closed_at=timezone.now() - timedelta(days=31))
    refs = [p["ref"] for p in client.get("/maengel/karte.json").json()["points"]]
    assert recent.reference in refs and old.reference not in refs


def test_the_map_loads_the_viewport_and_clusters_when_there_are_many(kassel, client_for):
    client = client_for(kassel)
    with schema_context(kassel.schema_name):
        cat = category()
        Report.objects.bulk_create([
            Report(reference=f"T-{n}", category=cat, description="x", lat=51.30 + n * 1e-5, lon=9.47, published=True)
            for n in range(MAP_POINT_LIMIT + 1)
        ])  # fmt: skip
    outside = client.get("/maengel/karte.json", {"bbox": "8.0,50.0,8.5,50.5"}).json()
    assert outside == {"type": "points", "points": []}
    many = client.get("/maengel/karte.json", {"bbox": "9.3,51.2,9.6,51.4"}).json()
    assert many["type"] == "clusters" and sum(c["count"] for c in many["clusters"]) == MAP_POINT_LIMIT + 1


def test_filters_by_category_and_status(kassel, client_for):
    client = client_for(kassel)
    with schema_context(kassel.schema_name):
        light = make_report()
        graffiti = make_report(category=category("Graffiti"), description="Schmiererei")
    html = client.get("/maengel/", {"kategorie": graffiti.category_id}).content.decode()
    assert graffiti.reference in html and light.reference not in html
    html = client.get("/maengel/", {"status": "solved"}).content.decode()
    assert light.reference not in html
