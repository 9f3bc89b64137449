"""Nothing of one municipality reaches another: each test tries one channel across two towns."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client, override_settings
from django_tenants.utils import schema_context

from cms.models import ContentPage, HomePage
from tenants.services import municipality_resume, municipality_suspend
from tests.conftest import host_of

PASSWORD = "Sicheres-Passwort-42"


def make_citizen(municipality, email, verified=True):
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    with schema_context(municipality.schema_name):
        user = get_user_model().objects.create_user(username=email, email=email, password=PASSWORD)
        EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
        return user


def test_cache_keys_carry_the_schema(kassel, marburg):
    with schema_context(kassel.schema_name):
        cache.set("greeting", "Hallo aus Kassel")
    with schema_context(marburg.schema_name):
        assert cache.get("greeting") is None
        cache.set("greeting", "Hallo aus Marburg")
    with schema_context(kassel.schema_name):
        assert cache.get("greeting") == "Hallo aus Kassel"


def test_each_host_serves_its_own_wagtail_site(kassel, marburg, client_for):
    # Wagtail caches site root paths; both sites are requested in turn in one process.
    for _ in range(2):
        assert "<h1>Kassel</h1>" in client_for(kassel).get("/").content.decode()
        marburg_html = client_for(marburg).get("/").content.decode()
        assert "<h1>Marburg</h1>" in marburg_html and "Kassel" not in marburg_html


def test_session_cookie_of_one_municipality_is_worthless_in_another(kassel, marburg):
    make_citizen(kassel, "anna@example.org")
    make_citizen(marburg, "anna@example.org")  # same person, separate account
    kassel_client = Client(HTTP_HOST=host_of(kassel))
    response = kassel_client.post("/konto/login/", {"login": "anna@example.org", "password": PASSWORD})
    assert response.status_code == 302
    cookie = response.cookies["beteiligung_session"]
    assert cookie["domain"] == ""  # host-only: the browser never sends it to another subdomain
    assert kassel_client.get("/konto/profil/").status_code == 200

    marburg_client = Client(HTTP_HOST=host_of(marburg))
    marburg_client.cookies["beteiligung_session"] = cookie.value
    response = marburg_client.get("/konto/profil/")
    assert response.status_code == 302 and "/konto/login/" in response["Location"]


def _link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def test_email_confirmation_link_only_works_where_it_was_issued(kassel, marburg):
    kassel_client = Client(HTTP_HOST=host_of(kassel))
    response = kassel_client.post(
        "/konto/signup/", {"email": "ben@example.org", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    link = _link_in(mail.outbox[-1])
    assert urlsplit(link).hostname == host_of(kassel)
    assert "Kassel" in mail.outbox[-1].subject and "Kassel" in mail.outbox[-1].body
    path = urlsplit(link).path
    make_citizen(marburg, "ben@example.org", verified=False)

    marburg_client = Client(HTTP_HOST=host_of(marburg))
    assert marburg_client.post(path).status_code in (302, 404)
    with schema_context(marburg.schema_name):
        from allauth.account.models import EmailAddress

        assert not EmailAddress.objects.get(email="ben@example.org").verified
    assert kassel_client.post(path).status_code == 302
    with schema_context(kassel.schema_name):
        assert EmailAddress.objects.get(email="ben@example.org").verified


def test_password_reset_link_only_works_where_it_was_issued(kassel, marburg):
    kassel_user = make_citizen(kassel, "clara@example.org")
    marburg_user = make_citizen(marburg, "clara@example.org")
    Client(HTTP_HOST=host_of(kassel)).post("/konto/password/reset/", {"email": "clara@example.org"})
    link = _link_in(mail.outbox[-1])
    path = urlsplit(link).path

    marburg_client = Client(HTTP_HOST=host_of(marburg))
    response = marburg_client.get(path, follow=True)
    assert (
        "token_fail" in response.context
        or b"ung\xc3\xbcltig" in response.content
        or b"invalid" in response.content.lower()
    )
    with schema_context(marburg.schema_name):
        marburg_user.refresh_from_db()
    new = "Ganz-neues-Passwort-7"
    set_path = response.redirect_chain[-1][0] if response.redirect_chain else path
    marburg_client.post(set_path, {"password1": new, "password2": new})
    with schema_context(marburg.schema_name):
        marburg_user.refresh_from_db()
        assert marburg_user.check_password(PASSWORD)

    kassel_client = Client(HTTP_HOST=host_of(kassel))
    response = kassel_client.get(path, follow=True)
    set_path = response.redirect_chain[-1][0]
    assert kassel_client.post(set_path, {"password1": new, "password2": new}).status_code == 302
    with schema_context(kassel.schema_name):
        kassel_user.refresh_from_db()
        assert kassel_user.check_password(new)


def test_wagtail_admin_of_one_municipality_has_no_power_in_another(kassel, marburg):
    kassel_admin = Client(HTTP_HOST=host_of(kassel))
    response = kassel_admin.post("/konto/login/", {"login": "admin@kassel.example", "password": "Demo-Passwort-2026"})
    assert response.status_code == 302
    assert kassel_admin.get("/cms/").status_code == 200
    # The same credentials do not exist in Marburg, and Kassel's session is unknown there.
    marburg_client = Client(HTTP_HOST=host_of(marburg))
    response = marburg_client.post("/konto/login/", {"login": "admin@kassel.example", "password": "Demo-Passwort-2026"})
    assert response.status_code == 200  # the form again, with an error
    assert marburg_client.get("/cms/").status_code == 302
    marburg_client.cookies["beteiligung_session"] = kassel_admin.cookies["beteiligung_session"].value
    response = marburg_client.get("/cms/pages/")
    assert response.status_code == 302 and "/cms/login/" in response["Location"]


def test_search_only_finds_the_municipalitys_own_pages(kassel, marburg, client_for):
    with schema_context(kassel.schema_name):
        HomePage.objects.get().add_child(instance=ContentPage(title="Zwiebelmarkt Sonderseite", slug="zwiebelmarkt"))
    assert "Zwiebelmarkt Sonderseite" in client_for(kassel).get("/suche/", {"q": "Zwiebelmarkt"}).content.decode()
    html = client_for(marburg).get("/suche/", {"q": "Zwiebelmarkt"}).content.decode()
    assert "Zwiebelmarkt Sonderseite" not in html
    assert client_for(marburg).get("/zwiebelmarkt/").status_code == 404


def test_media_files_are_stored_and_served_per_municipality(kassel, marburg, client_for):
    with schema_context(kassel.schema_name):
        name = default_storage.save("documents/plan.txt", ContentFile(b"Bebauungsplan Kassel"))
        url = default_storage.url(name)
        assert kassel.schema_name in default_storage.path(name)
    try:
        assert kassel.schema_name not in url  # URLs do not reveal or select the schema
        response = client_for(kassel).get(url)
        assert response.status_code == 200 and b"".join(response.streaming_content) == b"Bebauungsplan Kassel"
        assert client_for(marburg).get(url).status_code == 404
        assert client_for(marburg).get(f"/media/../{kassel.schema_name}/{name}").status_code == 404
    finally:
        with schema_context(kassel.schema_name):
            default_storage.delete(name)


@override_settings(
    TASKS={
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
        "db": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
)
def test_background_task_runs_in_the_schema_that_queued_it(committed_db):
    from tenants.models import Municipality
    from tests.tenants.tasks_for_tests import remember_schema

    kassel, marburg = Municipality.objects.get(slug="kassel"), Municipality.objects.get(slug="marburg")

    with schema_context(kassel.schema_name):
        remember_schema.enqueue(kassel.schema_name, "from-kassel")
    # The worker runs in the public schema and serves every municipality.
    call_command("db_worker", "--backend", "db", "--batch", "--queue-name", "*", "--no-startup-delay", verbosity=0)
    with schema_context(kassel.schema_name):
        assert cache.get("isolation-task-marker") == f"from-kassel@{kassel.schema_name}"
    with schema_context(marburg.schema_name):
        assert cache.get("isolation-task-marker") is None
    with schema_context("public"):
        assert cache.get("isolation-task-marker") is None


@pytest.mark.parametrize(
    "host", ["unknown.beteiligung.localhost", "beteiligung.example.com", "kassel..beteiligung.localhost", "a b"]
)
def test_unknown_or_malformed_host_gets_404_not_another_site(db, host):
    response = Client(HTTP_HOST=host).get("/")
    assert response.status_code == 404
    assert b"Kassel" not in response.content and b"Marburg" not in response.content


def test_suspended_municipality_shows_notice_and_keeps_data(kassel, marburg, client_for):
    municipality_suspend(municipality=kassel, reason="Wartung", actor="test")
    response = client_for(kassel).get("/")
    assert response.status_code == 503
    assert "vorübergehend" in response.content.decode() or "temporarily" in response.content.decode()
    assert client_for(kassel).get("/cms/").status_code == 503
    assert client_for(marburg).get("/").status_code == 200
    municipality_resume(municipality=kassel, actor="test")
    assert "<h1>Kassel</h1>" in client_for(kassel).get("/").content.decode()
