"""Reserved subdomains: no municipality goes live at konsole.<base domain> or admin.<base domain>.

Every reserved name, in lower case, upper case and full width, is refused in self-registration
and in provisioning (console approval and ``create_municipality``) with the German message and a
suggestion that is itself free.
"""

import re

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import translation
from django_tenants.utils import schema_exists

from tenants.forms import RegistrationForm, form_timestamp
from tenants.models import Domain, Municipality, MunicipalityRegistration
from tenants.reserved import RESERVED_NAMES, is_reserved
from tenants.services import SLUG_RE, ProvisioningError, municipality_provision

HANAU = "06435014"
PORTAL = "beteiligung.localhost"
SUGGESTION = re.compile(r"ist reserviert\. Vorschlag: ([a-z0-9-]+)")


def full_width(name: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in name)


def variants(name: str) -> list[str]:
    return [name, name.upper(), full_width(name), full_width(name.upper())]


def assert_free_suggestion(message: str) -> None:
    match = SUGGESTION.search(message)
    assert match, message
    suggestion = match.group(1)
    assert SLUG_RE.match(suggestion) and not is_reserved(suggestion)
    assert not Municipality.objects.filter(slug=suggestion).exists()


def test_platform_paths_and_misleading_names_are_in_the_list():
    for name in [
        "admin",
        "api",
        "www",
        "mail",
        "smtp",
        "static",
        "media",
        "konsole",
        "registrierung",
        "land",
        "hessen",
        "polizei",
        "cms",
        "konto",
        "umfragen",
        "dokumente",
        "suche",
        "rechtliches",
        "status",
    ]:
        assert name in RESERVED_NAMES


@pytest.fixture
def registration_data(settings):
    settings.TENANT_REGISTRATION_MIN_SECONDS = 0
    return {
        "contact_name": "Erika Mustermann",
        "contact_role": "Hauptamt",
        "contact_email": "e.mustermann@hanau.de",
        "contact_phone": "",
        "accept_terms": "on",
        "accept_dpa": "on",
        "website": "",
        "started": form_timestamp(),
    }


def test_every_reserved_name_is_refused_in_self_registration(db, registration_data):
    with translation.override("de"):
        for name in sorted(RESERVED_NAMES):
            for typed in variants(name):
                form = RegistrationForm({**registration_data, "slug": typed})
                assert not form.is_valid(), typed
                assert_free_suggestion(" ".join(form.errors["slug"]))


def test_every_reserved_name_is_refused_in_provisioning(db):
    with translation.override("de"):
        for name in sorted(RESERVED_NAMES):
            for typed in variants(name):
                with pytest.raises(ProvisioningError) as refused:
                    municipality_provision(ags=HANAU, slug=typed, admin_email="a@hanau.example", send_invitation=False)
                assert_free_suggestion(str(refused.value))
    assert not Municipality.objects.filter(ags=HANAU).exists() and not schema_exists("gem_06435014")


@pytest.mark.parametrize("slug", ["konsole", "REGISTRIERUNG", full_width("admin")])
def test_registration_form_over_http_refuses_and_stores_nothing(db, registration_data, slug):
    cache.clear()
    response = Client(HTTP_HOST=PORTAL).post(f"/registrierung/{HANAU}/", {**registration_data, "slug": slug})
    assert response.status_code == 400
    html = response.content.decode()
    assert "ist reserviert" in html and "Vorschlag:" in html
    assert not MunicipalityRegistration.objects.filter(entry_id=HANAU).exists()


@pytest.mark.parametrize("slug", ["konsole", "Polizei", full_width("www")])
def test_create_municipality_command_refuses(db, slug):
    with translation.override("de"), pytest.raises(CommandError, match="ist reserviert"):
        call_command("create_municipality", ags=HANAU, admin_email="a@hanau.example", slug=slug)
    assert not Domain.objects.filter(tenant__ags=HANAU).exists()


def test_ordinary_names_are_not_reserved():
    for name in ["kassel", "marburg", "bad-hersfeld", "hanau", "konsole-kassel", "landau"]:
        assert not is_reserved(name)
