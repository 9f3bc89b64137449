"""A municipality's theme reaches its pages: the versioned stylesheet, links, logo; and the
home and "Beteiligung" pages list what is open now."""

import datetime
import re

from django.contrib.auth import get_user_model
from django.utils import timezone
from django_tenants.utils import schema_context

from platform_core.registry import OpenItem


def stylesheet_url(html: str) -> str:
    return re.search(r'<link rel="stylesheet" href="(/theme\.css\?v=[0-9a-f]+)">', html).group(1)


def test_theme_css_is_served_versioned_and_changes_with_the_theme(kassel, client_for, theme_for):
    client = client_for(kassel)
    url = stylesheet_url(client.get("/").content.decode())
    response = client.get(url)
    assert response["Content-Type"].startswith("text/css")
    assert "immutable" in response["Cache-Control"]
    css = response.content.decode()
    assert "<style" not in client.get("/").content.decode()  # the CSP-friendly way: no inline styles
    assert "--primary: #004f80" in css and "source-sans-3-latin-400-normal.woff2" in css

    theme_for(kassel, primary_colour="#1d4f2a", accent_colour="#8a1538", font="atkinson-hyperlegible")
    new_url = stylesheet_url(client.get("/").content.decode())
    assert new_url != url
    css = client.get(new_url).content.decode()
    assert "--primary: #1d4f2a" in css and "--accent: #8a1538" in css
    assert '"Atkinson Hyperlegible"' in css and "atkinson-hyperlegible-latin-700-normal.woff2" in css
    # The old version's address gets the current theme, but no long-term caching.
    assert "immutable" not in client.get(url)["Cache-Control"]


def test_each_municipality_has_its_own_theme(kassel, marburg, client_for, theme_for):
    theme_for(kassel, primary_colour="#1d4f2a")
    kassel_css = client_for(kassel).get(stylesheet_url(client_for(kassel).get("/").content.decode())).content
    marburg_css = client_for(marburg).get(stylesheet_url(client_for(marburg).get("/").content.decode())).content
    assert b"#1d4f2a" in kassel_css and b"#1d4f2a" not in marburg_css


def test_the_font_files_are_shipped(client):
    from django.contrib.staticfiles import finders

    for folder in ("source-sans-3", "atkinson-hyperlegible", "fira-sans"):
        assert finders.find(f"themes/fonts/{folder}/{folder}-latin-400-normal.woff2")
        assert "Open Font License" in open(finders.find(f"themes/fonts/{folder}/LICENSE.txt")).read()


def test_header_and_footer_links_and_contact(kassel, client_for, theme_for):
    with schema_context(kassel.schema_name):
        from cms.models import NewsIndexPage

        news = NewsIndexPage.objects.get()
    theme_for(
        kassel,
        header_links=[("link", {"label": "Stadtplan", "page": None, "url": "https://stadtplan.example.org/"})],
        footer_links=[("link", {"label": "Alle Nachrichten", "page": news, "url": ""})],
        contact_line="Obere Königsstraße 8, 34117 Kassel",
    )
    html = client_for(kassel).get("/").content.decode()
    header = html.split("</header>")[0]
    footer = html.split("<footer")[1]
    assert '<a href="https://stadtplan.example.org/">Stadtplan</a>' in header
    assert '<a href="/aktuelles/">Alle Nachrichten</a>' in footer
    assert "Obere Königsstraße 8" in footer
    for legal in ("Impressum", "Datenschutzerklärung", "Erklärung zur Barrierefreiheit"):
        assert legal in footer


def test_phone_menu_falls_back_to_the_footer_navigation(kassel, client_for):
    html = client_for(kassel).get("/").content.decode()
    assert '<a class="menu-link" href="#footer-nav">Menü</a>' in html
    assert 'aria-expanded="false" aria-controls="site-nav"' in html
    footer_nav = html.split('id="footer-nav"')[1].split("</nav>")[0]
    for link in ('href="/aktuelles/"', 'href="/umfragen/"', 'href="/suche/"', 'href="/konto/login/"'):
        assert link in footer_nav


