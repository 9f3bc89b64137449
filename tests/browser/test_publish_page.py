"""A clerk publishes a page in Kassel's Wagtail admin; it is live in Kassel and absent in Marburg."""

import uuid

import pytest
from django_tenants.utils import schema_context

from tests.browser.conftest import axe_violations, cms_login, screenshot

pytestmark = pytest.mark.browser


def test_clerk_publishes_page_visible_only_in_own_municipality(page, live_url, kassel_admin_totp):
    page.goto(live_url("kassel"))
    assert page.locator("h1").inner_text() == "Kassel"
    assert page.locator("html").get_attribute("lang") == "de"
    assert axe_violations(page) == []
    screenshot(page, "municipality-home")

    cms_login(page, live_url, "kassel", "admin@kassel.example", "Demo-Passwort-2026", kassel_admin_totp)

    from cms.models import HomePage
    from tenants.models import Municipality

    with schema_context(Municipality.objects.get(slug="kassel").schema_name):
        home_id = HomePage.objects.get().pk
    title = f"Bürgerversammlung {uuid.uuid4().hex[:6]}"
    page.goto(live_url("kassel", f"/cms/pages/add/cms/contentpage/{home_id}/"))
    page.fill("#id_title", title)
    page.locator("#id_title").press("Tab")
    page.locator("[data-w-dropdown-target='toggle']").last.click()
    page.click("button[name=action-publish]")
    page.wait_for_url(f"**/cms/pages/{home_id}/")
    from cms.models import ContentPage

    with schema_context(Municipality.objects.get(slug="kassel").schema_name):
        published = ContentPage.objects.get(title=title)
        assert published.live
        slug = published.slug

    response = page.goto(live_url("kassel", f"/{slug}/"))
    assert response.status == 200, slug
    assert page.locator("h1").inner_text() == title
    assert axe_violations(page) == []

    response = page.goto(live_url("marburg", f"/{slug}/"))
    assert response.status == 404
    assert title not in page.content()


def test_public_pages_pass_axe(page, live_url):
    for slug, path in [
        (None, "/"),
        ("kassel", "/konto/login/"),
        ("kassel", "/konto/signup/"),
        ("kassel", "/aktuelles/"),
        ("kassel", "/barrierefreiheit/"),
        ("kassel", "/suche/?q=Haushalt"),
        ("nirgendwo", "/"),
    ]:
        page.goto(live_url(slug, path))
        assert axe_violations(page) == [], (slug, path)
    page.goto(live_url(None, "/"))
    screenshot(page, "state-portal")
