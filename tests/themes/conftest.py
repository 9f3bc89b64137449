import pytest
from django.core.cache import cache
from django_tenants.utils import schema_context

from platform_core.registry import FeatureApp, OpenItem, registry


@pytest.fixture
def open_items():
    """A stand-in feature app whose open_now() returns this list (fill it in the test)."""
    items: list[OpenItem] = []
    registry.register(FeatureApp(label="test_open_now", open_now=lambda: list(items)))
    yield items
    registry.unregister("test_open_now")


@pytest.fixture
def theme_for():
    """theme_for(municipality, **fields): save the municipality's theme. The site chrome cache is
    cleared afterwards, since the test's transaction is rolled back but the cache is not."""

    def save(municipality, **fields):
        from wagtail.models import Site

        from themes.models import ThemeSettings

        with schema_context(municipality.schema_name):
            theme = ThemeSettings.for_site(Site.objects.get(is_default_site=True))
            for name, value in fields.items():
                setattr(theme, name, value)
            theme.full_clean()
            theme.save()
            return theme

    yield save
    cache.clear()
