"""Headless Chromium (Debian's package) against a live server on loopback.

*.localhost resolves to 127.0.0.1 in Chromium, so every municipality is reachable by its
own host name without hosts-file edits. Playwright cannot download browsers here; it
drives /usr/bin/chromium with --no-sandbox (the machines run as root).
"""

import os
import re
import shutil
import threading
from pathlib import Path

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE_JS = Path(__import__("axe_playwright_python").__file__).with_name("axe.min.js")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def live_url(django_db_setup, django_db_blocker):
    """Base URL template of a threaded server: live_url('kassel') -> http://kassel.beteiligung.localhost:PORT"""
    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler, allow_reuse_address=False)
    server.set_app(WSGIHandler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.server_address[1]

    def url(slug: str | None = None, path: str = "/") -> str:
        host = f"{slug}.beteiligung.localhost" if slug else "beteiligung.localhost"
        return f"http://{host}:{port}{path}"

    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, committed_db):
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page, impact=("serious", "critical", "moderate", "minor")):
    """Run axe-core (WCAG 2.1 A/AA rules) in the page; return the violations found."""
    # A fading-in message would be judged on its half-transparent colours: let finite animations end.
    page.evaluate(
        "() => Promise.race([Promise.all(document.getAnimations()"
        ".filter(a => a.effect && a.effect.getTiming().iterations !== Infinity).map(a => a.finished.catch(() => null)))"
        ", new Promise(done => setTimeout(done, 3000))])"
    )
    # Evaluated through the DevTools protocol, not as an inline <script>: the pages' CSP forbids those.
    page.evaluate("() => { " + AXE_JS.read_text() + "\n}")
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a','wcag2aa','wcag21a','wcag21aa']}})"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in impact
    ]


def screenshot(page, name: str):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


# --- Logging into /cms/: allauth's login, then the second factor -------------------------------


def totp_now(secret_base32: str) -> str:
    """What an authenticator app holding this key shows right now."""
    from base64 import b32decode

    from django_otp.oath import totp

    return f"{totp(b32decode(secret_base32)):06d}"


def cms_login(page, live_url, slug: str, email: str, password: str, secret: str) -> None:
    """Open /cms/ the way a clerk does: /cms/login/ leads to the site's login, then the app's code."""
    from django.core.cache import cache

    cache.clear()  # a code may be used once; a test run can log the same person in twice in 30 s
    page.goto(live_url(slug, "/cms/login/"))
    page.wait_for_url(re.compile(r".*/konto/login/\?next=%2Fcms%2F$"))
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_url("**/konto/2fa/authenticate/")
    page.fill("input[name=code]", totp_now(secret))
    page.click("main button[type=submit]")
    page.wait_for_url("**/cms/")


@pytest.fixture
def kassel_admin_totp(committed_db):
    """Kassel's admin with the demo TOTP key (as `make run` sets it up), removed afterwards so the
    rest of the suite sees the admin as provisioned."""
    from allauth.mfa.models import Authenticator
    from django.contrib.auth import get_user_model
    from django_tenants.utils import schema_context

    from tenants.demo import DEMO_TOTP_SECRET, demo_totp_authenticator
    from tenants.models import Municipality

    schema = Municipality.objects.get(slug="kassel").schema_name
    with schema_context(schema):
        demo_totp_authenticator(get_user_model().objects.get(email="admin@kassel.example"))
    yield DEMO_TOTP_SECRET
    with schema_context(schema):
        Authenticator.objects.filter(user__email="admin@kassel.example").delete()
