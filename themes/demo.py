"""Demo themes: Kassel and Marburg look visibly different (colours, font, emblem, hero image).

The emblems are fictional shields drawn for this project (``themes/demo_assets/*.svg``, rendered
to PNG because uploaded SVGs are served as downloads), not the cities' official coats of arms.
Run inside the municipality's schema; idempotent.
"""

from __future__ import annotations

from pathlib import Path

from django.core.files.images import ImageFile
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from .models import ThemeSettings

ASSETS = Path(__file__).resolve().parent / "demo_assets"

DEMO_THEMES = {
    "kassel": {
        "primary_colour": "#0f4c81",
        "accent_colour": "#c4122f",
        "font": "fira-sans",
        "logo_alt": "Wappen (Demo)",
        "hero_alt": "",
        "contact_line": "Demo-Rathaus, Obere Königsstraße 8, 34117 Kassel · Telefon 0561 000000",
    },
    "marburg": {
        "primary_colour": "#9b1b30",
        "accent_colour": "#2f6b2f",
        "font": "atkinson-hyperlegible",
        "logo_alt": "Wappen (Demo)",
        "hero_alt": "",
        "contact_line": "Demo-Rathaus, Markt 1, 35037 Marburg · Telefon 06421 000000",
    },
}


def _image(title: str, filename: str):
    Image = get_image_model()
    image = Image.objects.filter(title=title).first()
    if image is None:
        with open(ASSETS / filename, "rb") as handle:
            image = Image(title=title, file=ImageFile(handle, name=filename))
            image.save()
    return image


def demo_theme(municipality) -> ThemeSettings | None:
    """Apply the demo theme of ``municipality`` (by slug) if there is one."""
    values = DEMO_THEMES.get(municipality.slug)
    site = Site.objects.filter(is_default_site=True).first()
    if values is None or site is None:
        return None
    theme = ThemeSettings.for_site(site)
    for name, value in values.items():
        setattr(theme, name, value)
    theme.logo = _image(f"Demo-Wappen {municipality.name}", f"{municipality.slug}-emblem.png")
    theme.hero_image = _image(f"Demo-Titelbild {municipality.name}", f"{municipality.slug}-hero.png")
    accessibility = Page.objects.filter(slug="barrierefreiheit").first()
    theme.footer_links = [
        ("link", {"label": "Rathaus online", "page": None, "url": f"https://www.{municipality.slug}.de/"}),
        *([("link", {"label": "Barriere melden", "page": accessibility, "url": ""})] if accessibility else []),
    ]
    theme.full_clean()
    theme.save()
    return theme
