"""Every page carries a Content-Security-Policy: portal, municipality, Wagtail admin, console,
allauth pages, error pages. (That the pages still work under it: tests/browser/test_csp.py.)"""

import re

import pytest
from django.test import Client

PORTAL = "beteiligung.localhost"


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.mark.parametrize(
    ("host", "path", "status"),
    [
        (PORTAL, "/", 200),
        (PORTAL, "/registrierung/", 200),
        (PORTAL, "/konsole/anmelden/", 200),
        (PORTAL, "/gibt-es-nicht/", 404),
        ("kassel.beteiligung.localhost", "/", 200),
        ("kassel.beteiligung.localhost", "/konto/login/", 200),
        ("kassel.beteiligung.localhost", "/konto/signup/", 200),
        ("kassel.beteiligung.localhost", "/umfragen/", 200),
        ("kassel.beteiligung.localhost", "/cms/login/", 302),
        ("kassel.beteiligung.localhost", "/gibt-es-nicht/", 404),
        ("unbekannt.beteiligung.localhost", "/", 404),
    ],
)
def test_every_kind_of_page_has_the_policy(kassel, host, path, status):
    response = Client(HTTP_HOST=host).get(path)
    assert response.status_code == status
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    if path.startswith("/cms/"):  # only Wagtail's admin: its date widgets are inline scripts
        assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    else:
        assert policy["script-src"] == ["'self'"]  # no inline scripts, no eval, no foreign hosts
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    if path.startswith("/cms/"):
        assert policy["style-src"] == ["'self'", "'unsafe-inline'"]  # only Wagtail's admin
    else:
        assert policy["style-src"][0] == "'self'" and policy["style-src"][1].startswith("'nonce-")
        assert "'unsafe-inline'" not in policy["style-src"]


def test_the_theme_colour_style_carries_the_nonce_of_its_response(kassel, client_for):
    response = client_for(kassel).get("/")
    nonce = directives(response)["style-src"][1][len("'nonce-") : -1]
    html = response.content.decode()
    for match in re.finditer(r"<style([^>]*)>", html):
        assert f'nonce="{nonce}"' in match.group(1)
    assert "<script>" not in html and " onclick=" not in html and ' style="' not in html
    assert client_for(kassel).get("/")["Content-Security-Policy"] != response["Content-Security-Policy"]


def test_configured_map_tile_host_may_serve_images(kassel, client_for, settings):
    settings.SURVEYS_MAP_TILE_URL = "https://{s}.tiles.example.org/{z}/{x}/{y}.png"
    policy = directives(client_for(kassel).get("/"))
    assert policy["img-src"] == ["'self'", "data:", "https://*.tiles.example.org"]