def test_home_page_lists_what_is_open_now(kassel, client_for, open_items):
    ends = timezone.now() + datetime.timedelta(days=12)
    open_items.append(
        OpenItem(
            kind="Umfrage",
            title="Sicherheit im Quartier",
            url="/umfragen/sicherheit/",
            summary="Wie sicher fühlen Sie sich?",
            ends_at=ends,
            duration_minutes=10,
        )
    )
    open_items.append(OpenItem(kind="Veranstaltung", title="Stadtteilspaziergang", url="/termine/spaziergang/"))
    html = client_for(kassel).get("/").content.decode()
    section = html.split('aria-labelledby="open-now-heading"')[1].split("</section>")[0]
    assert "Jetzt mitmachen" in section
    assert '<a href="/umfragen/sicherheit/">Sicherheit im Quartier</a>' in section
    assert f'Offen bis <time datetime="{timezone.localtime(ends).isoformat()}"' in section
    assert "Etwa 10 Minuten" in section
    # Soonest to close first; open-ended last.
    assert section.index("Sicherheit im Quartier") < section.index("Stadtteilspaziergang")
    assert "Kein Enddatum" in section


def test_beteiligung_page_shows_the_same_list_or_an_empty_state(kassel, client_for, open_items):
    client = client_for(kassel)
    html = client.get("/beteiligung/").content.decode()
    assert "Zurzeit ist nichts zur Beteiligung geöffnet" in html
    open_items.append(OpenItem(kind="Beteiligungsverfahren", title="Radverkehrsplan 2030", url="/radverkehr/"))
    html = client.get("/beteiligung/").content.decode()
    assert '<a href="/radverkehr/">Radverkehrsplan 2030</a>' in html
    assert "Zurzeit ist nichts" not in html
    # Other content pages do not carry the list.
    assert "Radverkehrsplan 2030" not in client.get("/impressum/").content.decode()


def test_a_failing_app_does_not_take_the_home_page_down(kassel, client_for, open_items):
    from platform_core.registry import FeatureApp, registry

    def broken():
        raise RuntimeError("database gone")

    registry.register(FeatureApp(label="test_broken_open_now", open_now=broken))
    try:
        open_items.append(OpenItem(kind="Umfrage", title="Noch da", url="/x/"))
        response = client_for(kassel).get("/")
    finally:
        registry.unregister("test_broken_open_now")
    assert response.status_code == 200 and "Noch da" in response.content.decode()


def test_theme_editor_refuses_low_contrast_with_ratio_and_suggestion(kassel, client_for):
    """The Wagtail settings form (staff second factor is off in the test settings)."""
    client = client_for(kassel)
    with schema_context(kassel.schema_name):
        from wagtail.models import Site

        admin = get_user_model().objects.get(email="admin@kassel.example")
        site_id = Site.objects.get(is_default_site=True).pk
        client.force_login(admin)
    url = f"/cms/settings/themes/themesettings/{site_id}/"
    form = client.get(url)
    assert form.status_code == 200
    response = client.post(
        url,
        {
            "primary_colour": "#7fa7c9",
            "accent_colour": "#a3123a",
            "font": "fira-sans",
            "header_links-count": "0",
            "footer_links-count": "0",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "2,31:1" in html and "#42729b" in html
    with schema_context(kassel.schema_name):
        from themes.models import ThemeSettings

        assert not ThemeSettings.objects.filter(primary_colour="#7fa7c9").exists()


def test_error_summary_links_each_error_to_its_field(rf):
    from django import forms
    from django.template.loader import render_to_string

    class StatementForm(forms.Form):
        name = forms.CharField(label="Name")
        email = forms.EmailField(label="E-Mail-Adresse")

    form = StatementForm({"name": "", "email": "kein-at"})
    html = render_to_string("themes/includes/error_summary.html", {"form": form})
    assert 'class="error-summary" role="alert"' in html and "Bitte prüfen Sie Ihre Angaben" in html
    assert f'<a href="#id_name">Name: {form.errors["name"][0]}</a>' in html
    assert '<a href="#id_email">E-Mail-Adresse: Bitte gültige E-Mail-Adresse eingeben.</a>' in html
    assert render_to_string("themes/includes/error_summary.html", {"form": StatementForm()}).strip() == ""


def test_a_logo_whose_file_is_gone_does_not_break_the_site(kassel, client_for, theme_for):
    with schema_context(kassel.schema_name):
        from wagtail.images import get_image_model

        lost = get_image_model().objects.create(
            title="Verlorenes Wappen", file="original_images/gibt-es-nicht.png", width=10, height=10
        )
    theme_for(kassel, logo=lost, logo_alt="Wappen")
    response = client_for(kassel).get("/")
    assert response.status_code == 200
    assert 'class="brand-logo"' not in response.content.decode()
