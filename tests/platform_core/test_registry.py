"""The core knows its features only through the registry: figures, jobs, navigation, imports."""

import ast
import pathlib

from django.core.management import call_command
from django.db import connection

from platform_core.registry import FeatureApp, Figure, JobRecovery, Listing, registry

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_core_imports_no_feature_app():
    """platform_core and tenants name no feature app in an import (migrations excepted)."""
    features = {app.label for app in registry.apps()} - {"tenants"}
    assert "surveys" in features
    offenders = []
    for folder in ("platform_core", "tenants"):
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                names = (
                    [a.name for a in node.names]
                    if isinstance(node, ast.Import)
                    else ([node.module or ""] if isinstance(node, ast.ImportFrom) else [])
                )
                offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] in features]
    assert offenders == []


def test_navigation_shows_registered_listing_pages(kassel, client_for):
    client = client_for(kassel)
    html = client.get("/").content.decode()
    assert '<a href="/umfragen/">Umfragen</a>' in html  # no clerk added a link
    html = client.get("/umfragen/").content.decode()
    assert '<a href="/umfragen/" aria-current="page">Umfragen</a>' in html


def test_a_new_app_registers_figures_jobs_and_a_listing(kassel, marburg, client_for):
    """What a next app (events, ...) does in its ready(): the core picks it up without changes."""
    seen = []

    def recover():
        seen.append(connection.schema_name)
        return 1

    registry.register(
        FeatureApp(
            label="test_events",
            figures=[
                Figure("test_pages_too", "test pages", table="wagtailcore_page"),
                Figure("test_schema", "test schema", count=lambda: len(connection.schema_name)),
            ],
            jobs=[JobRecovery("test jobs", recover=recover)],
            listing=Listing("Testliste", "surveys:list", order=5),
        )
    )
    try:
        from tenants.stats import stats_refresh

        [row] = stats_refresh(municipalities=[kassel])
        assert row.figures["test_pages_too"] > 0 and row.figures["test_schema"] == len(kassel.schema_name)
        from io import StringIO

        out = StringIO()
        call_command("recover_abandoned_jobs", stdout=out)
        assert {kassel.schema_name, marburg.schema_name} <= set(seen) and "public" not in seen
        assert f"{len(seen)} test jobs" in out.getvalue()
        html = client_for(kassel).get("/").content.decode()
        assert html.index("Testliste") < html.index(">Umfragen<")  # ordered by the registered order
    finally:
        registry.unregister("test_events")


def test_open_now_sorts_soonest_closing_first_and_search_asks_every_app():
    from datetime import UTC, datetime

    from platform_core.registry import OpenItem, Registry

    late = OpenItem("Umfrage", "Spät", "/a/", ends_at=datetime(2027, 3, 1, tzinfo=UTC))
    soon = OpenItem("Termin", "Bald", "/b/", ends_at=datetime(2027, 1, 1, tzinfo=UTC))
    endless = OpenItem("Dialog", "Offen", "/c/")
    reg = Registry()
    reg.register(FeatureApp("one", open_now=lambda: [late, endless], search=lambda q: [late] if q == "x" else []))
    reg.register(FeatureApp("two", open_now=lambda: [soon]))
    assert [item.title for item in reg.open_now()] == ["Bald", "Spät", "Offen"]
    assert reg.search("x") == [late]
    assert reg.search("y") == []


def test_open_now_shows_each_address_once_at_its_soonest():
    """An event with two dates, or a survey that two apps report, is one card on the home page."""
    from datetime import UTC, datetime

    from platform_core.registry import OpenItem, Registry

    first = OpenItem("Termin", "Werkstatt", "/termine/werkstatt/", ends_at=datetime(2027, 1, 5, tzinfo=UTC))
    second = OpenItem("Termin", "Werkstatt", "/termine/werkstatt/", ends_at=datetime(2027, 2, 5, tzinfo=UTC))
    survey = OpenItem("Umfrage", "KOMPASS", "/umfragen/kompass/", ends_at=datetime(2027, 3, 1, tzinfo=UTC))
    kompass = OpenItem("KOMPASS-Sicherheitsbefragung", "KOMPASS", "/umfragen/kompass/", ends_at=survey.ends_at)
    reg = Registry()
    reg.register(FeatureApp("events", open_now=lambda: [second, first]))
    reg.register(FeatureApp("surveys", open_now=lambda: [survey]))
    reg.register(FeatureApp("kompass", open_now=lambda: [kompass]))  # builds on surveys: its wording wins
    assert reg.open_now() == [first, kompass]
