"""The two demo municipalities look different: colours, font, emblem, hero image."""

import re

from django.core.cache import cache
from django_tenants.utils import schema_context

from themes.demo import demo_theme


def test_demo_themes_differ_and_show_emblem_and_hero(kassel, marburg, client_for):
    try:
        for municipality in (kassel, marburg):
            with schema_context(municipality.schema_name):
                demo_theme(municipality)
                demo_theme(municipality)  # idempotent: the images are not uploaded twice
                from wagtail.images import get_image_model

                assert get_image_model().objects.filter(title__startswith="Demo-").count() == 2
        pages = {m.slug: client_for(m).get("/").content.decode() for m in (kassel, marburg)}
        for slug, html in pages.items():
            assert re.search(r'<img class="brand-logo" src="/media/[^"]+" alt="Wappen \(Demo\)"', html), slug
            assert re.search(r'<img class="hero-image" src="/media/[^"]+" alt=""', html), slug
            assert "Rathaus online" in html
        css = {
            slug: client_for(m).get(re.search(r'href="(/theme\.css\?v=\w+)"', pages[slug]).group(1)).content.decode()
            for slug, m in (("kassel", kassel), ("marburg", marburg))
        }
        assert "--primary: #0f4c81" in css["kassel"] and '"Fira Sans"' in css["kassel"]
        assert "--primary: #9b1b30" in css["marburg"] and '"Atkinson Hyperlegible"' in css["marburg"]
    finally:
        cache.clear()
