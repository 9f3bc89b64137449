"""Themes in a real browser: the two demo looks, the phone menu, keyboard access, axe-core on
every page type in both themes, and the theme editor refusing a low-contrast colour."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone
from django_tenants.utils import schema_context

from platform_core.registry import FeatureApp, OpenItem, registry
from tests.browser.conftest import axe_violations, cms_login, screenshot

pytestmark = pytest.mark.browser

DEMO_PRIMARY = {"kassel": "rgb(15, 76, 129)", "marburg": "rgb(155, 27, 48)"}  # #0f4c81, #9b1b30
DEMO_FONT = {"kassel": "Fira Sans", "marburg": "Atkinson Hyperlegible"}


@pytest.fixture
def demo_themes(committed_db):
    """Kassel and Marburg in their demo themes (as `make run` sets them up), removed afterwards."""
    from wagtail.images import get_image_model

    from tenants.models import Municipality
    from themes.demo import demo_theme
    from themes.models import ThemeSettings

    municipalities = list(Municipality.objects.filter(slug__in=("kassel", "marburg")))
    for municipality in municipalities:
        with schema_context(municipality.schema_name):
            demo_theme(municipality)
    cache.clear()
    yield
    for municipality in municipalities:
        with schema_context(municipality.schema_name):
            ThemeSettings.objects.all().delete()
            for image in get_image_model().objects.filter(title__startswith="Demo-"):
                image.delete()
    cache.clear()


def _ours(text, items):
    return any(item.title in text for item in items)


@pytest.fixture
def open_items():
    """What the surveys and events apps would report as open (their providers come separately)."""
    now = timezone.now()
    items = [
        OpenItem(
            kind="Umfrage",
            title="Sicherheit in Ihrem Stadtteil",
            url="/umfragen/",
            summary="Wo fühlen Sie sich sicher, wo nicht? Ihre Antworten fließen in das Sicherheitskonzept ein.",
            ends_at=now + datetime.timedelta(days=14),
            duration_minutes=10,
        ),
        OpenItem(
            kind="Veranstaltung",
            title="Bürgerversammlung Innenstadt",
            url="/aktuelles/",
            summary="Vorstellung der Pläne für den Marktplatz, mit Fragen und Diskussion.",
            starts_at=now + datetime.timedelta(days=9),
            ends_at=now + datetime.timedelta(days=9),
        ),
        OpenItem(
            kind="Beteiligungsverfahren",
            title="Radverkehrsplan 2030",
            url="/beteiligung/",
            summary="Kommentieren Sie den Entwurf des Radverkehrsplans.",
            ends_at=now + datetime.timedelta(days=30),
            duration_minutes=15,
        ),
    ]
    registry.register(FeatureApp(label="test_open_now_browser", open_now=lambda: items))
    yield items
    registry.unregister("test_open_now_browser")


@pytest.mark.parametrize("slug", ["kassel", "marburg"])
def test_demo_theme_is_applied_and_every_page_type_passes_axe(page, live_url, demo_themes, open_items, slug):
    page.goto(live_url(slug, "/"))
    nav_colour = page.evaluate("getComputedStyle(document.querySelector('.site-nav')).backgroundColor")
    assert nav_colour == DEMO_PRIMARY[slug]
    assert DEMO_FONT[slug] in page.evaluate("getComputedStyle(document.body).fontFamily")
    page.wait_for_function("document.fonts.status === 'loaded'")
    assert page.evaluate(f"document.fonts.check('16px \"{DEMO_FONT[slug]}\"')")
    assert page.locator(".brand-logo").get_attribute("alt") == "Wappen (Demo)"
    assert page.locator(".brand-logo").evaluate("img => img.naturalWidth") > 0
    assert page.locator(".hero-image").evaluate("img => img.naturalWidth") > 0
    # Other tests may have left real open items in Kassel; ours keep their order among them.
    cards = [text for text in page.locator(".open-list > li").all_inner_texts() if _ours(text, open_items)]
    assert len(cards) == 3
    event, survey = cards[0], cards[1]  # the soonest to close first
    assert "Bürgerversammlung" in event and "Beginn" in event and "Offen bis" not in event
    assert "Sicherheit" in survey and "Offen bis" in survey and "Etwa 10 Minuten" in survey
    assert axe_violations(page) == []
    screenshot(page, f"themes-{slug}-home")

    for path in (
        "/beteiligung/",
        "/aktuelles/start-der-online-beteiligung/",
        "/aktuelles/",
        "/impressum/",
        "/konto/login/",
        "/konto/signup/",
    ):
        response = page.goto(live_url(slug, path))
        assert response.status == 200, path
        assert (
            page.evaluate("getComputedStyle(document.querySelector('.site-nav')).backgroundColor")
            == (DEMO_PRIMARY[slug])
        )
        assert axe_violations(page) == [], (slug, path)
    page.goto(live_url(slug, "/beteiligung/"))
    assert len([t for t in page.locator(".open-list > li").all_inner_texts() if _ours(t, open_items)]) == 3


def test_beteiligung_page_empty_state_passes_axe(page, live_url, demo_themes):
    page.goto(live_url("marburg", "/beteiligung/"))
    assert "Zurzeit ist nichts zur Beteiligung geöffnet" in page.locator("main").inner_text()
    assert axe_violations(page) == []


def test_phone_header_collapses_into_a_menu_button(browser, committed_db, live_url, demo_themes, open_items):
    context = browser.new_context(locale="de-DE", viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(live_url("kassel", "/"))
        button = page.get_by_role("button", name="Menü")
        assert button.is_visible()
        assert button.get_attribute("aria-expanded") == "false"
        box = button.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44
        header_height = page.locator("header.site-header").bounding_box()["height"]
        assert header_height < 110, header_height  # one line: emblem, name and the button
        assert not page.locator("#site-nav").is_visible()
        assert axe_violations(page) == []
        screenshot(page, "themes-kassel-phone")

        button.click()
        assert button.get_attribute("aria-expanded") == "true"
        nav_link = page.locator("#site-nav").get_by_role("link", name="Aktuelles")
        assert nav_link.is_visible()
        assert page.locator("#site-nav").get_by_role("link", name="Anmelden").is_visible()
        for link in page.locator("#site-nav a").all():
            assert link.bounding_box()["height"] >= 44
        assert axe_violations(page) == []
        screenshot(page, "themes-kassel-phone-menu")
        nav_link.click()
        page.wait_for_url("**/aktuelles/")
        assert page.locator("h1").inner_text() == "Aktuelles"

        button = page.get_by_role("button", name="Menü")
        button.click()
        page.keyboard.press("Escape")
        assert button.get_attribute("aria-expanded") == "false"
        assert not page.locator("#site-nav").is_visible()
        assert page.evaluate("document.activeElement.classList.contains('menu-button')")
    finally:
        context.close()


def test_phone_menu_without_javascript_leads_to_the_footer_navigation(browser, committed_db, live_url):
    context = browser.new_context(locale="de-DE", viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_url("kassel", "/"))
        assert not page.locator(".menu-button").is_visible()
        link = page.get_by_role("link", name="Menü")
        assert link.is_visible()
        link.click()
        footer_nav = page.get_by_role("navigation", name="Seitenübersicht")
        assert footer_nav.get_by_role("link", name="Aktuelles").is_visible()
        assert footer_nav.get_by_role("link", name="Anmelden").is_visible()
    finally:
        context.close()


def test_desktop_shows_the_navigation_without_a_menu_button(page, live_url):
    page.goto(live_url("kassel", "/"))
    assert not page.locator(".menu-button").is_visible()
    assert not page.locator(".menu-link").is_visible()
    assert page.locator("#site-nav").get_by_role("link", name="Aktuelles").is_visible()


def test_skip_link_is_the_first_stop_and_reaches_main(page, live_url, demo_themes):
    page.goto(live_url("marburg", "/"))
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.className, document.activeElement.textContent]")
    assert focused == ["skip-link", "Zum Inhalt springen"]
    assert page.locator(".skip-link").is_visible()  # shown while focused
    # The focus style is visible: a yellow band behind the focused link.
    assert page.evaluate("getComputedStyle(document.activeElement).backgroundColor") == "rgb(255, 221, 0)"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_print_hides_navigation(page, live_url):
    page.goto(live_url("kassel", "/"))
    page.emulate_media(media="print")
    assert not page.locator("#site-nav").is_visible()
    assert not page.locator(".skip-link").is_visible()
    assert page.locator("main h1, .hero h1").first.is_visible()


def test_theme_editor_refuses_a_low_contrast_colour(page, live_url, kassel_admin_totp):
    cms_login(page, live_url, "kassel", "admin@kassel.example", "Demo-Passwort-2026", kassel_admin_totp)
    page.goto(live_url("kassel", "/cms/settings/themes/themesettings/"))
    page.fill("#id_primary_colour", "#7fa7c9")
    page.fill("#id_accent_colour", "#ffcc00")
    page.click("button.button-longrunning[type=submit]")
    page.wait_for_load_state()
    body = page.locator("main, #main, body").first.inner_text()
    assert "Zu wenig Kontrast: 2,31:1" in body
    assert "#42729b" in body  # the suggested colour for the primary colour
    assert "1,51:1" in body and "#8f7200" in body  # and for the accent colour
    screenshot(page, "themes-editor-contrast")

    page.fill("#id_primary_colour", "#42729b")
    page.fill("#id_accent_colour", "#8f7200")
    page.click("button.button-longrunning[type=submit]")
    page.wait_for_load_state()
    assert "Zu wenig Kontrast" not in page.locator("body").inner_text()
    try:
        page.goto(live_url("kassel", "/"))
        assert page.evaluate("getComputedStyle(document.querySelector('.site-nav')).backgroundColor") == (
            "rgb(66, 114, 155)"
        )
    finally:
        from tenants.models import Municipality
        from themes.models import ThemeSettings

        with schema_context(Municipality.objects.get(slug="kassel").schema_name):
            ThemeSettings.objects.all().delete()
        cache.clear()
