"""The municipality's site: pages, menu, footer and account pages, in German first."""

from django_tenants.utils import schema_context

from cms.models import ContentPage, HomePage


def test_home_page_shows_news_legal_links_in_german(kassel, client_for):
    html = client_for(kassel).get("/").content.decode()
    assert '<html lang="de">' in html
    for text in ("Aktuelles", "Impressum", "Datenschutzerklärung", "Erklärung zur Barrierefreiheit", "Anmelden"):
        assert text in html


def test_english_is_available(kassel, client_for):
    client = client_for(kassel)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html and "Imprint" in html and "Log in" in html


def test_published_menu_page_appears_in_menu_at_once(kassel, client_for):
    client = client_for(kassel)
    assert "Bürgerbeteiligung Radverkehr" not in client.get("/").content.decode()
    with schema_context(kassel.schema_name):
        page = ContentPage(title="Bürgerbeteiligung Radverkehr", slug="radverkehr", show_in_menus=True, live=False)
        HomePage.objects.get().add_child(instance=page)
        page.save_revision().publish()
    assert "Bürgerbeteiligung Radverkehr" in client.get("/").content.decode()


def test_citizen_can_delete_own_account(kassel, client_for):
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    with schema_context(kassel.schema_name):
        user = get_user_model().objects.create_user(
            username="d@example.org", email="d@example.org", password="Passwort-123-x"
        )
        EmailAddress.objects.create(user=user, email="d@example.org", verified=True, primary=True)
    client = client_for(kassel)
    assert client.post("/konto/login/", {"login": "d@example.org", "password": "Passwort-123-x"}).status_code == 302
    response = client.post("/konto/loeschen/", {"password": "falsch", "confirm": "on"})
    assert response.status_code == 200 and "Passwort" in response.content.decode()
    export = client.get("/konto/daten/json/")
    assert export.status_code == 200 and b"d@example.org" in export.content
    response = client.post("/konto/loeschen/", {"password": "Passwort-123-x", "confirm": "on"})
    assert response.status_code == 302
    with schema_context(kassel.schema_name):
        assert not get_user_model().objects.filter(email="d@example.org").exists()
