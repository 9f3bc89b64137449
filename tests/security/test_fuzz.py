"""Every URL pattern of the state portal and of a municipality's site, with malformed input:
nothing answers 500.

For anonymous visitors, a municipal admin (Kassel) and state staff (console, with their second
factor), each route is requested with real-looking and with malformed path values, malformed
query strings, and a POST whose fields (those the page's own forms name, plus common ones) carry
NUL bytes, 100 kB strings, bad UUIDs, overflowing and invalid numbers and dates. Malformed hosts
get a plain 404. Failures are collected and listed together.
"""

from __future__ import annotations

import re
import traceback
import uuid
from itertools import cycle

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django_tenants.utils import schema_context

from tests.tenants.conftest import make_staff, staff_login

PORTAL = "beteiligung.localhost"
KASSEL = "kassel.beteiligung.localhost"
HUGE = "x" * 100_000
BAD_VALUES = [
    "a\x00b",
    HUGE,
    "not-a-uuid",
    "99999999999999999999",
    "1e309",
    "-1",
    "NaN",
    "1E+999999999",
    "2026-02-30",
    "31.02.2026",
    "99999-12-31T25:61",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "",
]
COMMON_FIELDS = [
    "q",
    "token",
    "code",
    "title",
    "slug",
    "next",
    "email",
    "login",
    "password",
    "username",
    "count",
    "number",
    "date",
    "id",
    "page",
    "seite",
    "action",
    "reason",
    "confirmation",
    "domain",
    "language",
    "format",
    "status",
]
# Path values by converter: (real-looking, malformed).
PATH_VALUES = {
    "int": ("1", "99999999999999999999"),
    "slug": ("sicherheit-im-quartier", "a" * 300),
    "str": ("x", "a\x00b"),
    "path": ("documents/x.pdf", "a/\x00/../../b"),
    "uuid": (str(uuid.uuid4()), str(uuid.UUID(int=0))),
}
# POSTs that would end the session or remove what later routes need: requested with GET only.
NO_POST = re.compile(r"delete|logout|abmelden|loeschen")
CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")
REGEX_GROUP = re.compile(r"\(\?P<\w+>[^)]*\)")


def routes(urlconf: str) -> list[str]:
    """Every pattern as a route string (regex patterns reduced to their literal parts)."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            text = prefix + str(pattern.pattern).lstrip("^").rstrip("$").replace("\\Z", "")
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, text)
            elif isinstance(pattern, URLPattern):
                yield text

    return sorted(set(walk(get_resolver(urlconf).url_patterns)))


def concrete(route: str, malformed: bool) -> str:
    def value(match):
        converter = match.group(1) or "str"
        return PATH_VALUES.get(converter, PATH_VALUES["str"])[1 if malformed else 0]

    path = CONVERTER.sub(value, route)
    path = REGEX_GROUP.sub("x\x00" if malformed else "1", path)
    path = re.sub(r"[\\^$?*+()\[\]]", "", path)
    return "/" + path


def form_fields(html: str) -> list[str]:
    # Also forms inside JSON (Wagtail's choosers answer with their HTML in a JSON string).
    names = re.findall(r'<(?:input|select|textarea)[^>]*?\bname=\\?"([^"\\]+)', html)
    return [n for n in dict.fromkeys(names + COMMON_FIELDS) if n != "csrfmiddlewaretoken"]


def _cause(response) -> str:
    """``ValueError: ... (views.py:12)`` for a failure report."""
    exc_info = getattr(response, "exc_info", None)
    if not exc_info:
        return ""
    frame = traceback.extract_tb(exc_info[2])[-1]
    return f"{exc_info[0].__name__}: {str(exc_info[1])[:120]} ({frame.filename.rsplit('/', 2)[-2:]}:{frame.lineno})"


class Fuzzer:
    def __init__(self):
        self.values = cycle(BAD_VALUES)
        self.failures: list[str] = []
        self.requests = 0

    def check(self, who: str, method: str, path: str, response) -> None:
        self.requests += 1
        if response.status_code >= 500:
            self.failures.append(f"{who} {method} {path[:120]!r} -> {response.status_code} {_cause(response)}")

    def query(self) -> dict:
        return {name: next(self.values) for name in ("q", "page", "seite", "next", "p", "ordering", "id", "token")}

    def send(self, who: str, client: Client, method: str, path: str, data=None):
        # Like ATOMIC_REQUESTS: a request that failed in the database is rolled back to here,
        # so the test's transaction stays usable for the next request.
        with transaction.atomic():
            response = getattr(client, method.lower())(path, data)
            if response.status_code >= 500:
                transaction.set_rollback(True)
        self.check(who, method, path, response)
        return response

    def run(self, who: str, client: Client, route_list: list[str]) -> None:
        for route in route_list:
            path = concrete(route, malformed=False)
            response = self.send(who, client, "GET", path, self.query())
            bad_path = concrete(route, malformed=True)
            if bad_path != path:
                self.send(who, client, "GET", bad_path)
            if NO_POST.search(route):
                continue
            if response.status_code >= 400:  # the malformed query was refused: the form's own fields
                response = client.get(path)
            html = response.content.decode("utf-8", "replace") if not response.streaming else ""
            self.send(who, client, "POST", path, {name: next(self.values) for name in form_fields(html)})


def client(host: str) -> Client:
    return Client(HTTP_HOST=host, raise_request_exception=False)


def test_every_route_with_malformed_input_answers_below_500(kassel):
    fuzzer = Fuzzer()
    public_routes = routes("platform_core.urls_public")
    # Wagtail's /cms/failwhale/ raises on purpose, to test error reporting (admins only).
    tenant_routes = [r for r in routes("platform_core.urls_tenants") if "failwhale" not in r]
    assert len(public_routes) > 50 and len(tenant_routes) > 150  # the walk found Django's and Wagtail's admin too
    wagtail_pages = ["", "aktuelles/", "impressum/", "datenschutz/", "barrierefreiheit/", "gibt-es-nicht/x/y/"]

    fuzzer.run("anonymous@portal", client(PORTAL), public_routes)
    fuzzer.run("anonymous@kassel", client(KASSEL), tenant_routes + wagtail_pages)

    connection.set_schema_to_public()  # the requests above left the connection in Kassel's schema
    staff, device = make_staff()
    staff_client = client(PORTAL)
    staff_login(staff_client, staff, device)
    assert staff_client.get("/konsole/").status_code == 200  # really signed in, second factor included
    fuzzer.run("state-staff@portal", staff_client, public_routes)

    with schema_context(kassel.schema_name):
        admin_client = client(KASSEL)
        admin_client.force_login(get_user_model().objects.get(email="admin@kassel.example"))
    assert admin_client.get("/cms/").status_code == 200
    fuzzer.run("municipal-admin@kassel", admin_client, tenant_routes + wagtail_pages)

    for host in [
        "",
        "a b",
        "kassel..beteiligung.localhost",
        "x" * 300 + ".beteiligung.localhost",
        "kassel.beteiligung.localhost:99999",
        "[::1",
        "kassel.beteiligung.localhost\x00",
        "KASSEL.BETEILIGUNG.LOCALHOST",
        "evil.example",
        "127.0.0.1",
        "kassel.beteiligung.localhost.",
        "-.beteiligung.localhost",
        "xn--.beteiligung.localhost",
    ]:
        fuzzer.send(f"host {host[:30]!r}", client(host), "GET", "/")
        fuzzer.send(f"host {host[:30]!r}", client(host), "POST", "/konto/login/", {"login": "\x00"})

    assert fuzzer.requests > 1000
    assert fuzzer.failures == [], "\n".join(fuzzer.failures)
