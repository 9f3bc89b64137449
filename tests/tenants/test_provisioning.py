from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.db import connection
from django_tenants.utils import schema_context, schema_exists
from wagtail.models import Site

from cms.models import HomePage, LegalPage
from platform_core.models import AuditEntry
from tenants.models import Domain, Municipality
from tenants.services import ProvisioningError, municipality_provision


def test_provisioned_municipality_has_site_pages_and_admin(kassel):
    with schema_context(kassel.schema_name):
        site = Site.objects.get(is_default_site=True)
        assert site.hostname == "kassel.beteiligung.localhost"
        assert isinstance(site.root_page.specific, HomePage)
        assert set(LegalPage.objects.values_list("kind", flat=True)) == {"imprint", "privacy", "accessibility"}
        from django.contrib.auth import get_user_model

        admin = get_user_model().objects.get(email="admin@kassel.example")
        assert admin.is_superuser
    assert AuditEntry.objects.filter(action="municipality.provisioned", municipality_slug=kassel.slug).exists()


def test_provision_sends_invitation_that_sets_password_and_opens_cms(db):
    result = municipality_provision(ags="06631009", slug="fulda", admin_email="Clerk@Fulda.example")
    assert result.municipality.schema_name == "gem_06631009"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["clerk@fulda.example"]
    assert result.invitation_url in message.body
    from django.test import Client

    client = Client(HTTP_HOST="fulda.beteiligung.localhost")
    path = urlsplit(result.invitation_url).path
    response = client.get(path, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else path
    response = client.post(
        form_url, {"password1": "Ein-gutes-Passwort-1", "password2": "Ein-gutes-Passwort-1"}, follow=True
    )
    assert response.status_code == 200
    response = client.post("/konto/login/", {"login": "clerk@fulda.example", "password": "Ein-gutes-Passwort-1"})
    assert response.status_code == 302
    assert client.get("/cms/").status_code == 200


def test_duplicate_ags_is_refused_and_leaves_nothing(kassel):
    before = Municipality.objects.count(), Domain.objects.count()
    with pytest.raises(ProvisioningError, match="already takes part|nimmt bereits"):
        municipality_provision(ags=kassel.ags, slug="kassel-zwei", admin_email="x@kassel.example")
    assert (Municipality.objects.count(), Domain.objects.count()) == before


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("admin", "reserv"),
        ("Kas sel", "lower-case|Kleinbuchstaben"),
        ("kassel", "taken|vergeben"),
        ("-x", "lower-case|Kleinbuchstaben"),
    ],
)
def test_bad_subdomain_is_refused_with_reason(kassel, slug, message):
    with pytest.raises(ProvisioningError, match=message):
        municipality_provision(ags="06435014", slug=slug, admin_email="a@hanau.example")
    assert not Municipality.objects.filter(ags="06435014").exists()
    assert not schema_exists("gem_06435014")


def test_unknown_ags_and_unincorporated_area_are_refused(db):
    with pytest.raises(ProvisioningError, match="06999999"):
        municipality_provision(ags="06999999", admin_email="a@b.example")
    with pytest.raises(ProvisioningError, match="unincorporated|gemeindefrei"):
        municipality_provision(ags="06435200", admin_email="a@b.example")


def test_failure_midway_rolls_back_schema_domain_and_account(db, monkeypatch):
    import cms.setup

    def broken(**kwargs):
        raise RuntimeError("page tree exploded")

    monkeypatch.setattr(cms.setup, "build_default_site", broken)
    with pytest.raises(ProvisioningError, match="page tree exploded"):
        municipality_provision(ags="06435014", slug="hanau", admin_email="a@hanau.example")
    assert connection.schema_name == "public"
    assert not Municipality.objects.filter(ags="06435014").exists()
    assert not Domain.objects.filter(domain__startswith="hanau.").exists()
    assert not schema_exists("gem_06435014")
    assert mail.outbox == []
    monkeypatch.undo()
    result = municipality_provision(ags="06435014", slug="hanau", admin_email="a@hanau.example")
    assert result.municipality.pk


def test_create_municipality_command_reports_errors(db):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="06999999"):
        call_command("create_municipality", ags="06999999", admin_email="a@b.example")
